//! The phrase lint: every rule of the wording guide (`docs/wording.md`)
//! that a machine can check, over one phrasing ([`PhraseEntry::lint`], run
//! on a config's phrasings at load) and over a whole group ([`group`], run
//! on the built-in bank by the tests). A fault found in
//! review is fixed by adding its class here, never by hand-patching the one
//! cue that showed it.

#[cfg(test)]
use std::collections::HashSet;

use crate::locale::en as locale;
use crate::phrase::bank::PhraseEntry;
use crate::phrase::fill::{joints, Joint};
use crate::phrase::greetings::{find_word, greets, may_greet};
use crate::phrase::slots::MAX_WORDS;
use crate::phrase::slots::{slot, slots_in, Grammar, VARYING};
use crate::restricted::names_restricted;
use crate::vocab::{Familiarity, Rule, Style};

/// A lint finding: which field and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub field: &'static str,
    pub message: String,
}

fn problem<T>(field: &'static str, message: impl Into<String>) -> Result<T, Problem> {
    Err(Problem {
        field,
        message: message.into(),
    })
}

/// The rules whose groups a whole cabin draws on: each group needs
/// [`CABIN_VARIANTS`] texts in [`CABIN_SHAPES`] shapes.
#[cfg(test)]
pub(crate) const CABIN_RULES: &[Rule] = &[
    Rule::FirstVisit,
    Rule::WelcomeBack,
    Rule::LongStanding,
    Rule::Preference,
];
/// Topics of other rules a cabin may share (one disrupted flight, a
/// birthday a day).
#[cfg(test)]
pub(crate) const CABIN_TOPICS: &[(Rule, &str)] = &[
    (Rule::Recovery, "disruption"),
    (Rule::Occasion, "birthday"),
    (Rule::Occasion, "anniversary"),
];
#[cfg(test)]
pub(crate) const CABIN_VARIANTS: usize = 24;

/// What may follow a tier's name: "a Gold member", never "Newly Gold".
const TIER_NOUNS: &[&str] = &["member", "members", "membership", "status", "tier", "card"];

/// Words a cue for someone who cannot walk or bear weight never uses, not
/// even to say "don't": the action is the whole cue.
const MOBILITY_FULL_NEVER: &[&str] = &[
    "walk", "walking", "stand", "standing", "lean", "leaning", "arm", "step", "steps", "feet",
    "legs",
];
#[cfg(test)]
pub(crate) const CABIN_SHAPES: usize = 5;

impl PhraseEntry {
    /// Checks one phrasing against the wording guide.
    pub(crate) fn lint(&self) -> Result<(), Problem> {
        self.lint_topic()?;
        let slots = slots_in(&self.text).map_err(|m| Problem {
            field: "text",
            message: m,
        })?;
        if let Some(bad) = slots.iter().find(|s| slot(s).is_none()) {
            return problem("text", format!("unknown slot `{{{bad}}}`"));
        }
        lint_words(&self.text)?;
        self.lint_length()?;
        self.lint_slots()?;
        self.lint_register()?;
        self.lint_rule()
    }

    fn lint_topic(&self) -> Result<(), Problem> {
        let topics = self.rule.topics();
        match self.topic.as_deref() {
            None if !topics.is_empty() => problem(
                "topic",
                format!("rule `{}` needs a topic: {}", self.rule, topics.join(", ")),
            ),
            Some(t) if !topics.contains(&t) => problem(
                "topic",
                format!(
                    "unknown topic for rule `{}`; expected one of: {}",
                    self.rule,
                    topics.join(", ")
                ),
            ),
            _ => Ok(()),
        }
    }

    fn lint_length(&self) -> Result<(), Problem> {
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

    /// Where typed values may stand: at the end of their clause, after no
    /// determiner, before no verb that would have to agree with them.
    fn lint_slots(&self) -> Result<(), Problem> {
        let named_language = self.topic.as_deref() == Some("language_named");
        for joint in joints(&self.text) {
            lint_joint(&joint, named_language)?;
        }
        Ok(())
    }

    fn lint_register(&self) -> Result<(), Problem> {
        let text = &self.text;
        let lower = text.to_lowercase();
        if text.matches('!').count() > 1 {
            return problem("text", "more than one exclamation mark");
        }
        if self.familiarity == Familiarity::Reserved {
            if text.contains('!') {
                return problem("text", "an exclamation mark in the reserved register");
            }
            // Reserved is also the register of a customer who needs a
            // gentle tone: only an occasion they told us of is wished well.
            let cheer = locale::CONGRATULATIONS.iter().find(|c| lower.contains(*c));
            if let (Some(c), false) = (cheer, self.rule == Rule::Occasion) {
                return problem(
                    "text",
                    format!("`{c}` in the reserved register: acknowledge, don't celebrate"),
                );
            }
        }
        if quoted_name(text) {
            return problem(
                "text",
                "`{name}` inside quoted words: a name may be a full booked name",
            );
        }
        if self.style != Style::Opener {
            return Ok(());
        }
        if let Some(word) = find_word(&lower, locale::THIRD_PERSON) {
            return problem(
                "text",
                format!("an opener is said to the customer: `{word}` talks about them"),
            );
        }
        if text.contains("{place}") {
            return problem(
                "text",
                "`{place}` in an opener: staff never tell a customer where they are",
            );
        }
        if let Some(p) = locale::HINT_SPEAK.iter().find(|p| lower.contains(*p)) {
            return problem(
                "text",
                format!("`{p}` is a note to staff, not a line to say"),
            );
        }
        if self.rule == Rule::AlreadyOwned && text.contains("{item}") {
            return problem(
                "text",
                "an opener about a past purchase never names it: they know what they bought",
            );
        }
        if self.rule == Rule::AlreadyOwned && text.contains("{when}") {
            return problem(
                "text",
                "an opener about a past purchase never says when: that reads our records aloud",
            );
        }
        if greets(text) && !may_greet(self.rule) {
            return problem(
                "text",
                "only a loyalty or first-visit opener may greet: a customer gets one greeting",
            );
        }
        Ok(())
    }

    fn lint_rule(&self) -> Result<(), Problem> {
        let lower = self.text.to_lowercase();
        if let Some(label) = opening_label(&lower) {
            return problem(
                "text",
                format!("opens with a label (`{label}:`): a hedge or a register's name shows the template; say what to do"),
            );
        }
        let phrase = |list: &[&'static str]| list.iter().copied().find(|p| lower.contains(p));
        if self.rule == Rule::WelcomeBack {
            if let Some(p) = phrase(locale::NEWNESS) {
                return problem(
                    "text",
                    format!("`{p}` calls them new; a regular may have been with us for decades"),
                );
            }
        }
        if self.rule == Rule::LongStanding
            && !locale::TENURE_WORDS.iter().any(|w| lower.contains(w))
        {
            return problem(
                "text",
                "a thank-you for a long relationship says what it is for (years, with us, a member …)",
            );
        }
        if matches!(self.rule, Rule::LongStanding | Rule::WelcomeBack) {
            if let Some(p) = phrase(locale::CONGRATULATIONS) {
                return problem("text", format!("`{p}`: thanks, not congratulations"));
            }
        }
        if self.rule == Rule::Occasion && lower.contains("here's to") {
            return problem(
                "text",
                "`here's to` is a toast: odd at a pharmacy counter or a front desk",
            );
        }
        if self.rule == Rule::Preference {
            if let Some(p) = find_word(&lower, locale::PREFERENCE_MISFITS) {
                return problem(
                    "text",
                    format!("`{p}` does not fit every preference (\"the air vent off\"): like, prefer, asked for"),
                );
            }
            if let Some(p) = phrase(locale::PREFERENCE_FRAGMENTS) {
                return problem(
                    "text",
                    format!(
                        "`{p}` reads as a fragment or points ahead to the value: say it plainly"
                    ),
                );
            }
        }
        if self.rule == Rule::Assist
            && self.topic.as_deref() == Some("extra_seat")
            && self.style == Style::Opener
        {
            return problem("style", "an opener says nothing about an extra seat");
        }
        if self.rule == Rule::Assist && self.topic.as_deref() == Some("mobility_full") {
            if let Some(word) = find_word(&lower, MOBILITY_FULL_NEVER) {
                return problem(
                    "text",
                    format!(
                        "`{word}`: full assistance never mentions walking, standing or leaning"
                    ),
                );
            }
        }
        if let Some(at) = self.text.find("{tier}") {
            let next = self.text[at + "{tier}".len()..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_matches(|c: char| !c.is_alphanumeric());
            if !TIER_NOUNS.contains(&next) {
                return problem(
                    "text",
                    "`{tier}` is a name: follow it with what it names (member, level, status)",
                );
            }
        }
        Ok(())
    }
}

/// Words no cue may hold, whatever its rule: digits, restricted subjects,
/// internal labels, slang that travels badly, reading a record aloud.
fn lint_words(text: &str) -> Result<(), Problem> {
    if text.chars().any(|c| c.is_ascii_digit()) {
        return problem("text", "contains a digit: numbers must be words");
    }
    if names_restricted(text) {
        return problem("text", "contains a restricted word");
    }
    let lower = text.to_lowercase();
    if let Some(label) = internal_label(&lower) {
        return problem("text", format!("contains the internal label `{label}`"));
    }
    if let Some(slang) = find_word(&lower, locale::SLANG) {
        return problem("text", format!("`{slang}` is slang that travels badly"));
    }
    if let Some(p) = locale::RECORD_READING.iter().find(|p| lower.contains(*p)) {
        return problem("text", format!("`{p}` reads a record aloud"));
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        let article = pair[0].to_lowercase();
        let fixed = (article == "a" || article == "an") && !pair[1].starts_with('{');
        if fixed && locale::article_for(pair[1]) != article {
            return problem(
                "text",
                format!(
                    "`{} {}`: the article does not match the sound",
                    pair[0], pair[1]
                ),
            );
        }
    }
    if counts_congratulations(&lower) {
        return problem(
            "text",
            "\"a … congratulations\": say \"a word of congratulations\" or \"congratulate them\"",
        );
    }
    Ok(())
}

/// "a warm congratulations": the article counts a plural noun. Looks back
/// from each "congratulations", within its clause, up to four words for a
/// lone "a"/"an" ("moved up a tier — congratulations" is two clauses).
fn counts_congratulations(lower: &str) -> bool {
    lower.match_indices("congratulations").any(|(at, _)| {
        // "a quick 'congratulations'" quotes the word said: fine.
        if lower[..at].ends_with(['\'', '‘', '"', '“']) {
            return false;
        }
        let clause = lower[..at]
            .rsplit(['.', ';', ':', '—', '!', '?'])
            .next()
            .unwrap_or_default();
        clause
            .split_whitespace()
            .rev()
            .take(4)
            .take_while(|w| *w != "of")
            .any(|w| w == "a" || w == "an")
    })
}

fn lint_joint(joint: &Joint, named_language: bool) -> Result<(), Problem> {
    let grammar = slot(joint.slot).map(|f| f.grammar);
    if grammar == Some(Grammar::Tenure) && joint.before == "for" {
        return problem("text", "`{since}` already starts with \"for\"");
    }
    if grammar != Some(Grammar::Typed) || named_language {
        return Ok(());
    }
    let slot = joint.slot;
    if !joint.ends_clause {
        return problem(
            "text",
            format!("`{{{slot}}}` must end its clause: a value may carry a comma"),
        );
    }
    if locale::DETERMINERS.contains(&joint.before.as_str()) {
        return problem(
            "text",
            format!(
                "no `{}` before `{{{slot}}}`: the value may bring its own",
                joint.before
            ),
        );
    }
    Ok(())
}

/// Whether `{name}` stands inside quoted words ("'Many happy returns,
/// {name}'"): the name may be the full name as booked, which nobody says.
fn quoted_name(text: &str) -> bool {
    let Some(at) = text.find("{name}") else {
        return false;
    };
    let before = &text[..at];
    let curly = before.matches(['‘', '“']).count() > before.matches('”').count();
    let straight = before.matches('"').count() % 2 == 1;
    let single = before
        .char_indices()
        .filter(|(i, c)| *c == '\'' && (*i == 0 || before[..*i].ends_with([' ', '(', '—'])))
        .count()
        % 2
        == 1;
    curly || straight || single
}

/// A short opening before a colon that is a hedge ("a guess, not a
/// fact") or a register's description ("warm and personal"), as reviewers
/// found them: labels, not a colleague's words.
fn opening_label(lower: &str) -> Option<&str> {
    let (head, _) = lower.split_once(':')?;
    let words: Vec<&str> = head.split_whitespace().collect();
    if words.len() > 5 {
        return None;
    }
    let hedge = head.contains(", not ");
    let register = words.len() >= 3
        && locale::REGISTER_WORDS.contains(&words[0])
        && matches!(words[1], "and" | "but");
    (hedge || register).then_some(head)
}

fn internal_label(lower: &str) -> Option<&'static str> {
    find_word(lower, locale::INTERNAL_LABELS).or_else(|| {
        Rule::ALL
            .iter()
            .map(|r| r.as_str())
            .find(|r| r.contains('_') && lower.contains(r))
    })
}

/// Words in the text with every slot at its longest.
pub(crate) fn max_words(text: &str, value_words: usize) -> usize {
    text.split_whitespace()
        .map(
            |word| match slots_in(word).ok().and_then(|s| s.first().copied()) {
                Some("value") => value_words,
                Some(name) if VARYING.contains(&name) => slot(name).map_or(1, |f| f.budget),
                Some(name) => crate::phrase::slots::most_words(name),
                None => 1,
            },
        )
        .sum()
}

/// A sentence shape, for the variety a cabin needs: how the text opens
/// (a conditional, "Worth", a determiner, "They", a question, anything
/// else) and its punctuation skeleton without commas.
#[cfg(test)]
pub(crate) fn shape(text: &str) -> (String, String) {
    let first: String = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_lowercase)
        .collect();
    const OPENINGS: &[&str] = &["if", "when", "worth", "a", "an", "the", "they", "their"];
    let opening = if OPENINGS.contains(&first.as_str()) {
        first
    } else if text.trim_end().ends_with('?') {
        "question".into()
    } else {
        "other".into()
    };
    let skeleton = text.chars().filter(|c| ".?!—;:".contains(*c)).collect();
    (opening, skeleton)
}

/// The sentences of a text, for the cabin's and the group's checks.
/// A sentence ends at ".", "?" or "!" followed by a space or the end, so a
/// quoted question ("a quick 'Is it a gift?' will do") stays in its
/// sentence.
#[cfg(test)]
pub(crate) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let ends = matches!(b, b'.' | b'?' | b'!');
        if ends && bytes.get(i + 1).is_some_and(|n| *n == b' ') {
            starts.push(i + 1);
        }
    }
    starts.push(text.len());
    let pieces: Vec<&str> = starts.windows(2).map(|w| text[w[0]..w[1]].trim()).collect();
    pieces.into_iter().filter(|s| !s.is_empty())
}

/// Checks one built-in group as a whole: every sentence unique, and a
/// cabin-wide group deep and varied enough that nobody in a row hears the
/// same line. `name` is the group's name for the message.
#[cfg(test)]
pub(crate) fn group(rule: Rule, topic: &str, texts: &[&str]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for text in texts {
        for sentence in sentences(text) {
            let key = sentence.to_lowercase();
            if !seen.insert(key) {
                return Err(format!("the sentence `{sentence}` is used twice"));
            }
        }
    }
    let cabin = CABIN_RULES.contains(&rule) || CABIN_TOPICS.contains(&(rule, topic));
    if !cabin {
        return Ok(());
    }
    if texts.len() < CABIN_VARIANTS {
        return Err(format!(
            "{} texts: a cabin-wide group needs {CABIN_VARIANTS}",
            texts.len()
        ));
    }
    // The cue about a preference says the preference: the texts without it
    // are fallbacks, so the cabin's variety comes from those with it.
    let with_value = texts.iter().filter(|t| t.contains("{value}")).count();
    if rule == Rule::Preference && with_value < CABIN_VARIANTS {
        return Err(format!(
            "{with_value} texts say `{{value}}`: a cabin-wide preference group needs {CABIN_VARIANTS}"
        ));
    }
    let shapes: HashSet<_> = texts.iter().map(|t| shape(t)).collect();
    if shapes.len() < CABIN_SHAPES {
        return Err(format!(
            "{} sentence shapes: a cabin-wide group needs {CABIN_SHAPES}",
            shapes.len()
        ));
    }
    Ok(())
}

/// Faults in a finished cue that no single template shows: the check over
/// every filled cue of the samples (tests) and of trainers' briefings.
pub fn filled_faults(text: &str) -> Option<&'static str> {
    // A word that ends a sentence may start the next ("…for you? You may").
    let words: Vec<(String, bool)> = text
        .split_whitespace()
        .map(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
            (bare.to_lowercase(), w.ends_with(['.', '?', '!']))
        })
        .collect();
    let doubled = |w: &[(String, bool)]| !w[0].0.is_empty() && !w[0].1 && w[0].0 == w[1].0;
    if words.windows(2).any(doubled) {
        return Some("a doubled word");
    }
    if text.contains('…') || text.contains("...") {
        return Some("a cut value");
    }
    if text.contains(" ,") || text.contains(" .") || text.contains(",,") || text.contains("..") {
        return Some("stray punctuation");
    }
    let pairs = text.split_whitespace().collect::<Vec<_>>();
    for pair in pairs.windows(2) {
        let article = pair[0].to_lowercase();
        if (article == "a" || article == "an") && locale::article_for(pair[1]) != article {
            return Some("an article that does not match the next word");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(rule: Rule, topic: Option<&str>, style: Style, text: &str) -> PhraseEntry {
        PhraseEntry {
            rule,
            topic: topic.map(String::from),
            familiarity: Familiarity::Warm,
            style,
            setting: None,
            text: text.into(),
            replace: false,
        }
    }

    fn hint(rule: Rule, topic: Option<&str>, text: &str) -> PhraseEntry {
        entry(rule, topic, Style::Hint, text)
    }

    #[test]
    fn lint_catches_each_kind_of_problem() {
        let opener = |rule, topic, text| entry(rule, topic, Style::Opener, text);
        let mut reserved = hint(Rule::WelcomeBack, None, "Back again!");
        reserved.familiarity = Familiarity::Reserved;
        let mut cheer = hint(Rule::NewTier, None, "New tier — congratulate them.");
        cheer.familiarity = Familiarity::Reserved;
        let bad = [
            cheer,
            hint(Rule::WelcomeBack, None, "Back again after {count} trips."),
            hint(Rule::WelcomeBack, None, "Back for the 3rd time."),
            hint(Rule::Assist, Some("meal"), "Their kosher meal is on board."),
            hint(
                Rule::WelcomeBack,
                None,
                "Their segment says they are a regular.",
            ),
            hint(Rule::WelcomeBack, None, &"word ".repeat(21)),
            hint(Rule::Preference, Some("wine"), "Likes {value}."),
            hint(Rule::Preference, None, "Likes {value}."),
            hint(Rule::WelcomeBack, None, "Unbalanced {name."),
            hint(
                Rule::Preference,
                Some("drink"),
                "Check whether {value} is their usual.",
            ),
            hint(Rule::Preference, Some("drink"), "Offer them a {value}."),
            opener(Rule::AlreadyOwned, None, "You bought {item} {when}."),
            opener(Rule::AlreadyOwned, None, "Heads-up: you have this one."),
            hint(
                Rule::Occasion,
                Some("birthday"),
                "A quiet 'many happy returns, {name}' fits.",
            ),
            hint(Rule::LongStanding, None, "Thank them simply."),
            hint(Rule::NewTier, None, "A warm, brief congratulations fits."),
            hint(Rule::WelcomeBack, None, "Back within a hour of closing."),
            hint(Rule::NewTier, None, "Newly at {tier} level."),
            opener(
                Rule::FirstVisit,
                None,
                "Anything you need {place}, just ask.",
            ),
            hint(Rule::AlreadyOwned, None, "Another {item}?"),
            hint(
                Rule::WelcomeBack,
                None,
                "They're becoming a regular — say hello.",
            ),
            hint(Rule::WelcomeBack, None, "Back again — a legend."),
            hint(
                Rule::LongStanding,
                None,
                "With us {since} — congratulations!",
            ),
            hint(Rule::LongStanding, None, "A member for {since}."),
            hint(Rule::WelcomeBack, None, "Our records show they're back."),
            hint(Rule::WelcomeBack, None, "Back! Again!"),
            reserved,
            opener(Rule::Assist, Some("meal"), "Want a seat while they wait?"),
            opener(Rule::Preference, Some("drink"), "Hello — the usual?"),
            hint(
                Rule::Preference,
                Some("temperature"),
                "They go for {value}.",
            ),
            hint(
                Rule::Preference,
                Some("meal"),
                "Their taste may run to {value}.",
            ),
            hint(
                Rule::Preference,
                Some("seat"),
                "Could be {value}. Ask first.",
            ),
            hint(
                Rule::Preference,
                Some("drink"),
                "Ask first; one idea is {value}.",
            ),
            hint(Rule::Preference, Some("seat"), "Worth a mention: {value}."),
            opener(
                Rule::Occasion,
                Some("birthday"),
                "Here's to you — happy birthday!",
            ),
            hint(
                Rule::Occasion,
                Some("observed"),
                "A guess, not a fact: maybe a birthday.",
            ),
            hint(Rule::WelcomeBack, None, "Warm and personal: say hello."),
            opener(
                Rule::Assist,
                Some("extra_seat"),
                "The seat beside you is yours.",
            ),
        ];
        for e in bad {
            assert!(e.lint().is_err(), "{}", e.text);
        }
        let good = [
            hint(
                Rule::WelcomeBack,
                None,
                "Good to have {name} back {with_us}.",
            ),
            hint(Rule::Preference, Some("drink"), "Worth offering: {value}."),
            hint(Rule::Preference, Some("temperature"), "They like {value}."),
            hint(
                Rule::WelcomeBack,
                None,
                "Back again lately: a warm hello is enough.",
            ),
            hint(
                Rule::LongStanding,
                None,
                "A {tier} member {since} — thank them.",
            ),
            hint(
                Rule::Occasion,
                Some("birthday"),
                "Wish {name} a quiet happy birthday.",
            ),
            hint(Rule::NewTier, None, "A brief word of congratulations fits."),
            hint(
                Rule::NewTier,
                None,
                "Congratulations are in order — say so.",
            ),
            opener(Rule::WelcomeBack, None, "Hello again — good to see you."),
            hint(
                Rule::Service,
                Some("language_named"),
                "Help in {value} may be welcome.",
            ),
        ];
        for e in good {
            assert_eq!(e.lint(), Ok(()), "{}", e.text);
        }
    }

    #[test]
    fn filled_cues_are_checked_for_what_templates_cannot_show() {
        assert_eq!(
            filled_faults("A Founding Member member."),
            Some("a doubled word")
        );
        assert_eq!(
            filled_faults("Gin and tonic, light on the…"),
            Some("a cut value")
        );
        assert_eq!(
            filled_faults("A Advantage member."),
            Some("an article that does not match the next word")
        );
        assert_eq!(filled_faults("An Advantage member for years."), None);
        assert_eq!(filled_faults("A gift, or for you? You may have it."), None);
    }

    #[test]
    fn a_cabin_group_needs_depth_and_shapes() {
        let few = ["One thing.", "Another thing."];
        assert!(group(Rule::WelcomeBack, "", &few).is_err());
        assert!(group(Rule::Tone, "", &few).is_ok());
        assert!(group(Rule::Tone, "", &["Same one here.", "Same one here."]).is_err());
    }
}
