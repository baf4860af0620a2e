//! The slots a phrasing may use, in one table of facts (name, grammar,
//! word budget, fallback), and the values one cue fills them with.

use std::borrow::Cow;

use crate::locale::en as locale;
use crate::vocab::Setting;

/// Longest cue, in words (principle 6).
pub(crate) const MAX_WORDS: usize = 20;

/// What kind of words a slot holds, which decides where a phrasing may put
/// it (see [`crate::phrase::lint`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Grammar {
    /// How to address them: a first name or a title and surname.
    Name,
    /// The setting's own words ("flying with us", "flight", "on board").
    Setting,
    /// A relative time, past or future ("last week", "tomorrow").
    Time,
    /// Words staff typed: may carry a comma, be plural, or bring its own
    /// determiner ("sparkling water, no ice", "The Remains of the Day"). It
    /// must end its clause and never follow a determiner.
    Typed,
    /// A proper name of a tier ("Gold", "Advantage"): its article is set by
    /// sound when the cue is filled.
    TierName,
    /// A tenure phrase that starts with "for" ("for over a decade").
    Tenure,
    /// A noun phrase with its article ("a birthday").
    NounPhrase,
}

/// What a cue does when a slot's value is missing or over its budget.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Fallback {
    /// The setting's words are always there.
    Always,
    /// A phrasing of the same group that does not use the slot: a value is
    /// never cut mid-phrase ("their usual drink" instead).
    Omit,
}

/// One slot's facts.
pub(crate) struct SlotFact {
    pub name: &'static str,
    pub grammar: Grammar,
    /// The most words its value may have; a longer one is not used.
    pub budget: usize,
    pub fallback: Fallback,
}

/// Every slot. A slot's place here is its bit in a phrasing's set of
/// needed slots.
pub(crate) const SLOTS: &[SlotFact] = &[
    fact("name", Grammar::Name, 4, Fallback::Omit),
    fact("with_us", Grammar::Setting, 3, Fallback::Always),
    fact("visit", Grammar::Setting, 1, Fallback::Always),
    fact("place", Grammar::Setting, 3, Fallback::Always),
    fact("when", Grammar::Time, 4, Fallback::Omit),
    fact("value", Grammar::Typed, 6, Fallback::Omit),
    fact("item", Grammar::Typed, 6, Fallback::Omit),
    fact("tier", Grammar::TierName, 2, Fallback::Omit),
    fact("since", Grammar::Tenure, 4, Fallback::Omit),
    fact("occasion", Grammar::NounPhrase, 2, Fallback::Omit),
];

const fn fact(name: &'static str, grammar: Grammar, budget: usize, fallback: Fallback) -> SlotFact {
    SlotFact {
        name,
        grammar,
        budget,
        fallback,
    }
}

/// A slot's facts by name.
pub(crate) fn slot(name: &str) -> Option<&'static SlotFact> {
    SLOTS.iter().find(|s| s.name == name)
}

/// A slot's bit in a set of needed slots.
pub(crate) fn slot_bit(name: &str) -> Option<u16> {
    SLOTS.iter().position(|s| s.name == name).map(|i| 1 << i)
}

/// The `{slots}` a text uses; unbalanced braces are an error.
pub(crate) fn slots_in(text: &str) -> Result<Vec<&str>, String> {
    let mut slots = Vec::new();
    let mut rest = text;
    while let Some(open) = memchr::memchr2(b'{', b'}', rest.as_bytes()) {
        if rest.as_bytes()[open] == b'}' {
            return Err("unbalanced `}`".into());
        }
        let close = rest[open..].find('}').ok_or("unbalanced `{`")? + open;
        slots.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    Ok(slots)
}

/// What a phrasing may be filled with.
#[derive(Default, Clone)]
pub(crate) struct Slots {
    pub name: Option<String>,
    /// The name is a title and surname ("Ms Okafor"): never after "hi".
    pub formal_name: bool,
    pub when: Option<String>,
    pub value: Option<String>,
    pub item: Option<String>,
    pub tier: Option<String>,
    pub since: Option<&'static str>,
    pub occasion: Option<String>,
}

impl Slots {
    /// A slot's value, if it has one within its budget.
    pub(crate) fn raw(&self, slot: &str) -> Option<&str> {
        let value = self.given(slot)?;
        let budget = self::slot(slot).map_or(0, |f| f.budget);
        (words(value) <= budget).then_some(value)
    }

    /// A slot's value as given, whatever its length: for checks on a
    /// phrasing already chosen by [`Slots::available`].
    pub(crate) fn given(&self, slot: &str) -> Option<&str> {
        match slot {
            "name" => self.name.as_deref(),
            "when" => self.when.as_deref(),
            "value" => self.value.as_deref(),
            "item" => self.item.as_deref(),
            "tier" => self.tier.as_deref(),
            "since" => self.since,
            "occasion" => self.occasion.as_deref(),
            _ => None,
        }
    }

    /// The slots that can be filled, as a bit set (see [`slot_bit`]): the
    /// setting's words always; the rest when present and within budget.
    pub(crate) fn available(&self) -> u16 {
        SLOTS
            .iter()
            .enumerate()
            .filter(|(_, f)| f.fallback == Fallback::Always || self.raw(f.name).is_some())
            .fold(0, |bits, (i, _)| bits | 1 << i)
    }

    /// A slot's text in `setting`, single-spaced.
    pub(crate) fn get(&self, slot: &str, setting: Setting) -> Option<Cow<'_, str>> {
        match slot {
            "with_us" => Some(locale::with_us(setting).into()),
            "visit" => Some(locale::visit(setting).into()),
            "place" => Some(locale::place(setting).into()),
            _ => self.raw(slot).map(single_spaced),
        }
    }
}

/// The text with runs of white space as one space; borrowed when tidy.
fn single_spaced(text: &str) -> Cow<'_, str> {
    let tidy = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.chars().any(|c| c.is_whitespace() && c != ' ');
    if tidy {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The slots whose values have no fixed longest length in words below the
/// limit that matters (`name` can be a long booked name; `when` and
/// `since` are short but counted exactly).
pub(crate) const VARYING: [&str; 3] = ["name", "when", "since"];

/// The most words a slot other than [`VARYING`] fills in: the setting's
/// words at their longest, values at their budget.
pub(crate) fn most_words(slot: &str) -> usize {
    let longest = |f: fn(Setting) -> &'static str| {
        Setting::ALL
            .iter()
            .map(|&s| f(s).split_whitespace().count())
            .max()
            .unwrap_or(0)
    };
    match slot {
        "with_us" => longest(locale::with_us),
        "visit" => longest(locale::visit),
        "place" => longest(locale::place),
        other => self::slot(other).map_or(0, |f| f.budget),
    }
}

/// How many words one cue's [`VARYING`] slots hold (saturating at 255).
pub(crate) struct SlotWords(pub [u8; 3]);

impl SlotWords {
    pub(crate) fn of(slots: &Slots) -> SlotWords {
        let count = |v: Option<&str>| u8::try_from(v.map_or(0, words)).unwrap_or(u8::MAX);
        SlotWords([
            count(slots.name.as_deref()),
            count(slots.when.as_deref()),
            count(slots.since),
        ])
    }
}

/// Words, as `split_whitespace` counts them; ASCII text by its bytes.
pub(crate) fn words(text: &str) -> usize {
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

    #[test]
    fn a_value_over_its_budget_is_not_available_never_cut() {
        let slots = Slots {
            value: Some("gin and tonic, light on the ice please".into()),
            item: Some("Middlemarch".into()),
            ..Slots::default()
        };
        assert_eq!(slots.raw("value"), None);
        assert_eq!(slots.available() & slot_bit("value").unwrap(), 0);
        assert_ne!(slots.available() & slot_bit("item").unwrap(), 0);
        assert_ne!(slots.available() & slot_bit("place").unwrap(), 0);
    }

    #[test]
    fn values_are_single_spaced() {
        let slots = Slots {
            value: Some(" a  b\tc ".into()),
            ..Slots::default()
        };
        assert_eq!(slots.get("value", Setting::Hotel).unwrap(), "a b c");
    }
}
