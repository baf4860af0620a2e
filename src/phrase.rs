//! The phrase bank: built-in and configured phrasings per rule, topic,
//! familiarity, style and setting; the lint every phrasing must pass; and
//! filling a chosen phrasing's `{slots}` into a finished cue text.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::restricted::names_restricted;
use crate::variation::Fnv;
use crate::vocab::{Familiarity, Rule, Setting, Style};

/// A built-in phrasing as `build.rs` wrote it from `src/bank/*.toml`: the
/// TOML is parsed at build time, the names are checked here.
struct Raw {
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
const BUILTIN: &[Raw] = include!(concat!(env!("OUT_DIR"), "/bank.rs"));

/// Longest cue, in words (principle 6).
pub const MAX_WORDS: usize = 20;

/// One phrasing, as written in the bank or a config's `[[phrases]]`.
#[derive(Deserialize, Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhraseEntry {
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

/// Slots and the most words each may fill, for the length lint.
const SLOTS: &[(&str, usize)] = &[
    ("name", 2),
    ("with_us", 3),
    ("visit", 1),
    ("place", 3),
    ("when", 4),
    ("value", 6),
    ("item", 6),
    ("tier", 2),
    ("since", 4),
];

/// Words that would leak our internals into a cue.
const INTERNAL_LABELS: &[&str] = &[
    "ssr",
    "profile",
    "record",
    "segment",
    "score",
    "data",
    "inferred",
    "rung",
    "familiarity",
    "database",
    "flag",
    "rule",
];

/// A lint finding: which field and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

impl PhraseEntry {
    /// Checks the phrasing against §6: known topic and slots, no raw-number
    /// slot or digit, no restricted word or internal label, at most 20 words.
    pub fn lint(&self) -> Result<(), Problem> {
        let problem = |field, message: String| Err(Problem { field, message });
        let topics = self.rule.topics();
        match self.topic.as_deref() {
            None if !topics.is_empty() => {
                return problem(
                    "topic",
                    format!("rule `{}` needs a topic: {}", self.rule, topics.join(", ")),
                )
            }
            Some(t) if !topics.contains(&t) => {
                return problem(
                    "topic",
                    format!(
                        "unknown topic for rule `{}`; expected one of: {}",
                        self.rule,
                        topics.join(", ")
                    ),
                )
            }
            _ => {}
        }
        let slots = slots_in(&self.text).map_err(|m| Problem {
            field: "text",
            message: m,
        })?;
        if let Some(bad) = slots.iter().find(|s| slot_words(s).is_none()) {
            return problem("text", format!("unknown slot `{{{bad}}}`"));
        }
        if self.text.chars().any(|c| c.is_ascii_digit()) {
            return problem("text", "contains a digit: numbers must be words".into());
        }
        if names_restricted(&self.text) {
            return problem("text", "contains a restricted word".into());
        }
        if let Some(label) = internal_label(&self.text) {
            return problem("text", format!("contains the internal label `{label}`"));
        }
        // A language name is a word or two; other values may run to six.
        let value_words = if self.topic.as_deref() == Some("language_named") {
            2
        } else {
            6
        };
        let words = max_words(&self.text, value_words);
        if words > MAX_WORDS {
            return problem(
                "text",
                format!("may reach {words} words; the limit is {MAX_WORDS}"),
            );
        }
        Ok(())
    }
}

fn slot_words(slot: &str) -> Option<usize> {
    SLOTS.iter().find(|(s, _)| *s == slot).map(|(_, w)| *w)
}

/// The `{slots}` a text uses; unbalanced braces are an error.
fn slots_in(text: &str) -> Result<Vec<&str>, String> {
    let mut slots = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("unbalanced `}`".into());
        }
        let close = rest[open..].find('}').ok_or("unbalanced `{`")? + open;
        slots.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    Ok(slots)
}

fn internal_label(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .collect();
    INTERNAL_LABELS
        .iter()
        .copied()
        .find(|label| words.contains(label))
        .or_else(|| {
            Rule::ALL
                .iter()
                .map(|r| r.as_str())
                .find(|r| r.contains('_') && lower.contains(r))
        })
}

/// Words in the text with every slot at its longest.
fn max_words(text: &str, value_words: usize) -> usize {
    text.split_whitespace()
        .map(
            |word| match slots_in(word).ok().and_then(|s| s.first().copied()) {
                Some("value") => value_words,
                Some(slot) => slot_words(slot).unwrap_or(1),
                None => 1,
            },
        )
        .sum()
}

/// What a phrasing may be filled with.
#[derive(Default, Clone)]
pub struct Slots {
    pub name: Option<String>,
    pub when: Option<String>,
    pub value: Option<String>,
    pub item: Option<String>,
    pub tier: Option<String>,
    pub since: Option<&'static str>,
}

impl Slots {
    /// The slots that can be filled, as a bit set (see [`slot_bit`]); the
    /// setting's words are always there.
    fn available(&self) -> u16 {
        let bit = |name: &str, present: bool| {
            if present {
                slot_bit(name).unwrap_or(0)
            } else {
                0
            }
        };
        bit("with_us", true)
            | bit("visit", true)
            | bit("place", true)
            | bit("name", self.name.is_some())
            | bit("when", self.when.is_some())
            | bit("value", self.value.is_some())
            | bit("item", self.item.is_some())
            | bit("tier", self.tier.is_some())
            | bit("since", self.since.is_some())
    }

    fn get(&self, slot: &str, setting: Setting) -> Option<Cow<'_, str>> {
        match slot {
            "name" => self.name.as_deref().map(Cow::Borrowed),
            "with_us" => Some(setting.with_us().into()),
            "visit" => Some(setting.visit().into()),
            "place" => Some(setting.place().into()),
            "when" => self.when.as_deref().map(Cow::Borrowed),
            "value" => self.value.as_deref().map(|v| clip_words(v, 6)),
            "item" => self.item.as_deref().map(|v| clip_words(v, 6)),
            "tier" => self.tier.as_deref().map(|v| clip_words(v, 2)),
            "since" => self.since.map(Cow::Borrowed),
            _ => None,
        }
    }
}

/// The slots whose values have no fixed longest length.
const VARYING: [&str; 3] = ["name", "when", "since"];

/// The most words a slot other than [`VARYING`] fills in: the setting's
/// words at their longest, values as clipped by [`Slots::get`].
fn most_words(slot: &str) -> usize {
    let words = |f: fn(Setting) -> &'static str| {
        Setting::ALL
            .iter()
            .map(|&s| f(s).split_whitespace().count())
            .max()
            .unwrap_or(0)
    };
    match slot {
        "with_us" => words(Setting::with_us),
        "visit" => words(Setting::visit),
        "place" => words(Setting::place),
        "value" | "item" => 6,
        "tier" => 2,
        _ => 0,
    }
}

/// How many words one cue's [`VARYING`] slots hold (saturating at 255).
pub struct SlotWords([u8; 3]);

impl SlotWords {
    pub fn of(slots: &Slots) -> SlotWords {
        let count = |v: Option<&str>| u8::try_from(v.map_or(0, words)).unwrap_or(u8::MAX);
        SlotWords([
            count(slots.name.as_deref()),
            count(slots.when.as_deref()),
            count(slots.since),
        ])
    }
}

/// Words, as `split_whitespace` counts them; ASCII text by its bytes.
fn words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let (mut words, mut in_word) = (0, false);
    for &b in text.as_bytes() {
        words += usize::from(!space(b) && !in_word);
        in_word = !space(b);
    }
    words
}

/// Keeps at most `n` words, marking a cut with an ellipsis; borrows when
/// the text is already `n` words or fewer, single-spaced.
fn clip_words(text: &str, n: usize) -> Cow<'_, str> {
    let tidy = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.chars().any(|c| c.is_whitespace() && c != ' ');
    if tidy && text.bytes().filter(|&b| b == b' ').count() < n {
        return Cow::Borrowed(text);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        Cow::Owned(words.join(" "))
    } else {
        Cow::Owned(format!("{}…", words[..n].join(" ")))
    }
}

/// A phrasing in the bank, with its stable variant id.
pub struct Variant {
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

    /// Whether the text filled with `slots` keeps to [`MAX_WORDS`]. The
    /// words of the pieces bound the words of the whole (joining pieces
    /// can only merge words), so the text is only walked when that bound
    /// is over the limit.
    pub fn fits(&self, slots: &Slots, words: &SlotWords, setting: Setting) -> bool {
        let varying: usize = self
            .varying
            .iter()
            .zip(words.0)
            .map(|(&uses, n)| usize::from(uses) * usize::from(n))
            .sum();
        self.bound + varying <= MAX_WORDS || fits(&self.text, slots, setting)
    }

    /// The group it belongs to: its id without the number.
    pub fn group(&self) -> &str {
        let group = self
            .id
            .rsplit_once('.')
            .map_or(self.id.as_str(), |(g, _)| g);
        group.strip_suffix(".custom").unwrap_or(group)
    }
}

type Key = (Rule, &'static str, Familiarity, Style);

/// All phrasings, grouped for lookup.
pub struct Bank {
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
                    let id = if w.builtin {
                        format!("{name}.{n}")
                    } else {
                        format!("{name}.custom.{n}")
                    };
                    Variant::new(id, group_hash, place, w)
                })
                .collect()
        })
    }
}

impl Bank {
    /// The built-in bank plus `extra` phrasings from the config.
    pub fn new(extra: &[PhraseEntry]) -> anyhow::Result<Bank> {
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
    pub fn candidates<'b>(
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
                    return usable;
                }
            }
        }
        Vec::new()
    }

    /// Every phrasing, for the lint and for tests.
    pub fn groups(&self) -> impl Iterator<Item = (&Key, &[Variant])> {
        self.groups
            .iter()
            .map(|(key, group)| (key, group.variants(key)))
    }
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
pub fn builtin_entries() -> anyhow::Result<Vec<PhraseEntry>> {
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

impl Raw {
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

/// A slot's bit in a [`Variant`]'s set of needed slots.
fn slot_bit(slot: &str) -> Option<u16> {
    SLOTS.iter().position(|(s, _)| *s == slot).map(|i| 1 << i)
}

/// Fills a phrasing's slots; the first letter is capitalised.
pub fn fill(text: &str, slots: &Slots, setting: Setting) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    pieces(text, slots, setting, |piece| out.push_str(piece));
    capitalise(out)
}

/// Whether the filled phrasing keeps to [`MAX_WORDS`], worked out without
/// building it (the cabin's wording is chosen in input order, on one core).
pub fn fits(text: &str, slots: &Slots, setting: Setting) -> bool {
    let (mut words, mut in_word) = (0usize, false);
    pieces(text, slots, setting, |piece| {
        for c in piece.chars() {
            let starts = !c.is_whitespace() && !in_word;
            words += usize::from(starts);
            in_word = !c.is_whitespace();
        }
    });
    words <= MAX_WORDS
}

/// Hands `emit` the text's literal parts and slot values, in order.
fn pieces(text: &str, slots: &Slots, setting: Setting, mut emit: impl FnMut(&str)) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        emit(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if let Some(value) = slots.get(&rest[open + 1..close], setting) {
            emit(&value);
        }
        rest = &rest[close + 1..];
    }
    emit(rest);
}

fn capitalise(mut out: String) -> String {
    match out.chars().next() {
        Some(first) if first.is_ascii() => out[..1].make_ascii_uppercase(),
        Some(first) => out.replace_range(..first.len_utf8(), &first.to_uppercase().to_string()),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "a",
            " a  b ",
            "a\tb\nc\x0bd\x0ce\rf",
            "x\u{a0}y",
            "naïve  café ok",
        ] {
            assert_eq!(words(text), text.split_whitespace().count(), "{text:?}");
        }
    }

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

    #[test]
    fn the_builtin_bank_passes_the_lint() {
        for e in builtin_entries().unwrap() {
            if let Err(p) = e.lint() {
                panic!("{} {:?}: {:?} — {}", e.rule, e.topic, p, e.text);
            }
        }
    }

    /// Depth: every rule has at least 8 phrasings (12 for the most common
    /// rules) at each familiarity it can fire at, in each style and setting,
    /// and every topic group has several.
    #[test]
    fn the_builtin_bank_is_deep_enough() {
        let entries = builtin_entries().unwrap();
        for rule in Rule::ALL {
            let need = match rule {
                Rule::WelcomeBack | Rule::LongStanding | Rule::Preference => 12,
                _ => 8,
            };
            let topics: Vec<&str> = if rule.topics().is_empty() {
                vec![""]
            } else {
                rule.topics().to_vec()
            };
            for fam in Familiarity::ALL
                .into_iter()
                .filter(|f| rule.rung().is_none_or(|r| r <= f.max_rung()))
            {
                for style in Style::ALL {
                    for setting in Setting::ALL {
                        let usable = |topic: &str| {
                            entries
                                .iter()
                                .filter(|e| {
                                    e.rule == rule && e.familiarity == fam && e.style == style
                                })
                                .filter(|e| e.topic.as_deref().unwrap_or("") == topic)
                                .filter(|e| e.setting.is_none_or(|s| s == setting))
                                .map(|e| e.text.as_str())
                                .collect::<std::collections::HashSet<_>>()
                        };
                        let total: usize = topics.iter().map(|t| usable(t).len()).sum();
                        assert!(
                            total >= need,
                            "{rule} {fam} {style:?} {setting}: {total} < {need}"
                        );
                        for topic in &topics {
                            let n = usable(topic).len();
                            assert!(n >= 5, "{rule}.{topic} {fam} {style:?} {setting}: only {n}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn lint_catches_each_kind_of_problem() {
        let bad = [
            entry(Rule::WelcomeBack, None, "Back again after {count} trips."),
            entry(Rule::WelcomeBack, None, "Back for the 3rd time."),
            entry(Rule::Assist, Some("meal"), "Their kosher meal is on board."),
            entry(
                Rule::WelcomeBack,
                None,
                "Their segment says they are a regular.",
            ),
            entry(Rule::WelcomeBack, None, &"word ".repeat(21)),
            entry(Rule::Preference, Some("wine"), "Likes {value}."),
            entry(Rule::Preference, None, "Likes {value}."),
            entry(Rule::WelcomeBack, None, "Unbalanced {name."),
        ];
        for e in bad {
            assert!(e.lint().is_err(), "{}", e.text);
        }
        assert!(entry(
            Rule::WelcomeBack,
            None,
            "Good to have {name} back {with_us}."
        )
        .lint()
        .is_ok());
    }

    #[test]
    fn fill_substitutes_and_capitalises() {
        let slots = Slots {
            when: Some("last week".into()),
            ..Slots::default()
        };
        assert_eq!(
            fill("{when} was bumpy {place}.", &slots, Setting::Flight),
            "Last week was bumpy on board."
        );
        assert_eq!(slots.available() & slot_bit("name").unwrap(), 0);
        assert_ne!(slots.available() & slot_bit("when").unwrap(), 0);
    }

    #[test]
    fn fits_counts_the_words_fill_would_make() {
        let slots = Slots {
            name: Some("Ana  Maria".into()),
            when: Some("about a year and a half ago".into()),
            value: Some(" a  b c d e f g h ".into()),
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
            value: Some("a b c d e f g h i".into()),
            item: Some("one two three four five six seven".into()),
            tier: Some("Very Important Guest".into()),
            since: Some("for over a decade"),
        };
        let words = SlotWords::of(&long);
        for (_, group) in bank.groups() {
            for v in group {
                for setting in Setting::ALL {
                    let filled = fill(&v.text, &long, setting).split_whitespace().count();
                    assert_eq!(
                        v.fits(&long, &words, setting),
                        filled <= MAX_WORDS,
                        "{}",
                        v.id
                    );
                }
            }
        }
    }

    #[test]
    fn long_values_are_clipped() {
        assert_eq!(clip_words("a b c d e f g h", 6), "a b c d e f…");
        assert_eq!(clip_words(" a  b ", 6), "a b");
        assert_eq!(clip_words("a\tb", 6), "a b");
        assert!(matches!(clip_words("a b c", 3), Cow::Borrowed("a b c")));
    }
}
