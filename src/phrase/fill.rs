//! Filling a chosen phrasing's `{slots}` into a finished cue, and whether
//! a phrasing suits one cue's values at all: a value is never cut, never
//! breaks its sentence with a comma, never doubles the word beside it and
//! agrees in number with its verb. The articles of the finished text are
//! set by sound.

use crate::locale::en as locale;
use crate::phrase::slots::{slot, slots_in, Grammar, Slots, MAX_WORDS, SLOTS};
use crate::vocab::Setting;

/// Fills a phrasing's slots; the phrasing's own "a"/"an" before a slot is
/// set by the sound of the value ("an Advantage member"), values are left
/// exactly as given ("A Is for Alibi"), and the first letter is capitalised.
pub(crate) fn fill(text: &str, slots: &Slots, setting: Setting) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut pending: Option<usize> = None;
    pieces_marked(text, slots, setting, |piece, is_value| {
        if let (true, Some(at)) = (is_value, pending.take()) {
            let article = locale::article_for(piece);
            let capital = out[at..].starts_with('A');
            out.truncate(at);
            out.push_str(if capital {
                &"An"[..article.len()]
            } else {
                article
            });
            out.push(' ');
        }
        out.push_str(piece);
        if !is_value {
            pending = trailing_article(&out);
        }
    });
    capitalise(out)
}

/// Where a trailing "a "/"an " (a whole word) starts in `text`.
fn trailing_article(text: &str) -> Option<usize> {
    let head = text.strip_suffix(' ')?;
    let word = head.rsplit(' ').next()?;
    let at = head.len() - word.len();
    matches!(word, "a" | "an" | "A" | "An").then_some(at)
}

/// Whether the filled phrasing keeps to [`MAX_WORDS`], worked out
/// without building it (the cabin's wording is chosen in input order).
pub(crate) fn fits(text: &str, slots: &Slots, setting: Setting) -> bool {
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
    pieces_marked(text, slots, setting, |piece, _| emit(piece));
}

/// [`pieces`], saying of each piece whether it is a slot's value.
fn pieces_marked(text: &str, slots: &Slots, setting: Setting, mut emit: impl FnMut(&str, bool)) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        emit(&rest[..open], false);
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if let Some(value) = slots.get(&rest[open + 1..close], setting) {
            emit(&value, true);
        }
        rest = &rest[close + 1..];
    }
    emit(rest, false);
}

fn capitalise(mut out: String) -> String {
    match out.chars().next() {
        Some(first) if first.is_ascii() => out[..1].make_ascii_uppercase(),
        Some(first) => out.replace_range(..first.len_utf8(), &first.to_uppercase().to_string()),
        None => {}
    }
    out
}

/// Where a slot stands in a phrasing: the words right before and after it
/// (lower case; empty at a sentence edge or by punctuation), the words
/// near it either side (two each), and whether its clause ends after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Joint {
    pub slot: &'static str,
    /// The slot's place in [`SLOTS`], where [`Edges`] keeps its value.
    pub at: usize,
    /// Whether the slot holds words staff typed ([`Grammar::Typed`]), kept
    /// here so the checks run for every phrasing need not look it up.
    pub typed: bool,
    pub before: String,
    pub after: String,
    pub near: Vec<String>,
    pub ends_clause: bool,
    /// Whether [`Joint::before`] is a determiner ("the {value}").
    pub after_determiner: bool,
    /// The number the verb right after the slot asks of its value.
    pub verb: Number,
}

/// The grammatical number a verb after a slot asks of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Number {
    /// No verb stands after it, or one that agrees with either.
    Any,
    /// "is", "was", "has".
    Singular,
    /// "are", "were", "have".
    Plural,
}

impl Number {
    fn asked_by(verb: &str) -> Number {
        match verb {
            "is" | "was" | "has" | "isn't" | "wasn't" => Number::Singular,
            "are" | "were" | "have" | "aren't" | "weren't" => Number::Plural,
            _ => Number::Any,
        }
    }
}

/// Whether a word is a determiner ("the", "their"), in any case.
fn is_determiner(word: &str) -> bool {
    locale::DETERMINERS
        .iter()
        .any(|d| d.eq_ignore_ascii_case(word))
}

/// Every slot's joint in a text (none for unknown slots).
pub(crate) fn joints(text: &str) -> Vec<Joint> {
    slots_in(text).map_or_else(|_| Vec::new(), |names| joints_of(text, &names))
}

/// The joints of `names`, the slots [`slots_in`] found in `text`.
pub(crate) fn joints_of(text: &str, names: &[&str]) -> Vec<Joint> {
    let mut out = Vec::with_capacity(names.len());
    let mut rest = text;
    let mut consumed = 0;
    for &name in names {
        let open = rest.find('{').unwrap_or(0) + consumed;
        let close = open + name.len() + 2;
        if let Some(fact) = slot(name) {
            let head = &text[..open];
            let tail = &text[close..];
            let near = head
                .split_whitespace()
                .rev()
                .take(2)
                .chain(tail.split_whitespace().take(2))
                .map(|w| bare(w).to_lowercase())
                .collect();
            let (before, after) = (last_word(head), first_word(tail));
            out.push(Joint {
                slot: fact.name,
                at: SLOTS.iter().position(|s| s.name == fact.name).unwrap_or(0),
                typed: fact.grammar == Grammar::Typed,
                after_determiner: is_determiner(&before),
                verb: Number::asked_by(&after),
                before,
                after,
                near,
                ends_clause: ends_clause(tail),
            });
        }
        consumed = close;
        rest = &text[close..];
    }
    out
}

/// Whether what follows a slot closes its clause: end of text, sentence
/// punctuation, a semicolon or colon, or a spaced dash.
pub(crate) fn ends_clause(tail: &str) -> bool {
    tail.is_empty()
        || tail.starts_with(['.', '?', '!', ';', ':', ')'])
        || tail.starts_with(" —")
        || tail.starts_with(" –")
}

/// A word without the punctuation around it.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
}

/// The word right before a slot, lower case; empty when punctuation stands
/// between them ("ahead of this: {value}" has no word right before).
fn last_word(text: &str) -> String {
    let Some(last) = text.split_whitespace().last() else {
        return String::new();
    };
    if last.ends_with(|c: char| !c.is_alphanumeric() && c != '\'') {
        return String::new();
    }
    bare(last).to_lowercase()
}

fn first_word(text: &str) -> String {
    let Some(first) = text.split_whitespace().next() else {
        return String::new();
    };
    // "{tier} member" is followed by "member"; "{value}." by nothing.
    if text.starts_with(char::is_whitespace) {
        first
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_lowercase()
    } else {
        String::new()
    }
}

/// Each filled slot's first and last words, bare, and what a typed value
/// says of itself, as the checks of every phrasing compare them: found once
/// for a cue, not once for each phrasing it might take.
pub(crate) struct Edges<'s>([Option<Edge<'s>>; SLOTS.len()]);

#[derive(Clone, Copy)]
struct Edge<'s> {
    first: &'s str,
    last: &'s str,
    /// What the checks of a typed slot ask of its value, answered once
    /// (false for the other slots, whose checks never ask).
    typed: Typed,
}

#[derive(Clone, Copy, Default)]
struct Typed {
    /// It holds a comma or semicolon: it must end its clause.
    breaks_clause: bool,
    /// Its first word is a determiner: none may stand before it.
    determined: bool,
    plural: bool,
}

impl<'s> Edges<'s> {
    pub(crate) fn of(slots: &'s Slots) -> Edges<'s> {
        Edges(std::array::from_fn(|i| {
            let value = slots.given(SLOTS[i].name)?;
            let first = value.split_whitespace().next().map_or("", bare);
            let typed = (SLOTS[i].grammar == Grammar::Typed).then(|| Typed {
                breaks_clause: value.contains([',', ';']),
                determined: is_determiner(first),
                plural: locale::is_plural(value),
            });
            Some(Edge {
                first,
                last: value.split_whitespace().next_back().map_or("", bare),
                typed: typed.unwrap_or_default(),
            })
        }))
    }
}

/// Whether a phrasing with these joints reads right with these values. The
/// bank only offers phrasings whose slots are all available (within their
/// budgets), so values are taken as given.
#[cfg(test)]
pub(crate) fn suits(joints: &[Joint], informal: bool, slots: &Slots) -> bool {
    suits_with(joints, informal, slots, &Edges::of(slots))
}

/// [`suits`], with the values' edges found already.
pub(crate) fn suits_with(joints: &[Joint], informal: bool, slots: &Slots, edges: &Edges) -> bool {
    if informal && slots.formal_name && joints.iter().any(|j| j.slot == "name") {
        return false;
    }
    joints.iter().all(|joint| match edges.0[joint.at] {
        Some(edge) => joint_suits(joint, edge),
        None => true,
    })
}

fn joint_suits(joint: &Joint, edge: Edge<'_>) -> bool {
    // Called for every phrasing of every cue: compared in place, nothing
    // lowered or copied, and what depends on the value alone was found
    // once by `Edges::of`.
    let Edge { first, last, typed } = edge;
    // "still like still water", "a Founding Member member": a word of the
    // value's edge (three letters or more) stands again beside the slot.
    let doubled = |w: &str| w.len() >= 3 && joint.near.iter().any(|n| n.eq_ignore_ascii_case(w));
    if doubled(first) || doubled(last) {
        return false;
    }
    if !joint.typed {
        return true;
    }
    if typed.breaks_clause && !joint.ends_clause {
        return false;
    }
    if joint.after_determiner && typed.determined {
        return false;
    }
    match joint.verb {
        Number::Singular => !typed.plural,
        Number::Plural => typed.plural,
        Number::Any => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(value: &str) -> Slots {
        Slots {
            value: Some(value.into()),
            ..Slots::default()
        }
    }

    #[test]
    fn fill_substitutes_sets_articles_and_capitalises() {
        let slots = Slots {
            when: Some("last week".into()),
            tier: Some("Advantage".into()),
            ..Slots::default()
        };
        assert_eq!(
            fill("{when}, a {tier} member {place}.", &slots, Setting::Flight),
            "Last week, an Advantage member on board."
        );
    }

    #[test]
    fn values_keep_their_own_articles() {
        let slots = Slots {
            item: Some("A Is for Alibi".into()),
            tier: Some("Advantage".into()),
            ..Slots::default()
        };
        assert_eq!(
            fill(
                "a {tier} member; you may have {item}.",
                &slots,
                Setting::Retail
            ),
            "An Advantage member; you may have A Is for Alibi."
        );
    }

    #[test]
    fn joints_see_the_words_either_side() {
        let j = joints("Ask whether they'd still like {value}, or {item} now.");
        assert_eq!(j[0].before, "like");
        assert_eq!(j[0].after, "");
        assert!(!j[0].ends_clause);
        assert_eq!(j[1].before, "or");
        assert_eq!(j[1].after, "now");
        assert!(!j[1].ends_clause);
        let j = joints("A {tier} member — thank them.");
        assert_eq!((j[0].before.as_str(), j[0].after.as_str()), ("a", "member"));
    }

    #[test]
    fn punctuation_stands_between_a_slot_and_the_word_before() {
        assert_eq!(joints("Ahead of this: {value}.")[0].before, "");
        assert_eq!(joints("Offer the {value}.")[0].before, "the");
    }

    #[test]
    fn a_comma_value_only_ends_a_clause() {
        let mid = joints("Check whether {value} is their usual.");
        let end = joints("Worth offering: {value}.");
        assert!(!suits(&mid, false, &slots("sparkling water, no ice")));
        assert!(suits(&end, false, &slots("sparkling water, no ice")));
    }

    #[test]
    fn no_word_doubles_across_a_slot() {
        let j = joints("Ask whether they would still like {value}.");
        assert!(!suits(&j, false, &slots("still water")));
        assert!(suits(&j, false, &slots("sparkling water")));
        let tier = joints("A {tier} member for years.");
        let member = Slots {
            tier: Some("Founding Member".into()),
            ..Slots::default()
        };
        assert!(!suits(&tier, false, &member));
    }

    #[test]
    fn determiners_and_number_agree() {
        let another = joints("Another {item}?");
        let the = Slots {
            item: Some("The Remains of the Day".into()),
            ..Slots::default()
        };
        assert!(!suits(&another, false, &the));
        let is = joints("Keep {value} is ready.");
        assert!(!suits(&is, false, &slots("extra pillows")));
        assert!(suits(&is, false, &slots("a firm pillow")));
    }

    #[test]
    fn an_informal_greeting_never_meets_a_title() {
        let j = joints("Hi {name} — good to see you.");
        let mut s = Slots {
            name: Some("Ms Okafor".into()),
            formal_name: true,
            ..Slots::default()
        };
        assert!(!suits(&j, true, &s));
        s.formal_name = false;
        assert!(suits(&j, true, &s));
    }
}
