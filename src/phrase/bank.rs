//! The phrase bank: built-in and configured phrasings per rule, topic,
//! familiarity, style and setting, grouped for lookup, each with what the
//! cabin and the grammar checks need to know about it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::phrase::fill::{fits, joints_of, suits_with, Edges, Joint};
use crate::phrase::greetings::{greets, informal};
use crate::phrase::slots::{most_words, slot_bit, slots_in, SlotWords, Slots, MAX_WORDS, VARYING};

use crate::variation::Fnv;
use crate::vocab::{Familiarity, Rule, Setting, Style};

/// A built-in phrasing as `build.rs` wrote it from `src/bank/*.toml`: the
/// TOML is parsed at build time, the names are checked here.
struct BuiltinEntry {
    file: &'static str,
    rule: Option<&'static str>,
    topic: Option<&'static str>,
    familiarity: Option<&'static str>,
    style: Option<&'static str>,
    setting: Option<&'static str>,
    text: Option<&'static str>,
    replace: bool,
}

/// The built-in bank, in file order.
const BUILTIN: &[BuiltinEntry] = include!(concat!(env!("OUT_DIR"), "/bank.rs"));

/// One phrasing, as written in the bank or a config's `[[phrases]]`.
#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhraseEntry {
    pub rule: Rule,
    #[serde(default)]
    pub topic: Option<String>,
    pub familiarity: Familiarity,
    #[serde(default)]
    pub style: Style,
    #[serde(default)]
    pub setting: Option<Setting>,
    pub text: String,
    /// In a config: use this group's custom phrasings instead of the
    /// built-in ones (for `setting`, or for every setting when it is unset).
    #[serde(default)]
    pub replace: bool,
}

/// A phrasing in the bank, with its stable variant id.
pub(crate) struct Variant {
    pub id: String,
    /// A stable hash of `id`, for cabin-wide variety.
    pub hash: u64,
    /// A stable hash of [`Variant::group`], the cabin's key for variety.
    pub group_hash: u64,
    pub text: String,
    pub setting: Option<Setting>,
    pub builtin: bool,
    /// Its place in its group, for the cabin's record of used variants.
    pub place: usize,
    /// The slots the text uses, as a bit set (see [`slot_bit`]).
    needs: u16,
    /// A bound on the filled text's words, without filling: the words
    /// outside its slots plus each bounded slot's most words, and how often
    /// it uses the slots whose length varies (`name`, `when`, `since`).
    bound: usize,
    varying: [u8; 3],
    /// Where each slot stands, for the grammar checks of [`suits`].
    joints: Vec<Joint>,
    /// It greets informally ("Hi"): never with a title and surname.
    informal: bool,
    /// It opens with a greeting: a customer gets one at most.
    pub greets: bool,
}

impl Variant {
    /// The phrasing `written` at `place` in its group, with its id and the
    /// hash of its group's name.
    fn new(id: String, group_hash: u64, place: usize, written: &Written) -> Self {
        let text = written.text.to_string();
        let (needs, mut bound, slots) = match slots_in(&text) {
            Ok(slots) => {
                let needs = slots
                    .iter()
                    .filter_map(|s| slot_bit(s))
                    .fold(0, |a, b| a | b);
                (needs, words_outside_slots(&text), slots)
            }
            Err(_) => (u16::MAX, text.split_whitespace().count(), Vec::new()),
        };
        let mut varying = [0u8; 3];
        for slot in &slots {
            match VARYING.iter().position(|v| v == slot) {
                Some(i) => varying[i] = varying[i].saturating_add(1),
                None => bound += most_words(slot),
            }
        }
        Variant {
            joints: joints_of(&text, &slots),
            // Only a phrasing that says the name is held back for being
            // informal (see `suits_with`), so only its text is searched.
            informal: slots.contains(&"name") && informal(&text),
            greets: greets(&text),
            hash: crate::variation::seed(&[&id]),
            group_hash,
            id,
            bound,
            varying,
            text,
            setting: written.setting,
            builtin: written.builtin,
            place,
            needs,
        }
    }

    /// Whether the text filled with `slots` reads right: its values suit
    /// their places (see [`suits`]) and it keeps to [`MAX_WORDS`]. The
    /// words of the pieces bound the words of the whole (joining pieces
    /// can only merge words), so the text is only walked when that bound
    /// is over the limit.
    pub(crate) fn fits(
        &self,
        slots: &Slots,
        (words, edges): (&SlotWords, &Edges),
        setting: Setting,
    ) -> bool {
        if !suits_with(&self.joints, self.informal, slots, edges) {
            return false;
        }
        let varying: usize = self
            .varying
            .iter()
            .zip(words.0)
            .map(|(&uses, n)| usize::from(uses) * usize::from(n))
            .sum();
        self.bound + varying <= MAX_WORDS || fits(&self.text, slots, setting)
    }

    /// The group it belongs to: its id without the number.
    #[cfg(test)]
    pub(crate) fn group(&self) -> &str {
        let group = self
            .id
            .rsplit_once('.')
            .map_or(self.id.as_str(), |(g, _)| g);
        group.strip_suffix(".custom").unwrap_or(group)
    }
}

type Key = (Rule, &'static str, Familiarity, Style);

/// All phrasings, grouped for lookup.
pub(crate) struct Bank {
    groups: HashMap<Key, Group, BuildHasherDefault<Fnv>>, // small keys, see `Fnv`
    /// Groups whose built-in phrasings a config replaced, per setting
    /// (`None`: in every setting).
    replaced: HashSet<(Key, Option<Setting>)>,
}

/// One group's phrasings as written, made into [`Variant`]s the first time
/// the group is asked for: a run speaks in one register and style, so most
/// groups never are, and building all ~1,500 was a tenth of a crew's run.
#[derive(Default)]
struct Group {
    written: Vec<Written>,
    variants: OnceLock<Vec<Variant>>,
}

struct Written {
    text: Cow<'static, str>,
    setting: Option<Setting>,
    builtin: bool,
}

impl Group {
    fn variants(&self, key: &Key) -> &[Variant] {
        self.variants.get_or_init(|| {
            let name = group_key_name(key);
            let group_hash = crate::variation::seed(&[&name]);
            let mut counts = [0usize; 2];
            self.written
                .iter()
                .enumerate()
                .map(|(place, w)| {
                    let n = &mut counts[usize::from(w.builtin)];
                    *n += 1;
                    let id = variant_id(&name, w.builtin, *n);
                    Variant::new(id, group_hash, place, w)
                })
                .collect()
        })
    }
}

impl Bank {
    /// The built-in bank plus `extra` phrasings from the config.
    pub(crate) fn new(extra: &[PhraseEntry]) -> anyhow::Result<Bank> {
        let mut bank = Bank {
            groups: HashMap::default(),
            replaced: HashSet::new(),
        };
        for (i, raw) in BUILTIN.iter().enumerate() {
            let entry = raw.entry().map_err(|e| raw.error(i, &e))?;
            bank.add(entry, true);
        }
        for entry in extra {
            bank.add(entry.borrowed(), false);
        }
        Ok(bank)
    }

    fn add(&mut self, entry: Entry, builtin: bool) {
        // Topics are checked by the lint; one that is not a known topic of
        // its rule can never be asked for, so it is not kept.
        let topic = match entry.topic {
            None => "",
            Some(t) => match entry.rule.topics().iter().find(|known| **known == t) {
                Some(known) => known,
                None => return,
            },
        };
        let key = (entry.rule, topic, entry.familiarity, entry.style);
        if entry.replace && !builtin {
            self.replaced.insert((key, entry.setting));
        }
        self.groups.entry(key).or_default().written.push(Written {
            text: entry.text,
            setting: entry.setting,
            builtin,
        });
    }

    fn is_replaced(&self, key: &Key, setting: Setting) -> bool {
        !self.replaced.is_empty()
            && (self.replaced.contains(&(*key, None))
                || self.replaced.contains(&(*key, Some(setting))))
    }

    /// The phrasings usable for a cue, best familiarity first: the exact
    /// register, else the nearest other one; openers fall back to hints.
    pub(crate) fn candidates<'b>(
        &'b self,
        rule: Rule,
        topic: &str,
        familiarity: Familiarity,
        style: Style,
        setting: Setting,
        slots: &Slots,
    ) -> Vec<&'b Variant> {
        let mut order = Familiarity::ALL;
        order.sort_by_key(|f| ((*f as i8 - familiarity as i8).abs(), *f > familiarity));
        let styles: &[Style] = if style == Style::Opener {
            &[Style::Opener, Style::Hint]
        } else {
            &[Style::Hint]
        };
        let Some(topic) = rule
            .topics()
            .iter()
            .copied()
            .find(|t| *t == topic)
            .or(topic.is_empty().then_some(""))
        else {
            return Vec::new();
        };
        let available = slots.available();
        for &style in styles {
            for fam in order {
                let key = (rule, topic, fam, style);
                let Some(group) = self.groups.get(&key) else {
                    continue;
                };
                let group = group.variants(&key);
                let replaced = self.is_replaced(&key, setting);
                let mut usable: Vec<&Variant> = Vec::with_capacity(group.len());
                usable.extend(
                    group
                        .iter()
                        .filter(|v| !(replaced && v.builtin))
                        .filter(|v| v.setting.is_none_or(|s| s == setting))
                        .filter(|v| v.needs & !available == 0),
                );
                if !usable.is_empty() {
                    return prefer_content(usable, available);
                }
            }
        }
        Vec::new()
    }

    /// Every phrasing, for the lint and for tests.
    #[cfg(test)]
    pub(crate) fn groups(&self) -> impl Iterator<Item = (&Key, &[Variant])> {
        self.groups
            .iter()
            .map(|(key, group)| (key, group.variants(key)))
    }
}

/// The phrasings that say what the cue is about — the drink they asked
/// for, the item in the basket — when there are any: a phrasing without it
/// ("their usual drink") is the fallback for a value that is missing or too
/// long, not a choice of its own.
fn prefer_content(usable: Vec<&Variant>, available: u16) -> Vec<&Variant> {
    let content = ["value", "item"]
        .iter()
        .filter_map(|s| slot_bit(s))
        .fold(0, |bits, b| bits | b)
        & available;
    if content == 0 || !usable.iter().any(|v| v.needs & content != 0) {
        return usable;
    }
    usable
        .into_iter()
        .filter(|v| v.needs & content != 0)
        .collect()
}

/// A variant's id: its group's name, `.custom` for a configured one, and
/// its number in the group ("welcome_back.warm.3"). Built without `format!`,
/// which cost a tenth of the bank's first look at a crew's groups.
fn variant_id(group: &str, builtin: bool, number: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(number);
    let mut id = String::with_capacity(group.len() + 8 + digits.len());
    id.push_str(group);
    id.push_str(if builtin { "." } else { ".custom." });
    id.push_str(digits);
    id
}

fn group_key_name(key: &Key) -> String {
    let (rule, topic, fam, style) = key;
    let mut name = String::with_capacity(48);
    name.push_str(rule.as_str());
    for part in [*topic, fam.as_str()] {
        if !part.is_empty() {
            name.push('.');
            name.push_str(part);
        }
    }
    if *style == Style::Opener {
        name.push_str(".opener");
    }
    name
}

/// Words in a text whose `{slots}` are read as spaces (the text must have
/// balanced braces).
fn words_outside_slots(text: &str) -> usize {
    let (mut words, mut in_word, mut in_slot) = (0, false, false);
    for c in text.chars() {
        match c {
            _ if in_slot => in_slot = c != '}',
            '{' => (in_slot, in_word) = (true, false),
            _ => {
                let space = c.is_whitespace();
                words += usize::from(!space && !in_word);
                in_word = !space;
            }
        }
    }
    words
}

/// The built-in entries, in bank order.
pub(crate) fn builtin_entries() -> anyhow::Result<Vec<PhraseEntry>> {
    BUILTIN
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            raw.entry()
                .map(PhraseEntry::from)
                .map_err(|e| raw.error(i, &e))
        })
        .collect()
}

/// A phrasing on its way into the bank, its text borrowed when built in.
struct Entry<'a> {
    rule: Rule,
    topic: Option<&'a str>,
    familiarity: Familiarity,
    style: Style,
    setting: Option<Setting>,
    text: Cow<'static, str>,
    replace: bool,
}

impl PhraseEntry {
    /// The entry on its way into the bank (its text copied: the bank
    /// outlives the config it was made from).
    fn borrowed(&self) -> Entry<'_> {
        Entry {
            rule: self.rule,
            topic: self.topic.as_deref(),
            familiarity: self.familiarity,
            style: self.style,
            setting: self.setting,
            text: Cow::Owned(self.text.clone()),
            replace: self.replace,
        }
    }
}

impl From<Entry<'_>> for PhraseEntry {
    fn from(entry: Entry<'_>) -> PhraseEntry {
        PhraseEntry {
            rule: entry.rule,
            topic: entry.topic.map(str::to_string),
            familiarity: entry.familiarity,
            style: entry.style,
            setting: entry.setting,
            text: entry.text.into_owned(),
            replace: entry.replace,
        }
    }
}

impl BuiltinEntry {
    fn entry(&self) -> Result<Entry<'static>, serde::de::value::Error> {
        Ok(Entry {
            rule: named("rule", self.rule)?,
            topic: self.topic,
            familiarity: named("familiarity", self.familiarity)?,
            style: self
                .style
                .map_or(Ok(Style::default()), |s| named("style", Some(s)))?,
            setting: self
                .setting
                .map(|s| named("setting", Some(s)))
                .transpose()?,
            text: Cow::Borrowed(named::<&str>("text", self.text)?),
            replace: self.replace,
        })
    }

    fn error(&self, i: usize, e: &serde::de::value::Error) -> anyhow::Error {
        anyhow::anyhow!("built-in phrase bank `{}`: phrase {i}: {e}", self.file)
    }
}

/// A required value, through the same names the config's serde uses.
fn named<T: Deserialize<'static>>(
    key: &'static str,
    value: Option<&'static str>,
) -> Result<T, serde::de::value::Error> {
    use serde::de::value::BorrowedStrDeserializer;
    use serde::de::Error;
    let value = value.ok_or_else(|| Error::missing_field(key))?;
    T::deserialize(BorrowedStrDeserializer::new(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrase::fill::fill;
    use crate::phrase::lint;

    fn entry(rule: Rule, topic: Option<&str>, text: &str) -> PhraseEntry {
        PhraseEntry {
            rule,
            topic: topic.map(String::from),
            familiarity: Familiarity::Warm,
            style: Style::Hint,
            setting: None,
            text: text.into(),
            replace: false,
        }
    }

    #[test]
    fn custom_phrases_add_to_or_replace_the_builtin_ones() {
        let slots = Slots::default();
        let count = |bank: &Bank, setting| {
            bank.candidates(
                Rule::WelcomeBack,
                "",
                Familiarity::Warm,
                Style::Hint,
                setting,
                &slots,
            )
            .len()
        };
        let builtin = Bank::new(&[]).unwrap();
        let n = count(&builtin, Setting::Hotel);
        let mut extra = entry(Rule::WelcomeBack, None, "Good to have them back {place}.");
        let added = Bank::new(std::slice::from_ref(&extra)).unwrap();
        assert_eq!(count(&added, Setting::Hotel), n + 1);
        extra.replace = true;
        extra.setting = Some(Setting::Hotel);
        let replaced = Bank::new(std::slice::from_ref(&extra)).unwrap();
        let only = replaced.candidates(
            Rule::WelcomeBack,
            "",
            Familiarity::Warm,
            Style::Hint,
            Setting::Hotel,
            &slots,
        );
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].id, "welcome_back.warm.custom.1");
        assert_eq!(only[0].group(), "welcome_back.warm");
        assert_eq!(count(&replaced, Setting::Flight), n);
    }

    /// Every fault at once, so one run shows the whole list to mend.
    #[test]
    fn the_builtin_bank_passes_the_lint() {
        let mut faults = Vec::new();
        for e in builtin_entries().unwrap() {
            if let Err(p) = e.lint() {
                faults.push(format!(
                    "{} {:?}: {} — {}",
                    e.rule, e.topic, p.message, e.text
                ));
            }
        }
        let bank = Bank::new(&[]).unwrap();
        for (key, group) in bank.groups() {
            let texts: Vec<&str> = group.iter().map(|v| v.text.as_str()).collect();
            if let Err(problem) = lint::group(key.0, key.1, &texts) {
                faults.push(format!("{}: {problem}", group_key_name(key)));
            }
        }
        faults.extend(shared_across_groups(&bank));
        assert!(faults.is_empty(), "{}", faults.join("\n"));
    }

    #[test]
    fn a_sentence_shared_between_registers_is_found() {
        let warm = entry(Rule::WelcomeBack, None, "Quite a sentence to share.");
        let mut reserved = warm.clone();
        reserved.familiarity = Familiarity::Reserved;
        let bank = Bank::new(&[warm, reserved]).unwrap();
        let faults = shared_across_groups(&bank);
        assert_eq!(faults.len(), 1, "{faults:?}");
        assert!(faults[0].contains("welcome_back.warm"), "{faults:?}");
    }

    /// A sentence with no slot, in two groups of one rule and style (two
    /// registers, two topics): neighbours drawing from different groups —
    /// a gentle-tone customer beside a warm one — could hear it twice.
    fn shared_across_groups(bank: &Bank) -> Vec<String> {
        let mut first: HashMap<(Rule, Style, String), String> = HashMap::new();
        let mut faults = Vec::new();
        let mut groups: Vec<_> = bank.groups().collect();
        groups.sort_by_key(|(key, _)| group_key_name(key));
        for (key, group) in groups {
            let name = group_key_name(key);
            for v in group {
                for sentence in lint::sentences(&v.text).filter(|s| !s.contains('{')) {
                    let at = (key.0, key.3, sentence.to_lowercase());
                    match first.get(&at) {
                        Some(other) if *other != name => {
                            faults.push(format!("{name} and {other} share `{sentence}`"));
                        }
                        Some(_) => {}
                        None => {
                            first.insert(at, name.clone());
                        }
                    }
                }
            }
        }
        faults
    }

    /// Depth: every rule and topic has at least 8 phrasings at every
    /// familiarity (a customer who needs a gentle tone hears every cue in
    /// the reserved register), in each style and setting. Observed
    /// occasions are hints only, at familiar; an extra seat has no opener.
    #[test]
    fn the_builtin_bank_is_deep_enough() {
        let entries = builtin_entries().unwrap();
        for rule in Rule::ALL {
            let topics: Vec<&str> = if rule.topics().is_empty() {
                vec![""]
            } else {
                rule.topics().to_vec()
            };
            for topic in topics {
                for (fam, style) in groups_needed(rule, topic) {
                    for setting in Setting::ALL {
                        let n = entries
                            .iter()
                            .filter(|e| e.rule == rule && e.familiarity == fam && e.style == style)
                            .filter(|e| e.topic.as_deref().unwrap_or("") == topic)
                            .filter(|e| e.setting.is_none_or(|s| s == setting))
                            .count();
                        assert!(n >= 8, "{rule}.{topic} {fam} {style:?} {setting}: only {n}");
                    }
                }
            }
        }
    }

    fn groups_needed(rule: Rule, topic: &str) -> Vec<(Familiarity, Style)> {
        if (rule, topic) == (Rule::Occasion, "observed") {
            return vec![(Familiarity::Familiar, Style::Hint)];
        }
        let styles: &[Style] = if (rule, topic) == (Rule::Assist, "extra_seat") {
            &[Style::Hint]
        } else {
            &Style::ALL
        };
        Familiarity::ALL
            .into_iter()
            .flat_map(|f| styles.iter().map(move |s| (f, *s)))
            .collect()
    }

    #[test]
    fn fits_counts_the_words_fill_would_make() {
        let slots = Slots {
            name: Some("Ana  Maria".into()),
            when: Some("about a year and a half ago".into()),
            value: Some(" a  b c d e f ".into()),
            ..Slots::default()
        };
        let texts = [
            "{name}'s {value} {when}.",
            "{when}{name} x",
            "one two three four five six seven eight nine ten eleven {when}",
            "one two three four five six seven eight nine ten eleven twelve {when}",
        ];
        for text in texts {
            let words = fill(text, &slots, Setting::Hotel)
                .split_whitespace()
                .count();
            assert_eq!(
                fits(text, &slots, Setting::Hotel),
                words <= MAX_WORDS,
                "{text}"
            );
        }
    }

    #[test]
    fn the_bound_never_passes_a_phrasing_that_is_too_long() {
        let bank = Bank::new(&[]).unwrap();
        let long = Slots {
            name: Some("Ana Maria de la Cruz".into()),
            when: Some("about a year and a half ago".into()),
            value: Some("a b c d e f".into()),
            item: Some("one two three four five six".into()),
            tier: Some("Important Guest".into()),
            since: Some("for over a decade"),
            occasion: Some("an anniversary".into()),
            ..Slots::default()
        };
        let words = SlotWords::of(&long);
        for (_, group) in bank.groups() {
            for v in group {
                for setting in Setting::ALL {
                    let filled = fill(&v.text, &long, setting).split_whitespace().count();
                    assert!(
                        !v.fits(&long, (&words, &Edges::of(&long)), setting) || filled <= MAX_WORDS,
                        "{}",
                        v.id
                    );
                }
            }
        }
    }
}
