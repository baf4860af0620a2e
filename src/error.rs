//! Errors that must tell kinds apart (for the exit code) and the located,
//! value-free errors reported for bad input.
//!
//! Parsers echo input in their messages (`invalid type: string "…"`, source
//! snippets). Nothing from a parser reaches the user raw: [`safe_message`]
//! keeps only what the parser expected, never what it found.

use std::fmt;

use serde::Serialize;

/// The exit codes of spec §3.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Code {
    Ok = 0,
    Internal = 1,
    Usage = 2,
    BadInput = 65,
    NotFound = 66,
    Audit = 74,
    Config = 78,
}

/// An error that carries its exit code through an `anyhow` chain.
#[derive(Debug)]
pub struct Fail {
    pub code: Code,
    pub message: String,
}

impl Fail {
    /// A coded error, ready to return through `anyhow`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(code: Code, message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Fail {
            code,
            message: message.into(),
        })
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fail {}

/// The exit code for an error: the first [`Fail`] in its chain, else 1.
pub fn code_of(err: &anyhow::Error) -> Code {
    err.chain()
        .find_map(|e| e.downcast_ref::<Fail>())
        .map_or(Code::Internal, |f| f.code)
}

/// A bad input or record: where it is and what was wrong, never the value.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct InputError {
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    pub message: String,
    /// Whether the input could not be read at all (exit 66) rather than read
    /// and found bad (exit 65).
    #[serde(skip)]
    pub unreadable: bool,
}

impl InputError {
    pub fn new(input: &str, message: impl Into<String>) -> InputError {
        InputError {
            input: input.to_string(),
            line: None,
            column: None,
            path: String::new(),
            message: message.into(),
            unreadable: false,
        }
    }

    pub fn at(mut self, position: Option<(usize, usize)>) -> InputError {
        if let Some((line, column)) = position {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> InputError {
        self.path = path.into();
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.input)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        if !self.path.is_empty() {
            write!(f, ": `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Rewrites a serde or parser message so it keeps what was expected and
/// drops what was found. Unknown shapes fall back to a generic message.
pub fn safe_message(raw: &str) -> String {
    let raw = raw.lines().next().unwrap_or_default().trim();
    let expected = || raw.rfind(", expected ").map(|i| &raw[i + 2..]);
    if raw.starts_with("invalid type:") {
        return with_expected("wrong type", expected());
    }
    if raw.starts_with("invalid value:") || raw.starts_with("invalid length") {
        return with_expected("invalid value", expected());
    }
    if raw.starts_with("unknown variant") {
        return with_expected("unknown value", expected());
    }
    if raw.starts_with("unknown field") {
        return with_expected("unknown key", expected());
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return format!("missing key {}", keep_identifier(rest));
    }
    if let Some(rest) = raw.strip_prefix("duplicate field ") {
        return format!("duplicate key {}", keep_identifier(rest));
    }
    if raw.starts_with("expected a date") {
        return raw.to_string();
    }
    syntax_message(raw)
}

fn with_expected(what: &str, expected: Option<&str>) -> String {
    match expected {
        Some(exp) if exp.len() <= 400 && !exp.contains('"') => format!("{what}, {exp}"),
        _ => what.to_string(),
    }
}

/// Keeps a backticked key name only if it looks like one of our own keys.
fn keep_identifier(rest: &str) -> String {
    let name = rest.trim_matches('`');
    if !name.is_empty()
        && name.len() <= 40
        && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    {
        format!("`{name}`")
    } else {
        String::new()
    }
}

/// Syntax messages from serde_json and toml name the problem, not the input,
/// but only known phrasings are passed on, cut before any " at line …".
fn syntax_message(raw: &str) -> String {
    const KNOWN: &[&str] = &[
        "EOF while parsing",
        "expected",
        "trailing",
        "control character",
        "invalid escape",
        "invalid number",
        "invalid unicode",
        "number out of range",
        "key must be a string",
        "recursion limit exceeded",
        "lone leading surrogate",
        "unexpected end of hex escape",
        "duplicate key",
        "invalid",
        "unclosed",
        "unterminated",
        "missing",
        "extra",
        "unexpected",
    ];
    let cut = raw.find(" at line ").map_or(raw, |i| &raw[..i]);
    let safe = KNOWN.iter().any(|k| cut.starts_with(k))
        && !cut.contains(['"', '\'', '`'])
        && cut.len() <= 120;
    if safe {
        cut.to_string()
    } else {
        "malformed input".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_lose_their_values() {
        let cases = [
            (
                r#"invalid type: string "SECRET", expected u32"#,
                "wrong type, expected u32",
            ),
            (
                "invalid value: integer `-7`, expected u32",
                "invalid value, expected u32",
            ),
            (
                "unknown variant `SECRET`, expected `stated` or `observed`",
                "unknown value, expected `stated` or `observed`",
            ),
            ("missing field `name`", "missing key `name`"),
            ("duplicate field `category`", "duplicate key `category`"),
            (
                "unknown field `SECRET value`, expected `id`",
                "unknown key, expected `id`",
            ),
            ("missing field `SECRET VALUE`", "missing key "),
        ];
        for (raw, want) in cases {
            assert_eq!(safe_message(raw).trim_end(), want.trim_end());
        }
    }

    #[test]
    fn unknown_shapes_fall_back_to_generic() {
        assert_eq!(safe_message("weird SECRET"), "malformed input");
        assert_eq!(
            safe_message("EOF while parsing a string at line 3 column 9"),
            "EOF while parsing a string"
        );
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(line_col(text, 999), (3, 2));
    }
}
