//! Making one synthetic customer. Each is dealt a scenario from a shuffled
//! deck — one per rule of spec §4.1, plus consent and quiet customers — and
//! then gets everyday noise that never becomes a cue but shows up in
//! `explain`: agent notes, model scores, a restricted category, an old
//! complaint, a free-text preference, an identifier code.
//!
//! The first deck is dealt clean: nothing is added that could crowd the
//! scenario's cue out of `max_cues` or hold it back, so any fifty customers
//! fire every rule. Later decks add extra facts to about a third of the
//! customers, as real profiles have, so `max_cues` cuts some.

use chrono::{Datelike, NaiveDate, TimeDelta};

use super::lists::{self, Place};
use super::record::{
    Consent, Day, History, Inferred, Loyalty, Occasion, Preference, Purchase, Record, Sensitive,
    Today,
};
use super::rng::Rng;
use crate::restricted::Category;
use crate::variation::seed;
use crate::vocab::Setting;

/// What a customer is there to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scenario {
    FirstVisit,
    WelcomeBack,
    LongStanding,
    NewTier,
    Recovery,
    Preference,
    StalePreference,
    ObservedPreference,
    Conversation,
    AlreadyOwned,
    Occasion,
    ObservedOccasion,
    Tone,
    Assist,
    AssistAct,
    Service,
    Consent,
    Quiet,
}

/// One deck; flights carry more service codes, other settings fewer.
fn deck(setting: Setting) -> Vec<Scenario> {
    use Scenario::*;
    let mut deck = vec![
        FirstVisit,
        WelcomeBack,
        LongStanding,
        NewTier,
        Recovery,
        Preference,
        StalePreference,
        ObservedPreference,
        Conversation,
        AlreadyOwned,
        Occasion,
        ObservedOccasion,
        Tone,
        Assist,
        AssistAct,
        Service,
        Consent,
        Quiet,
    ];
    if setting == Setting::Flight {
        deck.extend([Assist, Service, Service]);
    } else {
        deck.extend([Quiet, WelcomeBack]);
    }
    deck
}

/// Scenarios that can be added on top of another one, for richer profiles.
const EXTRAS: &[Scenario] = &[
    Scenario::WelcomeBack,
    Scenario::LongStanding,
    Scenario::Preference,
    Scenario::Conversation,
    Scenario::Recovery,
    Scenario::Occasion,
    Scenario::Service,
    Scenario::Tone,
];

/// Deals customers in order; customer `i` depends only on the seed, the
/// setting, the date and `i`.
pub(super) struct People {
    setting: Setting,
    seed: u64,
    today: NaiveDate,
    toml: bool,
    deck: Vec<Scenario>,
    round: Option<u64>,
}

impl People {
    pub(super) fn new(setting: Setting, seed: u64, today: NaiveDate, toml: bool) -> People {
        People {
            setting,
            seed,
            today,
            toml,
            deck: deck(setting),
            round: None,
        }
    }

    /// The scenario of customer `i`: its place in its round's shuffled deck.
    pub(super) fn scenario(&mut self, i: u64) -> Scenario {
        let len = self.deck.len() as u64;
        let round = i / len;
        if self.round != Some(round) {
            self.deck = deck(self.setting);
            let mut rng = Rng::new(seed(&[
                "cuecard sample deck",
                &self.seed.to_string(),
                self.setting.as_str(),
                &round.to_string(),
            ]));
            rng.shuffle(&mut self.deck);
            self.round = Some(round);
        }
        self.deck[usize::try_from(i % len).unwrap_or(0)]
    }

    pub(super) fn person(&mut self, i: u64) -> Record {
        let scenario = self.scenario(i);
        let rng = Rng::new(seed(&[
            "cuecard sample",
            &self.seed.to_string(),
            self.setting.as_str(),
            &i.to_string(),
        ]));
        let mut b = Builder {
            rng,
            today: self.today,
            toml: self.toml,
            setting: self.setting,
            place: lists::place(self.setting),
            record: blank(),
        };
        b.identity(i, self.seed);
        if b.rng.chance(70) {
            b.record.loyalty = Some(b.neutral_loyalty());
        }
        b.apply(scenario);
        b.noise(i, self.seed);
        let rich = i >= self.deck.len() as u64 && scenario != Scenario::FirstVisit;
        if rich && b.rng.chance(35) {
            for _ in 0..b.rng.range(1, 3) {
                let extra = *b.rng.pick(EXTRAS);
                b.apply(extra);
            }
        }
        b.record
    }
}

fn blank() -> Record {
    Record {
        id: String::new(),
        reference: String::new(),
        name: String::new(),
        preferred_name: None,
        title: None,
        family_name: None,
        synthetic: true,
        notes: None,
        consent: None,
        loyalty: None,
        today: Today::default(),
        inferred: Inferred::default(),
        preferences: Vec::new(),
        occasions: Vec::new(),
        history: Vec::new(),
        purchases: Vec::new(),
        sensitive: Vec::new(),
    }
}

/// Where staff find customer `i`: seats, rooms and tables spread over the
/// place without repeats (multiplying by a coprime is a bijection), tickets
/// in order.
fn reference(setting: Setting, i: u64) -> String {
    match setting {
        Setting::Flight => {
            let n = (i % 270) * 97 % 270;
            let letter = ["A", "B", "C", "D", "E", "F"][usize::try_from(n % 6).unwrap_or(0)];
            format!("{}{letter}", 1 + n / 6)
        }
        Setting::Hotel => {
            let n = (i % 570) * 101 % 570;
            format!("{}{:02}", 2 + n / 30, 1 + n % 30)
        }
        Setting::Restaurant => format!("{}", 1 + (i % 40) * 7 % 40),
        Setting::Retail | Setting::Pharmacy | Setting::Generic => {
            let letter = char::from(b'A' + u8::try_from(i / 999 % 26).unwrap_or(0));
            format!("{letter}{:03}", 1 + i % 999)
        }
    }
}

struct Builder {
    rng: Rng,
    today: NaiveDate,
    toml: bool,
    setting: Setting,
    place: &'static Place,
    record: Record,
}

impl Builder {
    /// The date `days` before the briefing date (after it when negative).
    fn ago(&self, days: i64) -> Day {
        let date = self
            .today
            .checked_sub_signed(TimeDelta::days(days))
            .unwrap_or(self.today);
        self.on(date)
    }

    fn on(&self, date: NaiveDate) -> Day {
        Day {
            date,
            toml: self.toml,
        }
    }

    fn identity(&mut self, i: u64, seed: u64) {
        let given = self.rng.pick(lists::GIVEN);
        let family = *self.rng.pick(lists::FAMILY);
        let r = &mut self.record;
        r.id = format!("SYN-{}-{seed}-{:06}", self.place.code, i + 1);
        r.reference = reference(self.setting, i);
        r.name = format!("{} {family}", given.name);
        if self.rng.chance(75) {
            let doctor = self.rng.chance(8);
            let r = &mut self.record;
            r.title = Some(if doctor { "Dr" } else { given.title });
            r.family_name = Some(family);
        }
        if given.short.is_some() && self.rng.chance(50) {
            self.record.preferred_name = given.short;
        }
    }

    /// Loyalty data that fires no rule: a member of one to nine years, a
    /// few visits, no recent tier change.
    fn neutral_loyalty(&mut self) -> Loyalty {
        let member_days = self.rng.range(400, 3300);
        let recent = u32::try_from(self.rng.range(0, 2)).unwrap_or(0);
        let lifetime = u32::try_from(self.rng.range(1, 150)).unwrap_or(1);
        let tier = self
            .rng
            .chance(70)
            .then(|| *self.rng.pick(self.place.tiers));
        let tier_since = tier.map(|_| self.rng.range(60, member_days));
        Loyalty {
            tier,
            previous_tier: None,
            tier_since: tier_since.map(|d| self.ago(d)),
            member_since: Some(self.ago(member_days)),
            lifetime_visits: Some(lifetime.max(recent)),
            visits_last_90_days: Some(recent),
        }
    }

    fn loyalty(&mut self) -> &mut Loyalty {
        if self.record.loyalty.is_none() {
            self.record.loyalty = Some(self.neutral_loyalty());
        }
        self.record.loyalty.get_or_insert_with(Loyalty::default)
    }

    fn apply(&mut self, scenario: Scenario) {
        use Scenario::*;
        match scenario {
            FirstVisit => self.first_visit(),
            WelcomeBack => self.welcome_back(),
            LongStanding => self.long_standing(),
            NewTier => self.new_tier(),
            Recovery => self.recovery(),
            Preference => self.preference("stated", Some((5, 300))),
            StalePreference => {
                let confirmed = self.rng.chance(70).then_some((400, 1500));
                self.preference("stated", confirmed);
            }
            ObservedPreference => self.preference("observed", None),
            Conversation => self.conversation(),
            AlreadyOwned => self.already_owned(),
            Occasion => self.occasion("stated"),
            ObservedOccasion => self.occasion("observed"),
            Tone => self.tone(),
            Assist => self.assist(),
            AssistAct if self.place.act_codes.is_empty() => self.op_service(),
            AssistAct => {
                let code = *self.rng.pick(self.place.act_codes);
                self.service(code);
            }
            Service => self.op_service(),
            Consent => self.consent(),
            Quiet => {}
        }
    }

    fn first_visit(&mut self) {
        let joined = self.rng.range(0, 20);
        self.record.loyalty = Some(Loyalty {
            member_since: Some(self.ago(joined)),
            lifetime_visits: Some(0),
            visits_last_90_days: Some(0),
            ..Loyalty::default()
        });
    }

    fn welcome_back(&mut self) {
        let recent = u32::try_from(self.rng.range(3, 12)).unwrap_or(3);
        let more = u32::try_from(self.rng.range(5, 60)).unwrap_or(5);
        let loyalty = self.loyalty();
        loyalty.visits_last_90_days = Some(recent);
        let lifetime = loyalty.lifetime_visits.unwrap_or(0).max(recent + more);
        loyalty.lifetime_visits = Some(lifetime);
    }

    fn long_standing(&mut self) {
        if self.rng.chance(50) {
            let since = self.rng.range(3700, 11_000);
            let day = self.ago(since);
            self.loyalty().member_since = Some(day);
        } else {
            let visits = u32::try_from(self.rng.range(200, 2500)).unwrap_or(200);
            self.loyalty().lifetime_visits = Some(visits);
        }
    }

    /// A move up in the last month: the tier below it is the previous one.
    fn new_tier(&mut self) {
        let tiers = self.place.tiers;
        let above_first = usize::from(tiers.len() > 1);
        let at =
            above_first + crate::variation::pick(self.rng.next_u64(), tiers.len() - above_first);
        let since = self.rng.range(0, 28);
        let day = self.ago(since);
        let loyalty = self.loyalty();
        loyalty.tier = Some(tiers[at]);
        loyalty.previous_tier = tiers.get(at.wrapping_sub(1)).copied();
        loyalty.tier_since = Some(day);
    }

    fn recovery(&mut self) {
        let kind = *self.rng.pick(&["disruption", "complaint", "lost_item"]);
        let days = self.rng.range(1, 85);
        let summary = Some(if kind == "lost_item" {
            *self.rng.pick(lists::LOST)
        } else {
            *self.rng.pick(self.place.trouble)
        });
        let date = self.ago(days);
        self.record.history.push(History {
            date,
            kind,
            summary,
        });
    }

    /// A drink, meal, seat or temperature preference the setting has.
    fn preference(&mut self, source: &'static str, confirmed: Option<(i64, i64)>) {
        let p = self.place;
        let topics: Vec<(&'static str, &'static [&'static str])> = [
            ("drink", p.drinks),
            ("meal", p.meals),
            ("seat", p.seats),
            ("temperature", p.temperatures),
        ]
        .into_iter()
        .filter(|(_, values)| !values.is_empty())
        .collect();
        let (topic, values) = *self.rng.pick(&topics);
        let value = *self.rng.pick(values);
        let last_confirmed = confirmed.map(|(lo, hi)| {
            let days = self.rng.range(lo, hi);
            self.ago(days)
        });
        self.record.preferences.push(Preference {
            topic,
            value,
            source,
            last_confirmed,
        });
    }

    fn conversation(&mut self) {
        let value = *self.rng.pick(lists::CONVERSATION);
        self.record.preferences.push(Preference {
            topic: "conversation",
            value,
            source: "stated",
            last_confirmed: None,
        });
    }

    fn already_owned(&mut self) {
        let (item, category) = *self.rng.pick(self.place.items);
        let days = self.rng.range(20, 700);
        let date = self.ago(days);
        self.record.purchases.push(Purchase {
            item,
            date,
            category,
        });
        self.record.today.basket.push(item);
    }

    /// An occasion from two days ago to three days ahead; birthdays and
    /// anniversaries fall that many years back.
    fn occasion(&mut self, source: &'static str) {
        let kind = if source == "observed" {
            "birthday"
        } else if self.rng.chance(60) {
            *self.rng.pick(lists::YEARLY)
        } else {
            *self.rng.pick(lists::ONCE)
        };
        let offset = self.rng.range(-2, 3);
        let day = self.ago(-offset).date;
        let years = match kind {
            "birthday" => self.rng.range(18, 85),
            "anniversary" => self.rng.range(1, 50),
            _ => 0,
        };
        let date = years_back(day, years);
        let date = self.on(date);
        self.record.occasions.push(Occasion { kind, date, source });
    }

    fn tone(&mut self) {
        let category = *self.rng.pick(lists::TONE_CATEGORIES);
        self.record.sensitive.push(Sensitive {
            category: category.as_str(),
            note: lists::sensitive_note(category),
        });
    }

    /// A restricted code whose category is assisted; flights sometimes
    /// carry a second one.
    fn assist(&mut self) {
        let code = *self.rng.pick(self.place.assist_codes);
        self.service(code);
        if self.setting == Setting::Flight && self.rng.chance(25) {
            let second = *self.rng.pick(self.place.assist_codes);
            self.service(second);
        }
    }

    /// An operational code, or (away from flights, sometimes) a stated
    /// language preference.
    fn op_service(&mut self) {
        if self.setting != Setting::Flight && self.rng.chance(50) {
            let value = *self.rng.pick(lists::LANGUAGES);
            self.record.preferences.push(Preference {
                topic: "language",
                value,
                source: "stated",
                last_confirmed: None,
            });
            return;
        }
        let code = *self.rng.pick(self.place.op_codes);
        self.service(code);
    }

    fn service(&mut self, code: &'static str) {
        if !self.record.today.services.contains(&code) {
            self.record.today.services.push(code);
        }
        // A child's own code (CHLD, CHML, UMNR) makes the customer a child:
        // no loyalty programme of their own.
        if crate::service_codes::lookup(code).is_some_and(crate::service_codes::Tier::is_child) {
            self.record.loyalty = None;
        }
    }

    /// A regular who asked not to be personalised, or not to be named.
    fn consent(&mut self) {
        self.welcome_back();
        self.preference("stated", Some((5, 200)));
        let personalise = self.rng.chance(50);
        self.record.consent = Some(Consent {
            personalise,
            use_name: !personalise,
        });
    }

    /// Facts that never become a cue, each shown by `explain` with its reason.
    fn noise(&mut self, i: u64, seed: u64) {
        if i % 5 == 2 {
            let n = lists::quiet_categories().count() as u64;
            let k = usize::try_from((i / 5 + seed) % n).unwrap_or(0);
            let category = lists::quiet_categories().nth(k).unwrap_or(Category::Health);
            self.record.sensitive.push(Sensitive {
                category: category.as_str(),
                note: lists::sensitive_note(category),
            });
        }
        if self.rng.chance(25) {
            self.record.notes = Some(*self.rng.pick(lists::NOTES));
        }
        if self.rng.chance(20) {
            self.inferred();
        }
        if self.rng.chance(15) {
            self.old_history();
        }
        self.odd_preferences();
        self.past_purchases();
        if self.rng.chance(12) {
            self.far_occasion();
        }
        self.odd_codes();
    }

    fn inferred(&mut self) {
        let segment = Some(*self.rng.pick(lists::SEGMENTS));
        let key = *self.rng.pick(lists::SCORES);
        let score = self.rng.range(1, 99) as f64 / 100.0;
        self.record.inferred = Inferred {
            segment,
            scores: vec![(key, score)],
        };
    }

    /// Praise or an upgrade at any time, or trouble too long ago to raise.
    fn old_history(&mut self) {
        let (kind, days) = match self.rng.range(0, 2) {
            0 => ("compliment", self.rng.range(10, 900)),
            1 => ("upgrade", self.rng.range(10, 900)),
            _ => ("complaint", self.rng.range(120, 900)),
        };
        let summary = (kind == "complaint").then(|| *self.rng.pick(self.place.trouble));
        let date = self.ago(days);
        self.record.history.push(History {
            date,
            kind,
            summary,
        });
    }

    /// Free-text, restricted-word and inferred preferences.
    fn odd_preferences(&mut self) {
        if self.rng.chance(12) {
            let value = *self.rng.pick(lists::OTHER_PREFERENCES);
            self.push_preference("other", value, "stated");
        }
        if self.rng.chance(8) {
            let (topic, value) = *self.rng.pick(lists::RESTRICTED_PREFERENCES);
            self.push_preference(topic, value, "stated");
        }
        if self.rng.chance(5) && !self.place.drinks.is_empty() {
            let value = *self.rng.pick(self.place.drinks);
            self.push_preference("drink", value, "inferred");
        }
    }

    fn push_preference(&mut self, topic: &'static str, value: &'static str, source: &'static str) {
        self.record.preferences.push(Preference {
            topic,
            value,
            source,
            last_confirmed: None,
        });
    }

    /// Things bought before that are not in today's basket, and restricted
    /// purchases (sometimes bought again today: still never cued).
    fn past_purchases(&mut self) {
        if self.rng.chance(15) {
            let (item, category) = *self.rng.pick(self.place.items);
            if !self.record.today.basket.contains(&item) {
                let days = self.rng.range(30, 900);
                let date = self.ago(days);
                self.record.purchases.push(Purchase {
                    item,
                    date,
                    category,
                });
            }
        }
        let restricted = self.place.restricted_items;
        if !restricted.is_empty() && self.rng.chance(10) {
            let (item, category) = *self.rng.pick(restricted);
            let days = self.rng.range(20, 400);
            let date = self.ago(days);
            self.record.purchases.push(Purchase {
                item,
                date,
                category,
            });
            if self.rng.chance(50) {
                self.record.today.basket.push(item);
            }
        }
    }

    /// A birthday or anniversary weeks away: no cue today.
    fn far_occasion(&mut self) {
        let kind = *self.rng.pick(lists::YEARLY);
        let offset = self.rng.range(10, 170) * if self.rng.chance(50) { 1 } else { -1 };
        let day = self.ago(offset).date;
        let years = self.rng.range(18, 70);
        let date = self.on(years_back(day, years));
        let source = *self.rng.pick(&["stated", "observed"]);
        self.record.occasions.push(Occasion { kind, date, source });
    }

    /// Identifier codes (flights), an operational code now and then, and
    /// rarely a code the table does not know.
    fn odd_codes(&mut self) {
        let flight = self.setting == Setting::Flight;
        if flight && self.rng.chance(12) {
            let code = *self.rng.pick(lists::NEVER_CODES);
            self.service(code);
        }
        if self.rng.chance(if flight { 20 } else { 4 }) {
            let code = *self.rng.pick(self.place.op_codes);
            self.service(code);
        }
        if self.rng.chance(3) {
            self.service(lists::UNKNOWN_CODE);
        }
    }
}

/// The same day `years` earlier (28 February for a 29th in a common year).
fn years_back(day: NaiveDate, years: i64) -> NaiveDate {
    let year = day.year() - i32::try_from(years).unwrap_or(0);
    NaiveDate::from_ymd_opt(year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), day.day().saturating_sub(1)))
        .unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_do_not_repeat_within_a_cabin_or_hotel() {
        for setting in [Setting::Flight, Setting::Hotel] {
            let refs: std::collections::BTreeSet<String> =
                (0..250).map(|i| reference(setting, i)).collect();
            assert_eq!(refs.len(), 250, "{setting}");
        }
        assert_eq!(reference(Setting::Retail, 0), "A001");
    }

    #[test]
    fn every_deck_holds_every_scenario() {
        for setting in Setting::ALL {
            let deck = deck(setting);
            for s in EXTRAS {
                assert!(deck.contains(s));
            }
            assert!(deck.contains(&Scenario::FirstVisit));
        }
    }

    #[test]
    fn years_back_handles_leap_days() {
        let leap = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(
            years_back(leap, 1),
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        );
    }
}
