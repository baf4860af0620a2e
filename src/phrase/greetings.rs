//! Greetings in a phrasing: whether a rule's openers may greet, whether a
//! text greets, and whether it greets informally. Read by the bank (to
//! file each phrasing), the briefer (one greeting per customer) and the
//! lint.

use crate::locale::en as locale;
use crate::vocab::Rule;

/// Whether a rule's openers may greet (the one greeting a customer gets).
pub(crate) fn may_greet(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::FirstVisit | Rule::WelcomeBack | Rule::LongStanding | Rule::NewTier
    )
}

/// Whether a text greets: a sentence or clause of it opens with a greeting
/// ("Happy birthday — great to see you!" greets as surely as "Hello").
pub(crate) fn greets(text: &str) -> bool {
    clauses(text).any(|clause| opens_with_greeting(clause.trim_start()))
}

/// A text's clauses, split where `.`, `!`, `?`, `;`, `,` or `—` stands,
/// found byte by byte: the bank asks this of every phrasing of a group the
/// first time the group is used, and a crew's run uses over a thousand.
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        let bytes = text.as_bytes();
        let end = bytes.iter().enumerate().find_map(|(at, &b)| match b {
            b'.' | b'!' | b'?' | b';' | b',' => Some((at, 1)),
            0xE2 if bytes[at..].starts_with("—".as_bytes()) => Some((at, 3)),
            _ => None,
        });
        match end {
            Some((at, len)) => {
                rest = Some(&text[at + len..]);
                Some(&text[..at])
            }
            None => rest.take(),
        }
    })
}

/// Whether a clause opens with a greeting as a whole word, in lower case.
fn opens_with_greeting(clause: &str) -> bool {
    let Some(&first) = clause.as_bytes().first() else {
        return false;
    };
    // An ASCII first letter rules out every greeting that starts with
    // another; a non-ASCII one may lower to anything, so rules out none.
    let first = first.to_ascii_lowercase();
    locale::GREETINGS
        .iter()
        .filter(|greeting| !first.is_ascii() || greeting.as_bytes().first() == Some(&first))
        .any(
            |greeting| match starts_with_word_ascii(clause.as_bytes(), greeting.as_bytes()) {
                Some(found) => found,
                None => starts_with_word_lowered(clause, greeting),
            },
        )
}

/// Whether `clause` opens with the lower-case ASCII `word` as a whole word,
/// comparing ASCII bytes without lowering the clause; `None` when a
/// non-ASCII character decides it, whose lower case may differ in length.
fn starts_with_word_ascii(clause: &[u8], word: &[u8]) -> Option<bool> {
    for (at, &w) in word.iter().enumerate() {
        match clause.get(at) {
            None => return Some(false),
            Some(c) if !c.is_ascii() => return None,
            Some(c) if c.to_ascii_lowercase() != w => return Some(false),
            Some(_) => {}
        }
    }
    match clause.get(word.len()) {
        None => Some(true),
        Some(c) if c.is_ascii() => Some(!is_word_char(char::from(*c))),
        Some(_) => None,
    }
}

/// [`starts_with_word_ascii`] for any clause: each character lowered as
/// `str::to_lowercase` lowers it.
fn starts_with_word_lowered(clause: &str, word: &str) -> bool {
    let mut lower = clause.chars().flat_map(char::to_lowercase);
    word.chars().all(|c| lower.next() == Some(c)) && !lower.next().is_some_and(is_word_char)
}

/// Whether a text greets informally ("Hi", "Hey") anywhere.
pub(crate) fn informal(text: &str) -> bool {
    find_word(&text.to_lowercase(), locale::INFORMAL_GREETINGS).is_some()
}

/// Whether a character is part of a word: a letter, a digit or an
/// apostrophe ("they'd").
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// The first of `list` (single words or phrases) found in `lower` as whole
/// words.
pub(crate) fn find_word(lower: &str, list: &[&'static str]) -> Option<&'static str> {
    let bounded = |at: usize, len: usize| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + len..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !(is_word_char(c) || c == '_'));
        edge(before) && edge(after)
    };
    list.iter().copied().find(|word| {
        lower
            .match_indices(word)
            .any(|(at, _)| bounded(at, word.len()))
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The checks as first written, lowering the whole text and searching
    /// it: the faster ones must agree with them on every text.
    fn greets_as_written(text: &str) -> bool {
        let lower = text.to_lowercase();
        lower.split(['.', '!', '?', '—', ';', ',']).any(|clause| {
            let clause = clause.trim_start();
            locale::GREETINGS.iter().any(|g| {
                clause.starts_with(g)
                    && !clause[g.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '\'')
            })
        })
    }

    /// Texts made of greeting words, their pieces, case changes, word and
    /// clause edges, and characters whose lower case is unusual.
    fn texts() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "Hi", "hi", "HI", "Hiya", "hey", "Hello", "hello", "Welcome", "welcome", "Good",
            "good", "morning", "evening", "to", "see", "you", "great", "Lovely", "nice", "his",
            "He", "she", "they", "him", " ", "  ", "\t", ",", ".", "!", "?", ";", "—", "–", "'",
            "’", "_", "-", "{name}", "h", "H", "ey", "\u{130}", "\u{212A}", "\u{3A3}", "É", "ß",
            "1", "x", "a",
        ]);
        prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn greets_agrees_with_lowering_the_whole_text(text in texts()) {
            prop_assert_eq!(greets(&text), greets_as_written(&text));
        }
    }

    #[test]
    fn a_greeting_is_found_whole_in_any_case_at_a_clause_start() {
        for text in [
            "Hello again.",
            "Good to see you, {name}.",
            "Hi {name}.",
            "Happy birthday — GREAT to see you!",
            // "İ" lowers to "i" and a combining dot, which ends the word "hi".
            "H\u{130} there",
        ] {
            assert!(greets(text), "{text}");
        }
        for text in [
            "Highly valued — thank them.",
            "Hillside seats are free.",
            "Say hello.",
            "Welcoming them matters.",
        ] {
            assert!(!greets(text), "{text}");
        }
        assert!(informal("Hi {name}!"));
        assert!(informal("Oh, HEY there"));
        assert!(!informal("They're here"));
        assert!(!informal("This is it."));
    }
}
