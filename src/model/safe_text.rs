//! [`SafeText`] and sanitising: every string that came from input is made safe for a
//! terminal, a file and a pipe before any renderer sees it.
//!
//! Hand-written rather than a crate: `strip-ansi-escapes` removes whole
//! sequences (silently hiding that input was hostile) and knows nothing of
//! bidi overrides or line separators; here every unsafe character is kept
//! visible as an escape (`\u{1b}`), so staff and trainers see what was sent.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

/// Text that has been sanitised for output; the only way to make one.
#[derive(Clone, PartialEq, Eq, Serialize, Debug, JsonSchema)]
#[serde(transparent)]
pub(crate) struct SafeText(String);

impl SafeText {
    pub(crate) fn new(text: &str) -> SafeText {
        SafeText(sanitize(text).into_owned())
    }

    /// As [`SafeText::new`], keeping `text`'s buffer when it is already safe.
    pub(crate) fn from_string(text: String) -> SafeText {
        match sanitize(&text) {
            std::borrow::Cow::Borrowed(_) => SafeText(text),
            std::borrow::Cow::Owned(safe) => SafeText(safe),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, or `missing` where there is none (a customer without a
    /// ref or a name), as every renderer shows it.
    pub(crate) fn or<'a>(text: Option<&'a SafeText>, missing: &'a str) -> &'a str {
        text.map_or(missing, SafeText::as_str)
    }
}

impl fmt::Display for SafeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Characters never passed through, by Unicode property rather than by a
/// list of examples: controls (Cc), format characters (Cf: bidi controls,
/// zero-width joiners and spaces, soft hyphens, tag characters, ...), line
/// and paragraph separators (Zl, Zp), and every other default-ignorable
/// code point (fillers, variation selectors): anything that renders as
/// nothing or reorders what follows can hide text.
pub(super) fn is_unsafe(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(
        get_general_category(c),
        G::Control | G::Format | G::LineSeparator | G::ParagraphSeparator
    ) || OTHER_IGNORABLE.iter().any(|r| r.contains(&c))
}

/// Default-ignorable code points that are not format characters:
/// Other_Default_Ignorable_Code_Point and Variation_Selector, from the
/// Unicode Character Database (DerivedCoreProperties.txt, Unicode 16).
const OTHER_IGNORABLE: &[std::ops::RangeInclusive<char>] = &[
    '\u{034f}'..='\u{034f}',
    '\u{115f}'..='\u{1160}',
    '\u{17b4}'..='\u{17b5}',
    '\u{180b}'..='\u{180d}',
    '\u{180f}'..='\u{180f}',
    '\u{2065}'..='\u{2065}',
    '\u{3164}'..='\u{3164}',
    '\u{fe00}'..='\u{fe0f}',
    '\u{ffa0}'..='\u{ffa0}',
    '\u{fff0}'..='\u{fff8}',
    '\u{e0000}'..='\u{e0fff}',
];

/// `text` with every unsafe character replaced by a visible `\u{…}`.
pub(crate) fn sanitize(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds an unsafe character. A byte scan: outside ASCII,
/// only characters whose UTF-8 starts with one of a few lead bytes can be
/// unsafe (the test below checks every code point), so only those are
/// decoded.
fn has_unsafe(text: &str) -> bool {
    text.bytes().enumerate().any(|(i, b)| match b {
        0x00..=0x1f | 0x7f => true,
        0xc2 | 0xcd | 0xd8 | 0xdb | 0xdc | 0xe0..=0xe3 | 0xef | 0xf0 | 0xf3 => {
            text[i..].chars().next().is_some_and(is_unsafe)
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_visibly_and_keeps_the_rest() {
        assert_eq!(sanitize("Maggie"), "Maggie");
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(
            sanitize("x\u{202e}y\u{2028}z\u{85}"),
            "x\\u{202e}y\\u{2028}z\\u{85}"
        );
        assert_eq!(sanitize("Zoë 李 🙂"), "Zoë 李 🙂");
        // Invisible by property, not by a list: joiners, soft hyphen,
        // Mongolian vowel separator, grapheme joiner, tags, Hangul fillers.
        for c in [
            '\u{200c}',
            '\u{200d}',
            '\u{ad}',
            '\u{180e}',
            '\u{34f}',
            '\u{e0041}',
            '\u{e007f}',
            '\u{3164}',
            '\u{115f}',
            '\u{fe0f}',
        ] {
            assert_eq!(
                sanitize(&format!("a{c}b")),
                format!("a\\u{{{:x}}}b", c as u32)
            );
        }
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
        assert!(matches!(sanitize("a — b, Zoë"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_scan_agrees_with_every_character() {
        for code in 0..=0x10ffff_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("a{c}b");
            assert_eq!(has_unsafe(&text), is_unsafe(c), "U+{code:04X}");
        }
    }
}
