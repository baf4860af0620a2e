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
    let lower = text.to_lowercase();
    lower.split(['.', '!', '?', '—', ';', ',']).any(|clause| {
        let clause = clause.trim_start();
        locale::GREETINGS.iter().any(|g| {
            clause.starts_with(g)
                && !clause[g.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '\'')
        })
    })
}

/// Whether a text greets informally ("Hi", "Hey") anywhere.
pub(crate) fn informal(text: &str) -> bool {
    find_word(&text.to_lowercase(), locale::INFORMAL_GREETINGS).is_some()
}

/// The first of `list` (single words or phrases) found in `lower` as whole
/// words.
pub(crate) fn find_word(lower: &str, list: &[&'static str]) -> Option<&'static str> {
    let bounded = |at: usize, len: usize| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + len..].chars().next();
        let edge =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '\'' || c == '_'));
        edge(before) && edge(after)
    };
    list.iter().copied().find(|word| {
        lower
            .match_indices(word)
            .any(|(at, _)| bounded(at, word.len()))
    })
}
