//! English: the words each setting brings to a cue, articles and number,
//! occasion nouns, the word lists the phrase lint checks against, numbers
//! and dates in words ([`dates`]) and the restricted word stems
//! (`en/restricted.txt`, matched by [`crate::restricted`]).

pub(crate) mod dates;

use crate::vocab::Setting;

/// The `{with_us}` slot: "flying with us".
pub(crate) fn with_us(setting: Setting) -> &'static str {
    match setting {
        Setting::Flight => "flying with us",
        Setting::Hotel => "staying with us",
        Setting::Retail => "shopping with us",
        Setting::Pharmacy => "coming to us",
        Setting::Restaurant => "dining with us",
        Setting::Generic => "with us",
    }
}

/// The `{visit}` slot: what one occasion of being served is called.
pub(crate) fn visit(setting: Setting) -> &'static str {
    match setting {
        Setting::Flight => "flight",
        Setting::Hotel => "stay",
        Setting::Restaurant => "meal",
        Setting::Retail | Setting::Pharmacy | Setting::Generic => "visit",
    }
}

/// The `{place}` slot: where it happens.
pub(crate) fn place(setting: Setting) -> &'static str {
    match setting {
        Setting::Flight => "on board",
        Setting::Hotel => "at the hotel",
        Setting::Retail => "in store",
        Setting::Pharmacy => "at the counter",
        Setting::Restaurant => "at the table",
        Setting::Generic => "here",
    }
}

/// The `{occasion}` slot for an occasion kind (an observed one is spoken of
/// as a possibility: "if a birthday comes up").
pub(crate) fn occasion_noun(kind: &str) -> String {
    match kind {
        "birthday" => "a birthday",
        "anniversary" => "an anniversary",
        "honeymoon" => "a honeymoon",
        "graduation" => "a graduation",
        "retirement" => "a retirement",
        _ => "a celebration",
    }
    .to_string()
}

/// A product name as staff would say it: without a trailing edition or
/// size in brackets ("A Tale of Two Cities (Penguin Classics)" → "A Tale
/// of Two Cities"), which reads like a label when said aloud.
pub(crate) fn spoken_name(item: &str) -> &str {
    let mut name = item.trim();
    while let Some(open) = closing_group(name) {
        let head = name[..open].trim_end();
        if head.is_empty() {
            break;
        }
        name = head;
    }
    name
}

/// Where the bracketed group that ends `text` opens, brackets nested.
fn closing_group(text: &str) -> Option<usize> {
    if !text.ends_with([')', ']']) {
        return None;
    }
    let mut depth = 0usize;
    for (at, c) in text.char_indices().rev() {
        match c {
            ')' | ']' => depth += 1,
            '(' | '[' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// Words that start with a vowel letter but a consonant sound ("a unit").
const CONSONANT_SOUND: &[&str] = &[
    "one", "once", "uni", "unan", "use", "usu", "usa", "ure", "uri", "uti", "ute", "eu", "ewe",
    "ubiq", "uk",
];

/// Words that start with a consonant letter but a vowel sound ("an hour").
const VOWEL_SOUND: &[&str] = &["hour", "honest", "honour", "honor", "heir", "herb"];

/// Letters whose name starts with a vowel sound, for initialisms ("an MBA").
const VOWEL_LETTER_NAMES: &str = "AEFHILMNORSX";

/// "a" or "an" before `word`, by its sound, with the common exceptions:
/// an hour, an honest, a unit, a user, a European, a one-off, an MBA.
pub(crate) fn article_for(word: &str) -> &'static str {
    let letters: String = word
        .chars()
        .skip_while(|c| !c.is_alphanumeric())
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let Some(first) = letters.chars().next() else {
        return "a";
    };
    if first.is_ascii_digit() {
        // "an 8-piece set", "an 11th", "an 18-month"; else "a".
        let an = first == '8' || ["11", "18"].iter().any(|p| letters.starts_with(p));
        return if an { "an" } else { "a" };
    }
    // Capitals said letter by letter: short, or with no vowel to say
    // ("VIP", "MBA", "BBC"); "SILVER" or "NIKE" are words.
    let capitals = letters.len() > 1 && letters.chars().all(|c| c.is_ascii_uppercase());
    let sayable = letters.contains(['A', 'E', 'I', 'O', 'U']) && letters.len() > 3;
    let initialism = capitals && !sayable;
    if initialism {
        let vowel = VOWEL_LETTER_NAMES.contains(first);
        return if vowel { "an" } else { "a" };
    }
    let lower = letters.to_lowercase();
    if CONSONANT_SOUND.iter().any(|p| lower.starts_with(p)) && !lower.starts_with("unin") {
        return "a";
    }
    if VOWEL_SOUND.iter().any(|p| lower.starts_with(p)) {
        return "an";
    }
    if lower.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Words that already settle a noun phrase: no article goes before them.
pub(crate) const DETERMINERS: &[&str] = &[
    "a", "an", "the", "their", "his", "her", "your", "our", "my", "its", "any", "some", "no",
    "another", "this", "that", "these", "those", "each", "every",
];

/// Words that start a place or an amount rather than a noun: no article
/// before them ("somewhere warm to wait", "near the front", "away from the
/// door", "more legroom").
pub(crate) const NO_ARTICLE: &[&str] = &[
    "somewhere",
    "anywhere",
    "something",
    "anything",
    "near",
    "nearer",
    "close",
    "closer",
    "next",
    "by",
    "away",
    "at",
    "in",
    "on",
    "under",
    "facing",
    "towards",
    "toward",
    "not",
    "more",
    "less",
    "as",
    "upstairs",
    "downstairs",
    "outside",
    "inside",
];

/// Whether a noun phrase reads as plural ("extra pillows", "two towels"):
/// its last word ends in a plural -s (not -ss, -us, -is).
pub(crate) fn is_plural(phrase: &str) -> bool {
    let Some(last) = phrase.split_whitespace().last() else {
        return false;
    };
    let last = last
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    last.len() > 3
        && last.ends_with('s')
        && !["ss", "us", "is", "ous"].iter().any(|e| last.ends_with(e))
}

/// "window seat" → "a window seat", "aisle seat" → "an aisle seat"; kept
/// as written when it starts with a determiner or is plural ("extra
/// pillows", never "an extra pillows").
pub(crate) fn with_article(value: &str) -> String {
    let first = value.split_whitespace().next().unwrap_or_default();
    let lower = first.to_lowercase();
    let bare = DETERMINERS.contains(&lower.as_str())
        || NO_ARTICLE.contains(&lower.as_str())
        || is_plural(value);
    if bare {
        return value.to_string();
    }
    format!("{} {value}", article_for(first))
}

/// Slang that travels badly: a careful host in any of our settings and
/// countries would not say it to a stranger.
pub(crate) const SLANG: &[&str] = &[
    "mate",
    "mates",
    "legend",
    "holler",
    "shout",
    "cheers",
    "nice one",
    "buddy",
    "pal",
    "folks",
    "awesome",
    "walkabout",
    "ta",
    "y'all",
    "yo",
    "dude",
    "guys",
    "hun",
    "darling",
    "sweetie",
    "no worries",
    "gonna",
    "wanna",
    "bang on",
    "sorted",
    "cuppa",
    "brekkie",
];

/// How an opener may begin a greeting. A customer gets at most one.
pub(crate) const GREETINGS: &[&str] = &[
    "hello",
    "hi",
    "hey",
    "hiya",
    "welcome",
    "good morning",
    "good afternoon",
    "good evening",
    "good to see you",
    "lovely to see you",
    "nice to see you",
    "great to see you",
    "wonderful to see you",
    "good to have you",
    "lovely to have you",
    "great to have you",
    "nice to have you",
];

/// Informal greetings: never with a name that may carry a title ("Hey Ms
/// Okafor").
pub(crate) const INFORMAL_GREETINGS: &[&str] = &["hi", "hey", "hiya"];

/// Words that talk about the customer in the third person: never in an
/// opener, which is said to them.
pub(crate) const THIRD_PERSON: &[&str] = &[
    "he",
    "she",
    "him",
    "his",
    "her",
    "hers",
    "himself",
    "herself",
    "they",
    "them",
    "their",
    "theirs",
    "they're",
    "they've",
    "they'd",
    "they'll",
    "themselves",
];

/// Words that would leak our internals into a cue.
pub(crate) const INTERNAL_LABELS: &[&str] = &[
    "ssr",
    "profile",
    "record",
    "records",
    "segment",
    "score",
    "data",
    "inferred",
    "rung",
    "familiarity",
    "database",
    "flag",
    "rule",
    "system",
];

/// Phrases that read a record aloud or say we looked someone up.
pub(crate) const RECORD_READING: &[&str] = &[
    "i see you",
    "i see that",
    "i can see you",
    "noticed we",
    "i noticed",
    "we noticed",
    "just noticed",
    "looks like you",
    "déjà vu",
    "our system",
    "our records",
    "according to",
    "it says here",
    "on file",
    "we have you down",
];

/// Words that describe a register ("Warm and personal:"): a phrasing that
/// opens with them as a label shows the template's seams.
pub(crate) const REGISTER_WORDS: &[&str] = &[
    "warm",
    "calm",
    "friendly",
    "relaxed",
    "quiet",
    "chatty",
    "gentle",
    "courteous",
    "easy",
    "brief",
    "light",
    "simple",
    "polite",
    "discreet",
    "cheerful",
    "kind",
];

/// Phrases that call someone new, wrong for a welcome back (they may have
/// been with us for twenty years).
pub(crate) const NEWNESS: &[&str] = &[
    "becoming a regular",
    "getting to know",
    "new face",
    "new regular",
    "starting to",
];

/// Verbs and idioms that fit some preferences and not others: a preference
/// is whatever staff typed ("the air vent off", "a late breakfast", "extra
/// pillows"), and "They go for the air vent off" does not parse. "Like",
/// "prefer", "asked for" and "offer" fit them all.
pub(crate) const PREFERENCE_MISFITS: &[&str] = &[
    "go for",
    "goes for",
    "going for",
    "run to",
    "runs to",
    "keen on",
    "up for",
    "go-to",
];

/// Preference phrasings that read as a fragment, a filled-in form or point
/// ahead to the value ("Could be {value}.", "one idea is {value}", "if
/// they'd like it, arrange {value}").
pub(crate) const PREFERENCE_FRAGMENTS: &[&str] = &[
    "could be {value}",
    "if they'd like it",
    "i'll look.",
    "one idea is {value}",
    "a good suggestion is {value}",
    "worth a mention: {value}",
];

/// Staff shorthand that belongs in a note, never in a line said aloud.
pub(crate) const HINT_SPEAK: &[&str] = &[
    "heads-up",
    "heads up",
    "worth a quick check",
    "worth checking",
];

/// What a thank-you for a long relationship is for: one of these says it.
pub(crate) const TENURE_WORDS: &[&str] = &[
    "with us",
    "{with_us}",
    "{since}",
    "{tier}",
    "year",
    "long",
    "member",
    "loyal",
    "trust",
    "coming to us",
    "all this time",
    "decade",
    "returning",
    "choosing us",
    "chosen us",
    "stuck with",
    "back to us",
    "so often",
    "time and again",
];

/// Congratulations: wrong for thanks (long standing), right for a new tier.
pub(crate) const CONGRATULATIONS: &[&str] = &["congratulat", "well done", "well-deserved"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_sound_with_the_common_exceptions() {
        for (word, want) in [
            ("Advantage", "an"),
            ("Gold", "a"),
            ("hour", "an"),
            ("honest", "an"),
            ("unit", "a"),
            ("user", "a"),
            ("European", "a"),
            ("one-off", "a"),
            ("umbrella", "an"),
            ("uninvited", "an"),
            ("MBA", "an"),
            ("VIP", "a"),
            ("extra", "an"),
            ("usual", "a"),
            ("SILVER", "a"),
            ("NIKE", "a"),
            ("\u{201c}Advantage", "an"),
            ("8-piece", "an"),
            ("11th", "an"),
            ("2-pack", "a"),
        ] {
            assert_eq!(article_for(word), want, "{word}");
        }
    }

    #[test]
    fn product_names_are_said_without_their_brackets() {
        assert_eq!(
            spoken_name("A Tale of Two Cities (Penguin Classics)"),
            "A Tale of Two Cities"
        );
        assert_eq!(
            spoken_name("Walking boots (size 9) [blue]"),
            "Walking boots"
        );
        assert_eq!(spoken_name("(Untitled)"), "(Untitled)");
        assert_eq!(spoken_name("Middlemarch"), "Middlemarch");
        assert_eq!(spoken_name("Pride (and (Prejudice))"), "Pride");
        assert_eq!(spoken_name("Odd) name"), "Odd) name");
    }

    #[test]
    fn values_get_an_article_unless_plural_or_determined() {
        assert_eq!(with_article("window seat"), "a window seat");
        assert_eq!(with_article("aisle seat"), "an aisle seat");
        assert_eq!(with_article("the front row"), "the front row");
        assert_eq!(with_article("extra pillows"), "extra pillows");
        assert_eq!(with_article("cooler room"), "a cooler room");
        assert_eq!(with_article("glass"), "a glass");
        assert_eq!(
            with_article("somewhere warm to wait"),
            "somewhere warm to wait"
        );
        assert_eq!(with_article("near the front"), "near the front");
    }
}
