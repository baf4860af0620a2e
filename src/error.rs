//! Errors that must tell kinds apart (for the exit code) and the located,
//! value-free errors reported for bad input.
//!
//! Parsers echo input in their messages (`invalid type: string "…"`, source
//! snippets). Nothing from a parser reaches the user raw: [`safe_message`]
//! keeps only what the parser expected, never what it found.

use std::cell::Cell;
use std::fmt;

use serde::Serialize;

/// The exit codes (`cuecard --help`, docs/reference.md).
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
pub(crate) struct Fail {
    pub code: Code,
    pub message: String,
}

impl Fail {
    /// A coded error, ready to return through `anyhow`.
    #[allow(clippy::new_ret_no_self)]
    pub(crate) fn new(code: Code, message: impl Into<String>) -> anyhow::Error {
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

/// A run cut short by a closed stdout (`| head`) stays quiet, but keeps
/// the exit code it had earned by then: a missing input, a bad record.
#[derive(Debug)]
struct Earned(Code);

impl fmt::Display for Earned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("output closed early")
    }
}

/// Whether the error is a closed stdout (a broken pipe).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Marks a broken pipe with the code the run had earned when it came;
/// any other error passes unchanged.
pub fn with_earned(err: anyhow::Error, code: Code) -> anyhow::Error {
    if is_broken_pipe(&err) && err.downcast_ref::<Earned>().is_none() {
        err.context(Earned(code))
    } else {
        err
    }
}

/// The exit code of a run whose stdout closed early: what it had earned.
pub fn earned_code(err: &anyhow::Error) -> Code {
    err.downcast_ref::<Earned>().map_or(Code::Ok, |e| e.0)
}

/// A bad input or record: where it is and what was wrong, never the value.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct InputError {
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub path: Box<str>,
    pub message: String,
    /// Whether the input could not be read at all (exit 66) rather than read
    /// and found bad (exit 65).
    #[serde(skip)]
    pub unreadable: bool,
    /// Whether it could not be read because there is no such file.
    #[serde(skip)]
    pub missing: bool,
    /// The bad record's `ref`, where it could be read: operational data
    /// (a seat, a room), never personal, so staff output can keep the
    /// record's place.
    #[serde(skip)]
    pub reference: Option<Box<str>>,
}

impl InputError {
    pub(crate) fn new(input: &str, message: impl Into<String>) -> InputError {
        InputError {
            input: input.to_string(),
            line: None,
            column: None,
            path: Box::default(),
            message: message.into(),
            unreadable: false,
            missing: false,
            reference: None,
        }
    }

    pub(crate) fn at(mut self, position: Option<(usize, usize)>) -> InputError {
        if let Some((line, column)) = position {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }

    pub(crate) fn path(mut self, path: impl Into<String>) -> InputError {
        self.path = path.into().into_boxed_str();
        self
    }

    /// The bad record's `ref`, if it could be read.
    pub(crate) fn reference(mut self, reference: Option<String>) -> InputError {
        self.reference = reference
            .filter(|r| !r.trim().is_empty())
            .map(String::into_boxed_str);
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

/// A key from input as it may be shown in a field path: kept when it reads
/// like one of our own keys (`nmae`, `visits_last_90_days`), else `<key>`.
/// Careless exports put data in key names ("Mrs Smith passport X123"), and
/// a path must never carry it.
pub(crate) fn plain_key(key: &str) -> &str {
    let plain = key.len() <= 32
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        key
    } else {
        "<key>"
    }
}

/// A field path with every key made plain (see [`plain_key`]); list
/// indices (`[3]`) are kept.
pub(crate) fn plain_path(path: &str) -> String {
    path.split('.')
        .map(|segment| {
            let (key, index) = segment
                .find('[')
                .map_or((segment, ""), |i| segment.split_at(i));
            let index_ok = index.is_empty()
                || index.split_inclusive(']').all(|i| {
                    i.starts_with('[')
                        && i.ends_with(']')
                        && i[1..i.len() - 1].chars().all(|c| c.is_ascii_digit())
                });
            match (key, index_ok) {
                ("", true) => index.to_string(),
                (_, true) => format!("{}{index}", plain_key(key)),
                _ => "<key>".to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// 1-based line and column (in characters) of a byte offset in `text`.
/// For many offsets into one text, use a [`Locator`].
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    Locator::new(text).line_col(offset)
}

/// Turns byte offsets in one text into 1-based lines and columns (in
/// characters). It keeps its place: offsets asked for in increasing order,
/// as a loader meets errors, cost one pass over the text in all, however
/// many there are. Locating each from the top made a manifest of many bad
/// records take time growing with their square.
pub(crate) struct Locator<'t> {
    text: &'t str,
    /// Byte offset, line and column reached so far.
    at: Cell<(usize, usize, usize)>,
    scanned: Cell<usize>,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text,
            at: Cell::new((0, 1, 1)),
            scanned: Cell::new(0),
        }
    }

    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (mut from, mut line, mut column) = self.at.get();
        if offset < from {
            (from, line, column) = (0, 1, 1);
        }
        let passed = &self.text[from..offset];
        self.scanned.set(self.scanned.get() + passed.len());
        match passed.rfind('\n') {
            Some(last) => {
                line += passed.matches('\n').count();
                column = passed[last + 1..].chars().count() + 1;
            }
            None => column += passed.chars().count(),
        }
        self.at.set((offset, line, column));
        (line, column)
    }

    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// Bytes walked over so far: the work done, for tests.
    #[cfg(test)]
    pub(crate) fn scanned(&self) -> usize {
        self.scanned.get()
    }
}

/// Rewrites a serde or parser message so it keeps what was expected and
/// drops what was found. Unknown shapes fall back to a generic message.
pub(crate) fn safe_message(raw: &str) -> String {
    let raw = raw.lines().next().unwrap_or_default().trim();
    let raw = raw.find(" at line ").map_or(raw, |i| &raw[..i]);
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
    if raw.starts_with("recursion limit") || raw.starts_with("cannot recurse further") {
        return "nested too deeply (tables, arrays or dotted keys inside one another)".to_string();
    }
    if raw.starts_with("string values must be quoted") {
        return "a string needs quotes (key = \"text\")".to_string();
    }
    syntax_message(raw)
}

fn with_expected(what: &str, expected: Option<&str>) -> String {
    match expected {
        Some(exp) if exp.len() <= 400 && !exp.contains('"') => {
            format!("{what}, {}", plain_expected(exp))
        }
        _ => what.to_string(),
    }
}

/// Serde's type names in words a data steward would use.
fn plain_expected(exp: &str) -> String {
    let words = [
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65535"),
        ("u32", "a whole number from 0 to 4294967295"),
        ("u64", "a whole number of 0 or more"),
        ("usize", "a whole number of 0 or more"),
        ("i64", "a whole number"),
        ("a sequence", "an array"),
        ("a map", "a table"),
    ];
    let exp = exp.strip_prefix("expected ").unwrap_or(exp);
    let exp = words
        .iter()
        .find(|(name, _)| *name == exp)
        .map_or(exp.to_string(), |(_, w)| w.to_string());
    let exp = match exp.strip_prefix("struct ") {
        Some(_) => "a table".to_string(),
        None => exp,
    };
    format!("expected {exp}")
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
/// but only known phrasings are passed on; backticked parts must be short
/// tokens (`#`, `"`, `newline`), never a value.
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
        "cannot recurse",
        "key with no value",
    ];
    let safe =
        KNOWN.iter().any(|k| raw.starts_with(k)) && raw.len() <= 120 && only_short_tokens(raw);
    if safe {
        raw.to_string()
    } else {
        "malformed input".to_string()
    }
}

/// True when every backticked part is a short token and nothing is quoted.
fn only_short_tokens(text: &str) -> bool {
    let mut parts = text.split('`');
    let outside_ok = |s: &str| !s.contains(['"', '\'']);
    let mut ok = parts.next().is_some_and(outside_ok);
    while let Some(inside) = parts.next() {
        let token = inside.chars().count() <= 2 || ["newline", "true", "false"].contains(&inside);
        ok &= token && parts.next().is_none_or(outside_ok);
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_lose_their_values() {
        let cases = [
            (
                r#"invalid type: string "SECRET", expected u32 at line 1 column 9"#,
                "wrong type, expected a whole number from 0 to 4294967295",
            ),
            (
                "invalid value: integer `-7`, expected u32",
                "invalid value, expected a whole number from 0 to 4294967295",
            ),
            (
                "duplicate field `name` at line 1 column 36",
                "duplicate key `name`",
            ),
            (
                "invalid type: map, expected struct Loyalty",
                "wrong type, expected a table",
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
            safe_message("unexpected key or value, expected newline, `#`"),
            "unexpected key or value, expected newline, `#`"
        );
        assert_eq!(safe_message("expected `SECRET`"), "malformed input");
        assert_eq!(safe_message("invalid number `123456`"), "malformed input");
        assert_eq!(
            safe_message("EOF while parsing a string at line 3 column 9"),
            "EOF while parsing a string"
        );
    }

    #[test]
    fn paths_never_carry_data_from_key_names() {
        assert_eq!(
            plain_path("loyalty.visits_last_90_days"),
            "loyalty.visits_last_90_days"
        );
        assert_eq!(
            plain_path("customers[3].preferences[0].value"),
            "customers[3].preferences[0].value"
        );
        assert_eq!(plain_path("nmae"), "nmae");
        assert_eq!(plain_path("Mrs Smith passport X123"), "<key>");
        assert_eq!(plain_path("loyalty.SECRET-cnry 42"), "loyalty.<key>");
        assert_eq!(plain_path("a.b[x y]"), "a.<key>");
        assert_eq!(plain_key("cnry.42"), "<key>");
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

    /// Line and column the plain way, to check the [`Locator`] against.
    fn counted(text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[start..].chars().count() + 1,
        )
    }

    proptest::proptest! {
        #[test]
        fn a_locator_agrees_with_counting_from_the_top(
            text in "[a-zé\n]{0,60}",
            offsets in proptest::collection::vec(0usize..80, 0..12),
        ) {
            let locator = Locator::new(&text);
            for offset in offsets {
                proptest::prop_assert_eq!(locator.line_col(offset), counted(&text, offset));
            }
        }
    }

    #[test]
    fn offsets_in_order_cost_one_pass_over_the_text() {
        let text = "x = 1\n".repeat(10_000);
        let locator = Locator::new(&text);
        for offset in (0..text.len()).step_by(7) {
            locator.line_col(offset);
        }
        assert!(locator.scanned() <= text.len(), "{}", locator.scanned());
    }
}
