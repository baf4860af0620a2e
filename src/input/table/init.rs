//! `cuecard map init FILE`: a starter mapping for a table's headers, to
//! edit rather than write. A header that is exactly a profile field path
//! is filled in; every other column is listed as "ignore" with a
//! note that it must be decided, so nothing is mapped by a guess.

use std::fmt::Write as _;

use super::mapping::FileOptions;
use super::path::FieldPath;
use super::rows::read_headers;
use crate::error::InputError;

/// The starter mapping for `input`'s headers, as TOML text.
pub(crate) fn starter(input: &str, sheet: Option<&str>) -> Result<String, InputError> {
    let headers = read_headers(input, &FileOptions::default(), sheet)?;
    let name = std::path::Path::new(input)
        .file_name()
        .map_or_else(|| input.to_string(), |n| n.to_string_lossy().into_owned());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Mapping for {name}: what each column becomes in a profile."
    );
    let _ = writeln!(
        out,
        "# Save it as {name}.map.toml beside the file (or give it with --map)."
    );
    let _ = writeln!(
        out,
        "# Every column must be mapped to a field, to a restricted category"
    );
    let _ = writeln!(
        out,
        "# ({{ sensitive = \"health\" }}), or to \"ignore\". Field paths, options and"
    );
    let _ = writeln!(
        out,
        "# categories: docs/reference.md; `cuecard schema mapping` checks it."
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "# [file]");
    let _ = writeln!(
        out,
        "# group_by = \"CUSTOMER_ID\"   # several rows per customer, together"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "# [shift]");
    let _ = writeln!(out, "# title = \"Arrivals\"");
    let _ = writeln!(out, "# setting = \"hotel\"");
    let _ = writeln!(out);
    let _ = writeln!(out, "[columns]");
    for header in &headers {
        let key = toml_key(header);
        match exact(header) {
            Some(path) => {
                let _ = writeln!(out, "{key} = \"{path}\"");
            }
            None => {
                let _ = writeln!(out, "{key} = \"ignore\"  # TO DECIDE: a field, {{ sensitive = \"...\" }}, or keep \"ignore\"");
            }
        }
    }
    Ok(out)
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
        toml::Value::String(header.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_become_keys_toml_can_read() {
        assert_eq!(toml_key("NAME"), "NAME");
        assert_eq!(toml_key("Medical notes"), "\"Medical notes\"");
        assert_eq!(toml_key("loyalty.tier"), "\"loyalty.tier\"");
        assert_eq!(toml_key("a\"b"), "'a\"b'");
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
