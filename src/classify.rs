//! Classification: every field of a profile becomes either a candidate cue
//! (with its rule, rung and source field paths) or a withheld entry (with
//! its path and reason). Fail closed: anything not known to be safe —
//! unknown categories and codes, free text, inferred data, identifiers — is
//! withheld.

use chrono::NaiveDate;

use crate::config::{Config, Screen};
use crate::input::profile::{HistoryKind, Loyalty, OccasionKind, Profile, Source, Topic};
use crate::locale::en as locale;
use crate::locale::en::dates;
use crate::phrase::Slots;
use crate::restricted::{names_restricted, Category, Treatment};
use crate::service_codes::{self, Tier};
use crate::vocab::{Rule, Setting};

/// A cue a rule would give, before the familiarity cap, consent and
/// `max_cues` are applied.
pub(crate) struct Candidate {
    pub rule: Rule,
    pub topic: &'static str,
    /// `None` for assist and tone, which are off the ladder.
    pub rung: Option<u8>,
    /// Higher comes first among cues of the same rung.
    pub relevance: u8,
    /// An observed fact (not told to us): never said to the customer, only
    /// a hint phrased as a possibility (tact: openers say only what the
    /// customer told us or can see).
    pub observed: bool,
    pub slots: Slots,
    pub sources: Vec<FieldPath>,
}

/// A field path such as `preferences[2].value`, kept as parts and made into
/// text only when shown: most runs (brief, streams) never need the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldPath {
    /// `id`, `loyalty.tier`.
    Field(&'static str),
    /// `preferences[2]` (empty field) or `preferences[2].value`.
    Item(&'static str, usize, &'static str),
    /// A model-output key: `inferred.segment`.
    Inferred(String),
}

impl FieldPath {
    fn item(list: &'static str, index: usize) -> FieldPath {
        FieldPath::Item(list, index, "")
    }

    /// The same list item's `name` field.
    fn field(&self, name: &'static str) -> FieldPath {
        match self {
            FieldPath::Item(list, i, _) => FieldPath::Item(list, *i, name),
            other => other.clone(),
        }
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldPath::Field(name) => f.write_str(name),
            FieldPath::Item(list, i, "") => write!(f, "{list}[{i}]"),
            FieldPath::Item(list, i, field) => write!(f, "{list}[{i}].{field}"),
            FieldPath::Inferred(key) => write!(f, "inferred.{key}"),
        }
    }
}

/// Why a field did not become a cue (for `explain` and the audit counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reason {
    Restricted(Category, Treatment),
    UnknownCategory,
    UnknownCode,
    Never(&'static str),
    FreeText,
    Inferred,
    Identifier,
    RestrictedWord,
    RestrictedPurchase,
    AboveFamiliarity {
        rung: u8,
    },
    Consent,
    /// The config switched the rule off (`rules.disabled`).
    RuleOff,
    /// A celebration held back because a tone hint applies.
    UnderTone,
    /// Cut at `max_cues`.
    NotCued,
    /// No phrasing in the bank fits (e.g. the config switched a rule off).
    NoPhrasing,
    /// The customer's own record carries a child code: no loyalty cheer.
    Child,
    /// Never said in this setting (frequency at a pharmacy, purchases at a
    /// pharmacy, an airport handover off a flight).
    NotInSetting,
    /// A purchase whose category is not on `purchases.cue_categories`.
    PurchaseNotListed,
    /// A new tier not known to be a move up (`loyalty.tiers`).
    NotAMoveUp,
    /// A second loyalty line: one is enough.
    OneLoyaltyLine,
}

impl Reason {
    /// A short label for counts by reason (no customer link).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Reason::Restricted(..) | Reason::UnknownCategory | Reason::RestrictedWord => {
                "restricted"
            }
            Reason::UnknownCode => "unknown_code",
            Reason::Never(_) => "never",
            Reason::FreeText => "free_text",
            Reason::Inferred => "inferred",
            Reason::Identifier => "identifier",
            Reason::RestrictedPurchase => "restricted_purchase",
            Reason::AboveFamiliarity { .. } => "above_familiarity",
            Reason::Consent => "consent",
            Reason::NotCued => "not_cued",
            Reason::NoPhrasing => "no_phrasing",
            Reason::UnderTone => "under_tone",
            Reason::RuleOff => "rule_off",
            // Counted with no hint of why: "child" or "downgraded" beside a
            // single customer's hash would say too much in the audit log.
            Reason::Child | Reason::NotAMoveUp => "held_back",
            Reason::NotInSetting => "not_in_setting",
            Reason::PurchaseNotListed => "purchase_not_listed",
            Reason::OneLoyaltyLine => "one_loyalty_line",
        }
    }
}

pub(crate) struct Withheld {
    pub path: FieldPath,
    pub reason: Reason,
}

/// The outcome of classifying one profile.
#[derive(Default)]
pub(crate) struct Classified {
    pub candidates: Vec<Candidate>,
    pub withheld: Vec<Withheld>,
    /// Their own record carries a child code (UMNR, CHLD, CHML).
    pub child: bool,
}

impl Classified {
    fn cue(
        &mut self,
        rule: Rule,
        topic: &'static str,
        rung: Option<u8>,
        slots: Slots,
        sources: Vec<FieldPath>,
    ) {
        self.candidates.push(Candidate {
            rule,
            topic,
            rung,
            relevance: rule.relevance(),
            observed: false,
            slots,
            sources,
        });
    }

    /// The last cue added, as observed rather than told.
    fn observed(&mut self) {
        if let Some(c) = self.candidates.last_mut() {
            c.observed = true;
        }
    }

    fn withhold(&mut self, path: FieldPath, reason: Reason) {
        self.withheld.push(Withheld { path, reason });
    }
}

/// Thresholds for the relationship rules.
const REGULAR_VISITS_90_DAYS: u32 = 3;
const LONG_STANDING_YEARS: i32 = 10;
const LONG_STANDING_VISITS: u32 = 200;
const NEW_TIER_DAYS: i64 = 30;
const RECOVERY_DAYS: i64 = 90;

/// Classifies one profile as of `today`, served in `setting`.
pub(crate) fn classify(
    profile: &Profile,
    config: &Config,
    today: NaiveDate,
    setting: Setting,
) -> Classified {
    let mut out = Classified::default();
    out.withhold(FieldPath::Field("id"), Reason::Identifier);
    names(profile, &mut out);
    if profile.notes.is_some() {
        out.withhold(FieldPath::Field("notes"), Reason::FreeText);
    }
    for key in profile.inferred.keys() {
        out.withhold(
            FieldPath::Inferred(crate::error::plain_key(key).to_string()),
            Reason::Inferred,
        );
    }
    services(profile, config, setting, &mut out);
    not_a_parent(&mut out);
    sensitive(profile, config, &mut out);
    loyalty(profile, config, today, setting, &mut out);
    history(profile, today, &mut out);
    preferences(profile, config, today, &mut out);
    one_language_cue(&mut out);
    occasions(profile, today, &mut out);
    purchases(profile, config, today, setting, &mut out);
    out
}

/// Without consent to use their name, no part of it is used (`brief`
/// addresses them by nothing); `explain` shows why.
fn names(profile: &Profile, out: &mut Classified) {
    if profile.consent.use_name {
        return;
    }
    let parts = [
        ("name", Some(&profile.name)),
        ("preferred_name", profile.preferred_name.as_ref()),
        ("title", profile.title.as_ref()),
        ("family_name", profile.family_name.as_ref()),
    ];
    for (path, value) in parts {
        if value.is_some() {
            out.withhold(FieldPath::Field(path), Reason::Consent);
        }
    }
}

fn services(profile: &Profile, config: &Config, setting: Setting, out: &mut Classified) {
    let mut seen: Vec<(Rule, &str)> = Vec::new();
    for (i, code) in profile.today.services.iter().enumerate() {
        let path = FieldPath::Item("today.services", i, "");
        let tier = service_codes::lookup(code);
        out.child |= tier.is_some_and(service_codes::Tier::is_child);
        let (rule, topic, rung) = match tier {
            None => {
                out.withhold(path, Reason::UnknownCode);
                continue;
            }
            Some(Tier::Never(why)) => {
                out.withhold(path, Reason::Never(why));
                continue;
            }
            Some(Tier::Op(topic)) => (Rule::Service, topic, Some(0)),
            Some(Tier::Act(topic))
                if service_codes::flight_only(topic) && setting != Setting::Flight =>
            {
                out.withhold(path, Reason::NotInSetting);
                continue;
            }
            Some(Tier::Act(topic)) => (Rule::Assist, topic, None),
            Some(Tier::Restricted(category, topic)) => match config.treatment(category) {
                Treatment::Assist => (Rule::Assist, topic, None),
                treatment => {
                    out.withhold(path.clone(), Reason::Restricted(category, treatment));
                    if treatment == Treatment::Tone {
                        tone(out, path);
                    }
                    continue;
                }
            },
        };
        if seen.contains(&(rule, topic)) {
            if let Some(c) = out
                .candidates
                .iter_mut()
                .find(|c| c.rule == rule && c.topic == topic)
            {
                c.sources.push(path);
            }
            continue;
        }
        seen.push((rule, topic));
        out.cue(rule, topic, rung, Slots::default(), vec![path]);
    }
}

/// A child's own record with a baby code (a data slip) never makes the
/// child a parent: the infant and bassinet cues are held back.
fn not_a_parent(out: &mut Classified) {
    if !out.child {
        return;
    }
    let parental =
        |c: &Candidate| c.rule == Rule::Service && matches!(c.topic, "infant" | "bassinet");
    let (held, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut out.candidates)
        .into_iter()
        .partition(parental);
    out.candidates = kept;
    for c in held {
        for path in c.sources {
            out.withhold(path, Reason::Child);
        }
    }
}

/// At most one tone hint per customer, whatever caused it.
fn tone(out: &mut Classified, path: FieldPath) {
    match out.candidates.iter_mut().find(|c| c.rule == Rule::Tone) {
        Some(existing) => existing.sources.push(path),
        None => out.cue(Rule::Tone, "", None, Slots::default(), vec![path]),
    }
}

fn sensitive(profile: &Profile, config: &Config, out: &mut Classified) {
    for (i, entry) in profile.sensitive.iter().enumerate() {
        let path = FieldPath::item("sensitive", i);
        if entry.note.is_some() {
            out.withhold(path.field("note"), Reason::FreeText);
        }
        match Category::parse(entry.category.trim()) {
            None => out.withhold(path.field("category"), Reason::UnknownCategory),
            Some(category) => {
                let treatment = config.treatment(category);
                out.withhold(
                    path.field("category"),
                    Reason::Restricted(category, treatment),
                );
                if treatment == Treatment::Tone {
                    tone(out, path.field("category"));
                }
            }
        }
    }
}

fn loyalty(
    profile: &Profile,
    config: &Config,
    today: NaiveDate,
    setting: Setting,
    out: &mut Classified,
) {
    let Some(loyalty) = &profile.loyalty else {
        return;
    };
    let first = out.candidates.len();
    loyalty_cues(loyalty, config, today, out);
    let held = if out.child { Some(Reason::Child) } else { None };
    // Frequency is never celebrated at a pharmacy: how often someone comes
    // to a pharmacy, or how much they spend there (a tier), is a health fact.
    let frequency_at_pharmacy = |c: &Candidate| {
        setting == Setting::Pharmacy
            && (c.rule == Rule::WelcomeBack
                || c.rule == Rule::NewTier
                || (c.rule == Rule::LongStanding
                    && !c
                        .sources
                        .contains(&FieldPath::Field("loyalty.member_since"))))
    };
    let added: Vec<Candidate> = out.candidates.drain(first..).collect();
    for c in added {
        let reason = held
            .clone()
            .or_else(|| frequency_at_pharmacy(&c).then_some(Reason::NotInSetting));
        match reason {
            Some(reason) => {
                for path in c.sources {
                    out.withhold(path, reason.clone());
                }
            }
            None => out.candidates.push(c),
        }
    }
}

/// The relationship rules' candidates, before a child's record or the
/// setting holds any back.
fn loyalty_cues(loyalty: &Loyalty, config: &Config, today: NaiveDate, out: &mut Classified) {
    let tier = loyalty
        .tier
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty() && !names_restricted(t));
    if loyalty.lifetime_visits == Some(0) {
        out.cue(
            Rule::FirstVisit,
            "",
            Some(1),
            Slots::default(),
            vec![FieldPath::Field("loyalty.lifetime_visits")],
        );
        return;
    }
    if loyalty
        .visits_last_90_days
        .is_some_and(|v| v >= REGULAR_VISITS_90_DAYS)
    {
        out.cue(
            Rule::WelcomeBack,
            "",
            Some(1),
            Slots::default(),
            vec![FieldPath::Field("loyalty.visits_last_90_days")],
        );
    }
    long_standing(loyalty, tier, today, out);
    new_tier(loyalty, tier, config, today, out);
}

/// Thanks for many years or many visits. Tenure with us comes from
/// `member_since`; the tier is named only when they have held it as long
/// (a Gold member since June is not "a Gold member for over a decade").
fn long_standing(loyalty: &Loyalty, tier: Option<&str>, today: NaiveDate, out: &mut Classified) {
    let years = loyalty
        .member_since
        .map(|d| dates::years_between(d.0, today));
    let many_years = years.is_some_and(|y| y >= LONG_STANDING_YEARS);
    let many_visits = loyalty
        .lifetime_visits
        .is_some_and(|v| v >= LONG_STANDING_VISITS);
    if !(many_years || many_visits) {
        return;
    }
    let mut sources = Vec::new();
    if many_years {
        sources.push(FieldPath::Field("loyalty.member_since"));
    }
    if many_visits {
        sources.push(FieldPath::Field("loyalty.lifetime_visits"));
    }
    let since = loyalty.member_since.and_then(|d| dates::tenure(today, d.0));
    let in_tier = loyalty.tier_since.and_then(|d| dates::tenure(today, d.0));
    let tier = tier.filter(|_| since.is_some() && in_tier == since);
    if tier.is_some() {
        sources.push(FieldPath::Field("loyalty.tier"));
        sources.push(FieldPath::Field("loyalty.tier_since"));
    }
    let slots = Slots {
        since,
        tier: tier.map(String::from),
        ..Slots::default()
    };
    out.cue(Rule::LongStanding, "", Some(1), slots, sources);
}

/// Congratulations only for a recent move known to be up: both tiers on
/// `loyalty.tiers`, the new one higher. A downgrade, a sideways move or an
/// unknown tier is withheld, never cheered.
fn new_tier(
    loyalty: &Loyalty,
    tier: Option<&str>,
    config: &Config,
    today: NaiveDate,
    out: &mut Classified,
) {
    let (Some(tier), Some(since)) = (tier, loyalty.tier_since) else {
        return;
    };
    let days = (today - since.0).num_days();
    if !(0..=NEW_TIER_DAYS).contains(&days) {
        return;
    }
    let sources = vec![
        FieldPath::Field("loyalty.tier"),
        FieldPath::Field("loyalty.tier_since"),
    ];
    let up = loyalty
        .previous_tier
        .as_deref()
        .is_some_and(|previous| config.loyalty.is_move_up(previous, tier));
    if !up {
        for path in sources {
            out.withhold(path, Reason::NotAMoveUp);
        }
        return;
    }
    let slots = Slots {
        tier: Some(tier.to_string()),
        ..Slots::default()
    };
    out.cue(Rule::NewTier, "", Some(1), slots, sources);
}

fn history(profile: &Profile, today: NaiveDate, out: &mut Classified) {
    let mut latest: Option<(usize, NaiveDate, &'static str)> = None;
    for (i, entry) in profile.history.iter().enumerate() {
        if entry.summary.is_some() {
            out.withhold(FieldPath::Item("history", i, "summary"), Reason::FreeText);
        }
        let topic = match entry.kind {
            HistoryKind::Disruption => "disruption",
            HistoryKind::Complaint => "complaint",
            HistoryKind::LostItem => "lost_item",
            _ => continue,
        };
        let days = (today - entry.date.0).num_days();
        let recent = (0..=RECOVERY_DAYS).contains(&days);
        if recent && latest.is_none_or(|(_, d, _)| entry.date.0 > d) {
            latest = Some((i, entry.date.0, topic));
        }
    }
    if let Some((i, date, topic)) = latest {
        let slots = Slots {
            when: Some(dates::ago(today, date)),
            ..Slots::default()
        };
        out.cue(
            Rule::Recovery,
            topic,
            Some(2),
            slots,
            vec![
                FieldPath::Item("history", i, "kind"),
                FieldPath::Item("history", i, "date"),
            ],
        );
    }
}

/// One rung higher for observed facts, two for inferred (never cued).
fn rung_for(source: Source, stated: u8) -> u8 {
    match source {
        Source::Stated => stated,
        Source::Observed => stated + 1,
        Source::Inferred => stated + 2,
    }
}

/// A named language preference says all a language code would: keep one cue.
fn one_language_cue(out: &mut Classified) {
    let is = |c: &Candidate, topic| c.rule == Rule::Service && c.topic == topic;
    if !out.candidates.iter().any(|c| is(c, "language_named")) {
        return;
    }
    let Some(i) = out.candidates.iter().position(|c| is(c, "language")) else {
        return;
    };
    let code = out.candidates.remove(i);
    if let Some(named) = out.candidates.iter_mut().find(|c| is(c, "language_named")) {
        named.sources.extend(code.sources);
    }
}

fn preferences(profile: &Profile, config: &Config, today: NaiveDate, out: &mut Classified) {
    let stale_days = i64::from(config.tone.stale_after_days);
    for (i, pref) in profile.preferences.iter().enumerate() {
        let path = FieldPath::item("preferences", i);
        if pref.source == Source::Inferred {
            out.withhold(path, Reason::Inferred);
            continue;
        }
        if names_restricted(&pref.value) {
            out.withhold(path.field("value"), Reason::RestrictedWord);
            continue;
        }
        let rung = rung_for(pref.source, 2);
        let sources = vec![path.field("topic"), path.field("value")];
        let value = Some(pref.value.trim())
            .filter(|v| !v.is_empty())
            .map(|v| match pref.topic {
                Topic::Seat | Topic::Temperature => locale::with_article(v),
                _ => v.to_string(),
            });
        let stale = pref.source == Source::Observed
            || pref
                .last_confirmed
                .is_none_or(|d| (today - d.0).num_days() > stale_days);
        let (rule, topic, rung) = match pref.topic {
            Topic::Drink => (
                Rule::Preference,
                if stale { "drink_check" } else { "drink" },
                rung,
            ),
            Topic::Meal => (
                Rule::Preference,
                if stale { "meal_check" } else { "meal" },
                rung,
            ),
            Topic::Seat => (
                Rule::Preference,
                if stale { "seat_check" } else { "seat" },
                rung,
            ),
            Topic::Temperature => (
                Rule::Preference,
                if stale {
                    "temperature_check"
                } else {
                    "temperature"
                },
                rung,
            ),
            Topic::Language => (Rule::Service, "language_named", 0),
            Topic::Conversation => match conversation_topic(&pref.value) {
                Some(topic) => {
                    out.cue(
                        Rule::Conversation,
                        topic,
                        Some(rung),
                        Slots::default(),
                        sources,
                    );
                    if pref.source == Source::Observed {
                        out.observed();
                    }
                    continue;
                }
                None => {
                    out.withhold(path.field("value"), Reason::FreeText);
                    continue;
                }
            },
            Topic::Other => {
                out.withhold(path.field("value"), Reason::FreeText);
                continue;
            }
        };
        let mut sources = sources;
        if rule == Rule::Preference && pref.last_confirmed.is_some() {
            sources.push(path.field("last_confirmed"));
        }
        let slots = Slots {
            value,
            ..Slots::default()
        };
        out.cue(rule, topic, Some(rung), slots, sources);
        if pref.source == Source::Observed {
            out.observed();
        }
    }
}

/// Reads a conversation preference's free text into quiet or chatty; text
/// that says neither is not cued (and never printed).
fn conversation_topic(value: &str) -> Option<&'static str> {
    let v = value.to_lowercase();
    const QUIET: &[&str] = &[
        "quiet",
        "no small talk",
        "not chatty",
        "not much",
        "minimal",
        "prefers not",
        "rest",
        "sleep",
        "peace",
        "left alone",
        "brief",
    ];
    const CHATTY: &[&str] = &["chat", "talk", "sociable", "conversation", "banter"];
    if QUIET.iter().any(|w| v.contains(w)) {
        Some("quiet")
    } else if CHATTY.iter().any(|w| v.contains(w)) {
        Some("chatty")
    } else {
        None
    }
}

fn occasions(profile: &Profile, today: NaiveDate, out: &mut Classified) {
    for (i, occasion) in profile.occasions.iter().enumerate() {
        let path = FieldPath::item("occasions", i);
        if occasion.source == Source::Inferred {
            out.withhold(path, Reason::Inferred);
            continue;
        }
        let (topic, recurs) = match occasion.kind {
            OccasionKind::Birthday => ("birthday", true),
            OccasionKind::Anniversary => ("anniversary", true),
            OccasionKind::Honeymoon => ("honeymoon", false),
            OccasionKind::Graduation => ("graduation", false),
            OccasionKind::Retirement => ("retirement", false),
            OccasionKind::Other => ("other", false),
        };
        let date = if recurs {
            dates::nearest_anniversary(today, occasion.date.0)
        } else {
            occasion.date.0
        };
        let Some(when) = dates::occasion_when(today, date) else {
            continue;
        };
        let sources = vec![path.field("kind"), path.field("date")];
        let rung = Some(rung_for(occasion.source, 2));
        if occasion.source == Source::Observed {
            // Noticed, not told: a possibility for staff, with no date.
            let slots = Slots {
                occasion: Some(locale::occasion_noun(topic)),
                ..Slots::default()
            };
            out.cue(Rule::Occasion, "observed", rung, slots, sources);
            out.observed();
            continue;
        }
        let slots = Slots {
            when: Some(when),
            ..Slots::default()
        };
        out.cue(Rule::Occasion, topic, rung, slots, sources);
    }
}

/// "You already bought this": allowed, not blocked. Only a category on
/// `purchases.cue_categories` may cue, only for an item whose name names no
/// restricted subject, and never at a pharmacy, where any purchase is a
/// health fact.
fn purchases(
    profile: &Profile,
    config: &Config,
    today: NaiveDate,
    setting: Setting,
    out: &mut Classified,
) {
    let mut cued: Vec<String> = Vec::new();
    for (i, purchase) in profile.purchases.iter().enumerate() {
        let path = FieldPath::item("purchases", i);
        if setting == Setting::Pharmacy {
            out.withhold(path, Reason::NotInSetting);
            continue;
        }
        match config.purchases.screen(purchase.category.as_deref()) {
            Screen::Allowed => {}
            Screen::Restricted => {
                out.withhold(path, Reason::RestrictedPurchase);
                continue;
            }
            Screen::NotListed => {
                out.withhold(path, Reason::PurchaseNotListed);
                continue;
            }
        }
        if names_restricted(&purchase.item) {
            out.withhold(path.field("item"), Reason::RestrictedWord);
            continue;
        }
        let Some(b) = profile
            .today
            .basket
            .iter()
            .position(|b| same_item(b, &purchase.item))
        else {
            continue;
        };
        let key = normalise(&purchase.item);
        if purchase.date.0 > today || cued.contains(&key) {
            continue;
        }
        let latest = profile
            .purchases
            .iter()
            .filter(|p| normalise(&p.item) == key && p.date.0 <= today)
            .map(|p| p.date.0)
            .max()
            .unwrap_or(purchase.date.0);
        cued.push(key);
        let slots = Slots {
            item: Some(locale::spoken_name(&purchase.item).to_string()),
            when: Some(dates::ago(today, latest)),
            ..Slots::default()
        };
        let sources = vec![
            FieldPath::Item("today.basket", b, ""),
            path.field("item"),
            path.field("date"),
        ];
        out.cue(Rule::AlreadyOwned, "", Some(2), slots, sources);
    }
}

/// Whether two item names are the same once spacing and case are set
/// aside: [`normalise`] without building either string where both are
/// ASCII (a basket is compared with every past purchase).
fn same_item(a: &str, b: &str) -> bool {
    if !(a.is_ascii() && b.is_ascii()) {
        return normalise(a) == normalise(b);
    }
    let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
            _ => return false,
        }
    }
}

fn normalise(item: &str) -> String {
    item.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_match_whatever_their_spacing_and_case() {
        for (a, b) in [
            ("Middlemarch", "middlemarch"),
            ("  A Tale of  Two Cities ", "a tale of two cities"),
            ("Zoë's  Book", "zoë's book"),
            ("Persuasion", "Persuasion (2nd ed.)"),
            ("ab c", "a bc"),
        ] {
            assert_eq!(same_item(a, b), normalise(a) == normalise(b), "{a} / {b}");
        }
    }

    #[test]
    fn conversation_values_read_as_quiet_or_chatty() {
        assert_eq!(conversation_topic("prefers quiet"), Some("quiet"));
        assert_eq!(conversation_topic("loves a chat"), Some("chatty"));
        assert_eq!(conversation_topic("cnry-secret"), None);
    }
}
