//! Output sanitising: every string that came from input is made safe for a
//! terminal, a file and a pipe before any renderer sees it.
//!
//! Hand-written rather than a crate: `strip-ansi-escapes` removes whole
//! sequences (silently hiding that input was hostile) and knows nothing of
//! bidi overrides or line separators; here every unsafe character is kept
//! visible as an escape (`\u{1b}`), so staff and trainers see what was sent.

use std::borrow::Cow;

/// Characters never passed through: C0 and C1 controls, DEL, bidi
/// embeddings, overrides, isolates and marks, line and paragraph
/// separators, and invisible format characters that can hide text.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
    )
}

/// `text` with every unsafe character replaced by a visible `\u{…}`.
pub fn sanitize(text: &str) -> Cow<'_, str> {
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
/// only characters whose UTF-8 starts with one of four lead bytes can be
/// unsafe (C1 controls: C2; U+061C: D8; U+2xxx: E2; U+FEFF, U+FFF9–FFFB:
/// EF), so only those are decoded — phrasings full of dashes and accented
/// names stay on the fast path.
fn has_unsafe(text: &str) -> bool {
    text.bytes().enumerate().any(|(i, b)| match b {
        0x00..=0x1f | 0x7f => true,
        0xc2 | 0xd8 | 0xe2 | 0xef => text[i..].chars().next().is_some_and(is_unsafe),
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
