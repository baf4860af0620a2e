//! Planning: which candidate cues a customer gets. Applies consent, caps
//! the rung at the configured familiarity and orders the cues (assist,
//! service, recovery, then the rest by rung and relevance). The tail is cut
//! at `max_cues` once cues are phrased (see `brief`); assist and tone cues
//! are never cut.

use crate::classify::{Candidate, Classified, Reason, Withheld};
use crate::input::profile::Consent;
use crate::vocab::{Familiarity, Rule};

/// The cues to phrase, in order, and everything held back.
pub(crate) struct Plan {
    pub cues: Vec<Candidate>,
    pub withheld: Vec<Withheld>,
}

/// What the config lets through: the familiarity and the rules switched off.
#[derive(Clone, Copy)]
pub(crate) struct Policy<'a> {
    pub familiarity: Familiarity,
    pub disabled: &'a [Rule],
}

pub(crate) fn plan(classified: Classified, consent: &Consent, policy: Policy<'_>) -> Plan {
    let Classified {
        candidates,
        mut withheld,
        ..
    } = classified;
    let mut cues = Vec::new();
    for candidate in candidates {
        let verdict = if policy.disabled.contains(&candidate.rule) {
            Err(Reason::RuleOff)
        } else {
            admit(&candidate, consent, policy.familiarity)
        };
        match verdict {
            Ok(()) => cues.push(candidate),
            Err(reason) => withheld.extend(candidate.sources.into_iter().map(|path| Withheld {
                path,
                reason: reason.clone(),
            })),
        }
    }
    hold_celebrations_under_tone(&mut cues, &mut withheld);
    one_loyalty_line(&mut cues, &mut withheld);
    cues.sort_by_key(order_key);
    Plan { cues, withheld }
}

/// Someone who needs a gentle tone today (grief, a life event) is not
/// congratulated: "an anniversary on Tuesday" could be the cruellest cue.
fn hold_celebrations_under_tone(cues: &mut Vec<Candidate>, withheld: &mut Vec<Withheld>) {
    if !cues.iter().any(|c| c.rule == Rule::Tone) {
        return;
    }
    let (held, kept): (Vec<_>, Vec<_>) = std::mem::take(cues)
        .into_iter()
        .partition(|c| c.rule.aim() == crate::vocab::Aim::Celebrate);
    *cues = kept;
    for c in held {
        withheld.extend(c.sources.into_iter().map(|path| Withheld {
            path,
            reason: Reason::UnderTone,
        }));
    }
}

/// At most one of welcome back, long standing and new tier: two thank-yous
/// in three cues sound scripted, and crowd out what they told us. The most
/// relevant one stays.
fn one_loyalty_line(cues: &mut Vec<Candidate>, withheld: &mut Vec<Withheld>) {
    let Some(keep) = cues
        .iter()
        .enumerate()
        .filter(|(_, c)| c.rule.is_loyalty())
        .max_by_key(|(i, c)| (c.relevance, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
    else {
        return;
    };
    let mut i = 0;
    cues.retain(|c| {
        let held = c.rule.is_loyalty() && i != keep;
        i += 1;
        if held {
            withheld.extend(c.sources.iter().map(|path| Withheld {
                path: path.clone(),
                reason: Reason::OneLoyaltyLine,
            }));
        }
        !held
    });
}

/// Whether consent and familiarity let a candidate through.
fn admit(candidate: &Candidate, consent: &Consent, familiarity: Familiarity) -> Result<(), Reason> {
    let protective = candidate.rule == Rule::Assist;
    if !consent.personalise && !protective && candidate.rung != Some(0) {
        return Err(Reason::Consent);
    }
    match candidate.rung {
        Some(rung) if rung > familiarity.max_rung() => Err(Reason::AboveFamiliarity { rung }),
        _ => Ok(()),
    }
}

/// Assist, service, recovery first; then by rung (tone with the first),
/// then by relevance.
fn order_key(c: &Candidate) -> (u8, u8, std::cmp::Reverse<u8>) {
    let group = match c.rule {
        Rule::Assist => 0,
        Rule::Service => 1,
        Rule::Recovery => 2,
        _ => 3,
    };
    (group, c.rung.unwrap_or(0), std::cmp::Reverse(c.relevance))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::FieldPath;
    use crate::phrase::Slots;

    fn cand(rule: Rule, rung: Option<u8>) -> Candidate {
        Candidate {
            rule,
            topic: "",
            rung,
            relevance: rule.relevance(),
            observed: false,
            slots: Slots::default(),
            sources: vec![FieldPath::Field("test")],
        }
    }

    fn policy(familiarity: Familiarity) -> Policy<'static> {
        Policy {
            familiarity,
            disabled: &[],
        }
    }

    #[test]
    fn disabled_rules_are_withheld() {
        let classified = Classified {
            candidates: vec![
                cand(Rule::Conversation, Some(2)),
                cand(Rule::Service, Some(0)),
            ],
            withheld: vec![],
            child: false,
        };
        let p = Policy {
            familiarity: Familiarity::Warm,
            disabled: &[Rule::Conversation],
        };
        let plan = plan(classified, &consent(true), p);
        assert_eq!(plan.cues.len(), 1);
        assert_eq!(plan.withheld[0].reason, Reason::RuleOff);
    }

    fn consent(personalise: bool) -> Consent {
        Consent {
            personalise,
            use_name: true,
        }
    }

    #[test]
    fn orders_assist_service_recovery_then_the_rest() {
        let classified = Classified {
            candidates: vec![
                cand(Rule::WelcomeBack, Some(1)),
                cand(Rule::Recovery, Some(2)),
                cand(Rule::Assist, None),
                cand(Rule::Assist, None),
                cand(Rule::Service, Some(0)),
            ],
            withheld: vec![],
            child: false,
        };
        let plan = plan(classified, &consent(true), policy(Familiarity::Warm));
        let rules: Vec<Rule> = plan.cues.iter().map(|c| c.rule).collect();
        assert_eq!(
            rules,
            [
                Rule::Assist,
                Rule::Assist,
                Rule::Service,
                Rule::Recovery,
                Rule::WelcomeBack
            ]
        );
        assert!(plan.withheld.is_empty());
    }

    #[test]
    fn familiarity_caps_rungs_and_consent_limits_to_rung_zero() {
        let make = || Classified {
            candidates: vec![
                cand(Rule::Preference, Some(3)),
                cand(Rule::Conversation, Some(2)),
                cand(Rule::Service, Some(0)),
                cand(Rule::Tone, None),
            ],
            withheld: vec![],
            child: false,
        };
        let warm = plan(make(), &consent(true), policy(Familiarity::Warm));
        assert_eq!(warm.cues.len(), 3);
        assert!(warm
            .withheld
            .iter()
            .any(|w| w.reason == Reason::AboveFamiliarity { rung: 3 }));
        let reserved = plan(make(), &consent(true), policy(Familiarity::Reserved));
        assert_eq!(reserved.cues.len(), 2);
        let no_consent = plan(make(), &consent(false), policy(Familiarity::Familiar));
        let rules: Vec<Rule> = no_consent.cues.iter().map(|c| c.rule).collect();
        assert_eq!(rules, [Rule::Service]);
    }
    #[test]
    fn one_loyalty_line_the_most_relevant() {
        let classified = Classified {
            candidates: vec![
                cand(Rule::LongStanding, Some(1)),
                cand(Rule::WelcomeBack, Some(1)),
                cand(Rule::NewTier, Some(1)),
                cand(Rule::Preference, Some(2)),
            ],
            withheld: vec![],
            child: false,
        };
        let plan = plan(classified, &consent(true), policy(Familiarity::Warm));
        let rules: Vec<Rule> = plan.cues.iter().map(|c| c.rule).collect();
        assert_eq!(rules, [Rule::NewTier, Rule::Preference]);
        assert_eq!(
            plan.withheld
                .iter()
                .filter(|w| w.reason == Reason::OneLoyaltyLine)
                .count(),
            2
        );
    }
}
