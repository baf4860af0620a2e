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
    let printable_ascii = text.bytes().all(|b| (0x20..0x7f).contains(&b));
    if printable_ascii || !text.chars().any(is_unsafe) {
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
    }
}
