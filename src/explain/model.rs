//! The explanation model: a briefed customer's cues with the profile paths
//! they came from, and each withheld field with its reason, never a value.

use schemars::JsonSchema;
use serde::Serialize;

use crate::briefer::Briefed;
use crate::classify::{Reason, Withheld};
use crate::model::{Cue, ErrorOut, Header, SafeText};
use crate::render::{Collected, Section};
use crate::vocab::Familiarity;

/// One customer, explained.
#[derive(Serialize, JsonSchema, Clone)]
pub(crate) struct Explained {
    #[serde(rename = "ref")]
    pub reference: Option<SafeText>,
    pub address_as: Option<SafeText>,
    pub cues: Vec<ExplainedCue>,
    pub withheld: Vec<WithheldOut>,
}

/// A cue as staff see it, plus the profile fields it came from.
#[derive(Serialize, JsonSchema, Clone)]
pub(crate) struct ExplainedCue {
    #[serde(flatten)]
    pub cue: Cue,
    /// Field paths in the profile, e.g. `loyalty.visits_last_90_days`.
    pub sources: Vec<SafeText>,
}

/// A field that did not reach staff: where it is and why, never its value.
#[derive(Serialize, JsonSchema, Clone)]
pub(crate) struct WithheldOut {
    /// The field's path in the profile, e.g. `sensitive[0].category`.
    pub path: SafeText,
    /// Why, for people: `restricted: bereavement (tone)`, `free text`, ...
    pub reason: String,
    /// Why, for tools: the reason's short label, as counted in the audit log.
    pub kind: &'static str,
}

/// A whole explanation, as `explain --format json` prints it.
#[derive(Serialize, JsonSchema)]
pub(crate) struct Explanation<'a> {
    pub schema_version: u32,
    #[serde(flatten)]
    pub header: &'a Header,
    pub customers: &'a [Explained],
    pub errors: &'a [ErrorOut],
}

/// The reason a field was withheld, as trainers read it.
pub(super) fn describe(reason: &Reason, familiarity: Familiarity) -> String {
    match reason {
        Reason::Restricted(c, t) => format!("restricted: {c} ({})", t.as_str()),
        Reason::UnknownCategory => "restricted: unknown category (withhold)".into(),
        Reason::UnknownCode => "unknown service code (withhold)".into(),
        Reason::Never(why) => format!("never cued: {why}"),
        Reason::FreeText => "free text".into(),
        Reason::Inferred => "inferred".into(),
        Reason::Identifier => "identifier".into(),
        Reason::RestrictedWord => "restricted: names a restricted subject".into(),
        Reason::RestrictedPurchase => "restricted purchase category".into(),
        Reason::AboveFamiliarity { rung } => {
            format!("above familiarity: rung {rung} > {familiarity}")
        }
        Reason::Consent => "consent".into(),
        Reason::NotCued => "not cued: over max_cues".into(),
        Reason::RuleOff => "rule switched off in the config".into(),
        Reason::UnderTone => "held back: a gentle tone applies today".into(),
        Reason::NoPhrasing => "not cued: no phrasing for this rule".into(),
        Reason::Child => "held back: a child's own record carries no loyalty cheer".into(),
        Reason::NotInSetting => "never said in this setting".into(),
        Reason::PurchaseNotListed => {
            "purchase category not on purchases.cue_categories (or none given)".into()
        }
        Reason::NotAMoveUp => {
            "new tier not known to be a move up (previous_tier and loyalty.tiers)".into()
        }
        Reason::OneLoyaltyLine => "held back: one loyalty line is enough".into(),
    }
}

/// Withheld fields in the order they are written in a profile.
fn withheld_out(withheld: Vec<Withheld>, familiarity: Familiarity) -> Vec<WithheldOut> {
    let mut withheld: Vec<(String, Withheld)> = withheld
        .into_iter()
        .map(|w| (w.path.to_string(), w))
        .collect();
    withheld.sort_by_cached_key(|(path, _)| field_order(path));
    withheld
        .into_iter()
        .map(|(path, w)| WithheldOut {
            path: SafeText::new(&path),
            reason: describe(&w.reason, familiarity),
            kind: w.reason.kind(),
        })
        .collect()
}

/// Profile keys in the order the reference writes them, then nested keys.
const KEYS: &[&str] = &[
    "id",
    "ref",
    "name",
    "preferred_name",
    "title",
    "family_name",
    "synthetic",
    "consent",
    "loyalty",
    "preferences",
    "occasions",
    "history",
    "purchases",
    "today",
    "sensitive",
    "inferred",
    "notes",
    "tier",
    "tier_since",
    "previous_tier",
    "member_since",
    "lifetime_visits",
    "visits_last_90_days",
    "topic",
    "value",
    "source",
    "last_confirmed",
    "kind",
    "date",
    "summary",
    "item",
    "category",
    "basket",
    "services",
    "note",
];

/// A sort key for a path such as `preferences[2].value`: each segment's
/// key rank and index.
fn field_order(path: &str) -> Vec<(usize, usize)> {
    path.split('.')
        .map(|segment| {
            let (key, index) = segment.split_once('[').unwrap_or((segment, ""));
            let rank = KEYS.iter().position(|k| *k == key).unwrap_or(KEYS.len());
            let index = index.trim_end_matches(']').parse().unwrap_or(0);
            (rank, index)
        })
        .collect()
}

/// Withheld fields for reading: neighbours with the same reason share a
/// line, as in `preferences[0].{topic, value}`.
pub(crate) fn grouped(withheld: &[WithheldOut]) -> Vec<(String, &str)> {
    let mut lines: Vec<(String, Vec<&str>, &str)> = Vec::new();
    for w in withheld {
        let path = w.path.as_str();
        let (base, leaf) = path.rsplit_once('.').unwrap_or((path, ""));
        match lines.last_mut() {
            Some((b, leaves, reason))
                if !leaf.is_empty()
                    && !leaf.contains('[')
                    && *b == base
                    && *reason == w.reason
                    && !leaves.is_empty() =>
            {
                leaves.push(leaf);
            }
            _ => {
                let leaves = if leaf.is_empty() { vec![] } else { vec![leaf] };
                lines.push((base.to_string(), leaves, &w.reason));
            }
        }
    }
    lines
        .into_iter()
        .map(|(base, leaves, reason)| {
            let path = match leaves.as_slice() {
                [] => base,
                [one] => format!("{base}.{one}"),
                many => format!("{base}.{{{}}}", many.join(", ")),
            };
            (path, reason)
        })
        .collect()
}

/// A briefed customer as `explain` shows them.
pub(crate) fn explained(b: Briefed, familiarity: Familiarity) -> Explained {
    let cues = b
        .row
        .cues
        .into_iter()
        .zip(b.sources)
        .map(|(cue, sources)| ExplainedCue {
            cue,
            sources: sources
                .iter()
                .map(|s| SafeText::new(&s.to_string()))
                .collect(),
        });
    Explained {
        reference: b.row.reference,
        address_as: b.row.address_as,
        cues: cues.collect(),
        withheld: withheld_out(b.withheld, familiarity),
    }
}

/// Fields withheld from every customer of a run.
pub(crate) fn withheld(run: &Collected<Explained>) -> usize {
    run.sections
        .iter()
        .flat_map(Section::customers)
        .map(|c| c.withheld.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::FieldPath;
    use crate::restricted::{Category, Treatment};

    #[test]
    fn withheld_fields_follow_the_profile_and_group_for_reading() {
        let w = |path: FieldPath, reason: Reason| Withheld { path, reason };
        let item = |i, field| FieldPath::Item("preferences", i, field);
        let out = withheld_out(
            vec![
                w(FieldPath::Field("notes"), Reason::FreeText),
                w(item(1, "value"), Reason::FreeText),
                w(FieldPath::Field("id"), Reason::Identifier),
                w(item(0, "topic"), Reason::Consent),
                w(item(0, "value"), Reason::Consent),
                w(item(10, "value"), Reason::FreeText),
                w(FieldPath::Inferred("segment".into()), Reason::Inferred),
            ],
            Familiarity::Warm,
        );
        let paths: Vec<&str> = out.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "id",
                "preferences[0].topic",
                "preferences[0].value",
                "preferences[1].value",
                "preferences[10].value",
                "inferred.segment",
                "notes"
            ]
        );
        let lines: Vec<String> = grouped(&out).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            lines,
            [
                "id",
                "preferences[0].{topic, value}",
                "preferences[1].value",
                "preferences[10].value",
                "inferred.segment",
                "notes"
            ]
        );
    }

    #[test]
    fn reasons_read_as_the_issue_names_them() {
        let warm = Familiarity::Warm;
        let cases = [
            (
                Reason::Restricted(Category::Bereavement, Treatment::Tone),
                "restricted: bereavement (tone)",
            ),
            (Reason::FreeText, "free text"),
            (Reason::Inferred, "inferred"),
            (
                Reason::AboveFamiliarity { rung: 3 },
                "above familiarity: rung 3 > warm",
            ),
            (Reason::Consent, "consent"),
            (Reason::RestrictedPurchase, "restricted purchase category"),
        ];
        for (reason, want) in cases {
            assert_eq!(describe(&reason, warm), want);
        }
    }
}
