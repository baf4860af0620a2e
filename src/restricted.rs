//! Restricted categories (spec §5) and how each is treated. Anything not on
//! the list is withheld: the code fails closed.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// GDPR Art. 9 and 10 special categories plus the FCA vulnerability drivers.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Category {
    Health,
    Disability,
    Religion,
    Ethnicity,
    SexualOrientation,
    SexLife,
    Political,
    TradeUnion,
    Genetic,
    Biometric,
    Criminal,
    Immigration,
    Bereavement,
    LifeEvent,
    DomesticAbuse,
    FinancialHardship,
    Capability,
}

impl Category {
    pub(crate) const ALL: [Category; 17] = [
        Category::Health,
        Category::Disability,
        Category::Religion,
        Category::Ethnicity,
        Category::SexualOrientation,
        Category::SexLife,
        Category::Political,
        Category::TradeUnion,
        Category::Genetic,
        Category::Biometric,
        Category::Criminal,
        Category::Immigration,
        Category::Bereavement,
        Category::LifeEvent,
        Category::DomesticAbuse,
        Category::FinancialHardship,
        Category::Capability,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Category::Health => "health",
            Category::Disability => "disability",
            Category::Religion => "religion",
            Category::Ethnicity => "ethnicity",
            Category::SexualOrientation => "sexual_orientation",
            Category::SexLife => "sex_life",
            Category::Political => "political",
            Category::TradeUnion => "trade_union",
            Category::Genetic => "genetic",
            Category::Biometric => "biometric",
            Category::Criminal => "criminal",
            Category::Immigration => "immigration",
            Category::Bereavement => "bereavement",
            Category::LifeEvent => "life_event",
            Category::DomesticAbuse => "domestic_abuse",
            Category::FinancialHardship => "financial_hardship",
            Category::Capability => "capability",
        }
    }

    /// Reads a category name from a profile; `None` means unknown (withhold).
    pub(crate) fn parse(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What staff may get from a restricted category.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Treatment {
    /// Nothing at all.
    Withhold,
    /// At most one neutral tone hint per customer.
    Tone,
    /// An action-only cue for a service code in the category.
    Assist,
}

impl Treatment {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Treatment::Withhold => "withhold",
            Treatment::Tone => "tone",
            Treatment::Assist => "assist",
        }
    }
}

/// Word stems that name a condition, belief, life event or other
/// restricted fact. A printed value containing one is withheld (a "kosher"
/// meal preference is religion, whatever topic it was filed under), and the
/// phrase lint rejects templates containing one. Matched as word prefixes.
/// The list is data, `src/locale/en/restricted.txt`, one stem a line with
/// an example each that the tests hold it to.
pub(crate) fn restricted_words() -> &'static [(&'static str, &'static str)] {
    static WORDS: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("locale/en/restricted.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split_once(" | ").unwrap_or((l, "")))
            .collect()
    })
}

/// True when `text` contains a restricted word at the start of a word.
///
/// On the hot path (every printed value of every profile), so the words are
/// bucketed by their first two letters once and only word starts are tried.
pub(crate) fn names_restricted(text: &str) -> bool {
    // "The Qur’an", "Morning after pill", "birth-control": apostrophes and
    // hyphens are compared as the stems write them (straight, as spaces).
    if text.contains(['’', '‘', '-']) {
        let plain: String = text
            .chars()
            .map(|c| match c {
                '’' | '‘' => '\'',
                '-' => ' ',
                c => c,
            })
            .collect();
        return names_restricted_plain(&plain);
    }
    names_restricted_plain(text)
}

fn names_restricted_plain(text: &str) -> bool {
    if text.is_ascii() {
        return names_restricted_ascii(text.as_bytes());
    }
    let lower = text.to_lowercase();
    let mut previous_alnum = false;
    for (at, c) in lower.char_indices() {
        if !previous_alnum && c.is_ascii_lowercase() {
            let rest = &lower[at..];
            if bucket(rest.as_bytes())
                .iter()
                .any(|word| rest.starts_with(word))
            {
                return true;
            }
        }
        previous_alnum = c.is_alphanumeric();
    }
    false
}

/// [`names_restricted`] for ASCII text, which is most values: the same
/// word starts and prefixes, compared ignoring case without a lowered copy.
fn names_restricted_ascii(text: &[u8]) -> bool {
    let mut previous_alnum = false;
    for (at, &b) in text.iter().enumerate() {
        if !previous_alnum && b.is_ascii_alphabetic() {
            let rest = &text[at..];
            if bucket(rest).iter().any(|word| {
                rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word.as_bytes())
            }) {
                return true;
            }
        }
        previous_alnum = b.is_ascii_alphanumeric();
    }
    false
}

/// The stems that may start `rest`, which starts with an ASCII letter: by
/// its first two letters, so a word start is compared with one or two
/// stems rather than every stem of its letter.
fn bucket(rest: &[u8]) -> &'static [String] {
    let first = usize::from(rest[0].to_ascii_lowercase() - b'a');
    &buckets()[first][second(rest.get(1).copied())]
}

/// A stem's or text's second byte as a bucket: its letter, or 26 for any
/// other byte and for none.
fn second(byte: Option<u8>) -> usize {
    match byte.map(|b| b.to_ascii_lowercase()) {
        Some(b @ b'a'..=b'z') => usize::from(b - b'a'),
        _ => 26,
    }
}

type Buckets = [[Vec<String>; 27]; 26];

fn buckets() -> &'static Buckets {
    static BUCKETS: std::sync::OnceLock<Buckets> = std::sync::OnceLock::new();
    BUCKETS.get_or_init(|| {
        let mut buckets: Buckets = Default::default();
        for (word, _) in restricted_words() {
            // Stems are matched with hyphens read as spaces.
            let word = word.replace('-', " ");
            let bytes = word.as_bytes();
            let Some(first) = bytes.first().filter(|b| b.is_ascii_lowercase()) else {
                continue;
            };
            let row = &mut buckets[usize::from(first - b'a')];
            match bytes.get(1) {
                // A one-letter stem may start any word of its letter.
                None => row.iter_mut().for_each(|b| b.push(word.clone())),
                Some(&b) => row[second(Some(b))].push(word),
            }
        }
        buckets
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_round_trips() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(Category::parse("astrology"), None);
    }

    /// The list is data; each entry is linted and tested by its example.
    #[test]
    fn every_restricted_word_is_linted_and_catches_its_example() {
        let words = restricted_words();
        assert!(words.len() > 150, "{}", words.len());
        for (word, example) in words {
            let allowed = |b: u8| b.is_ascii_lowercase() || b" '-".contains(&b);
            assert!(word.bytes().all(allowed), "{word}: lower-case ASCII");
            assert!(!example.is_empty(), "{word}: needs an example");
            assert!(names_restricted(example), "{word}: misses `{example}`");
            let at_start = example
                .to_lowercase()
                .match_indices(word)
                .any(|(i, _)| i == 0 || !example.as_bytes()[i - 1].is_ascii_alphanumeric());
            assert!(at_start, "{word}: `{example}` is not its own example");
            for (other, _) in words.iter().filter(|(o, _)| o != word) {
                let redundant = word.starts_with(other) || word.contains(&format!(" {other}"));
                assert!(!redundant, "`{word}` is already caught by `{other}`");
            }
        }
    }

    /// Every stem tried at every word start of the lowered text, as the
    /// buckets must agree.
    fn names_restricted_by_every_stem(text: &str) -> bool {
        let lower = text
            .replace(['’', '‘'], "'")
            .replace('-', " ")
            .to_lowercase();
        let stems: Vec<String> = restricted_words()
            .iter()
            .map(|(w, _)| w.replace('-', " "))
            .collect();
        let mut previous_alnum = false;
        lower.char_indices().any(|(at, c)| {
            let starts = !previous_alnum && c.is_ascii_lowercase();
            previous_alnum = c.is_alphanumeric();
            starts && stems.iter().any(|s| lower[at..].starts_with(s.as_str()))
        })
    }

    proptest::proptest! {
        #[test]
        fn the_buckets_find_what_every_stem_finds(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "kosher", "KOSHER", "Kos", "halal", "pill", "Pillow", "birth", "-control",
                    "morning", " after", "qur", "’an", "'an", "vitamin", "in", "a", "x", " ",
                    "-", "é", "İ", "Σ", "9", ".", "pregnan", "Grief", "widow",
                ]),
                0..8,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(names_restricted(&text), names_restricted_by_every_stem(&text));
        }
    }

    #[test]
    fn private_purchases_are_caught_whatever_their_category() {
        for item in [
            "Morning-after pill",
            "Prenatal vitamins",
            "The Holy Quran (Oxford World's Classics)",
            "Book of Common Prayer",
            "Incontinence pads",
            "Intimate wash",
            "Vitamin D3 1000IU",
            "The Qur\u{2019}an",
            "Morning after pill",
            "Birth-control pills",
        ] {
            assert!(names_restricted(item), "{item}");
        }
        for item in [
            "Middlemarch",
            "A Tale of Two Cities",
            "Feather pillow",
            "Walking boots",
        ] {
            assert!(!names_restricted(item), "{item}");
        }
    }

    #[test]
    fn restricted_words_match_word_starts_only() {
        assert!(names_restricted("Kosher meal please"));
        assert!(names_restricted("low-lactose milk"));
        assert!(names_restricted("Gluten-free bread"));
        assert!(!names_restricted("sparkling water, no ice"));
        assert!(!names_restricted("a window seat"));
        // "visa" inside a word is not the word
        assert!(!names_restricted("revisable plan"));
        assert!(names_restricted("Pension Credit form"));
        assert!(names_restricted("(Halal) box"));
        assert!(!names_restricted(""));
        assert!(names_restricted("KOSHER"));
        assert!(names_restricted("Zoë's kosher meal"));
        assert!(!names_restricted("Zoë's window seat"));
    }
}
