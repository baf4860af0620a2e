//! `cuecard map init FILE`: a starter mapping for a table's headers, to
//! edit rather than write. A header that is exactly a profile field path
//! is filled in; every other column is listed as "ignore" with a note that
//! it must be decided, so nothing is mapped by a guess.

use std::fmt::Write as _;

use super::mapping::FileOptions;
use super::path::FieldPath;
use super::rows::read_headers;
use crate::error::InputError;

/// Where the header row is: `map init`'s `--sheet`, `--skip-rows` and
/// `--delimiter`, written into the starter's `[file]` when given.
pub(crate) struct Layout<'a> {
    pub(crate) sheet: Option<&'a str>,
    pub(crate) skip_rows: usize,
    pub(crate) delimiter: Option<char>,
}

/// The opening comment; `{name}` is the file's name.
const HEAD: &str = "\
# Mapping for {name}: what each column becomes in a profile.
# Save it as {name}.map.toml beside the file (or give it with --map).
# Every column must be mapped to a field, to a restricted category
# ({ sensitive = \"health\" }), or to \"ignore\". Field paths, options and
# categories: docs/reference.md; `cuecard schema mapping` checks it.

";

/// The starter mapping for `input`'s headers, as TOML text.
pub(crate) fn starter(input: &str, layout: &Layout) -> Result<String, InputError> {
    let file = FileOptions {
        delimiter: layout.delimiter.map(String::from),
        skip_rows: layout.skip_rows,
        ..FileOptions::default()
    };
    let headers = read_headers(input, &file, layout.sheet)?;
    let name = std::path::Path::new(input)
        .file_name()
        .map_or_else(|| input.to_string(), |n| n.to_string_lossy().into_owned());
    let mut out = HEAD.replace("{name}", &name);
    out.push_str(&file_section(layout));
    out.push_str("\n# [shift]\n# title = \"Arrivals\"\n# setting = \"hotel\"\n\n[columns]\n");
    for header in &headers {
        let key = toml_key(header);
        let _ = match exact(header) {
            Some(path) => writeln!(out, "{key} = \"{path}\""),
            None => writeln!(
                out,
                "{key} = \"ignore\"  # TO DECIDE: a field, {{ sensitive = \"...\" }}, or keep \"ignore\""
            ),
        };
    }
    Ok(out)
}

/// `[file]`, with what the header row needed to be found.
fn file_section(layout: &Layout) -> String {
    let mut out = String::from("[file]\n");
    if let Some(sheet) = layout.sheet {
        let _ = writeln!(out, "sheet = {}", quoted(sheet));
    }
    if layout.skip_rows > 0 {
        let _ = writeln!(out, "skip_rows = {}", layout.skip_rows);
    }
    if let Some(delimiter) = layout.delimiter {
        let _ = writeln!(out, "delimiter = {}", quoted(&delimiter.to_string()));
    }
    out.push_str("# group_by = \"CUSTOMER_ID\"   # several rows per customer, together\n");
    out
}

/// The field path a header names exactly (`NAME` is not `name`: in a
/// property system's export it is often the family name, so a person
/// decides).
fn exact(header: &str) -> Option<String> {
    FieldPath::parse(header).ok().map(|p| p.to_string())
}

/// A header as a TOML key: bare when it can be, else quoted.
fn toml_key(header: &str) -> String {
    let bare = !header.is_empty()
        && header
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        header.to_string()
    } else {
        quoted(header)
    }
}

/// A TOML basic string, on one line whatever it holds.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_become_keys_toml_can_read() {
        assert_eq!(toml_key("NAME"), "NAME");
        assert_eq!(toml_key("Medical notes"), "\"Medical notes\"");
        assert_eq!(toml_key("loyalty.tier"), "\"loyalty.tier\"");
        assert_eq!(toml_key("a\"b"), "\"a\\\"b\"");
        assert_eq!(toml_key("a\nb"), "\"a\\u000Ab\"");
        let odd = "x\n\"\\y";
        let table: toml::Table = toml::from_str(&format!("{} = 1", toml_key(odd))).unwrap();
        assert!(table.contains_key(odd));
    }

    #[test]
    fn only_exact_field_names_are_filled_in() {
        assert_eq!(exact("name").as_deref(), Some("name"));
        assert_eq!(exact("NAME"), None);
        assert_eq!(exact("loyalty.tier").as_deref(), Some("loyalty.tier"));
        assert_eq!(exact("FIRST"), None);
        assert_eq!(exact("VIP_STATUS"), None);
    }
}
