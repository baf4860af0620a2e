//! Turns the built-in phrase bank (`src/bank/*.toml`) into Rust data, so a
//! run starts without parsing ~11,000 lines of TOML: that parse was a
//! quarter of a crew's whole 450-customer briefing (README, Performance).
//!
//! The bank files stay the source of truth, written and reviewed as TOML.
//! Here they are only parsed and checked for shape (a table of
//! `[[phrases]]` with known keys of the right type); the values (rule,
//! familiarity, style, setting names) are checked when the binary turns
//! them into its types, and every phrasing is linted by `cuecard check`
//! and the tests.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

/// The bank files (every `src/bank/*.toml`), in the order their phrasings
/// are numbered: by file name.
fn files() -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir("src/bank")
        .unwrap_or_else(|e| fail("", &e.to_string()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    files
}

/// Keys a phrasing may have, and whether each holds a string.
const KEYS: &[(&str, bool)] = &[
    ("rule", true),
    ("topic", true),
    ("familiarity", true),
    ("style", true),
    ("setting", true),
    ("text", true),
    ("replace", false),
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut out = String::from("&[\n");
    println!("cargo:rerun-if-changed=src/bank");
    for file in &files() {
        let path = Path::new("src/bank").join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| fail(file, &e.to_string()));
        let doc: toml::Table = text
            .parse()
            .unwrap_or_else(|e: toml::de::Error| fail(file, &e.to_string()));
        for (i, phrase) in phrases(file, &doc).iter().enumerate() {
            let entry = phrase
                .as_table()
                .unwrap_or_else(|| fail(file, &format!("phrase {i} is not a table")));
            writeln!(out, "    {},", entry_literal(file, i, entry)).unwrap();
        }
        for (i, group) in groups(file, &doc).iter().enumerate() {
            for entry in expand(file, i, group) {
                writeln!(out, "    {},", entry_literal(file, i, &entry)).unwrap();
            }
        }
    }
    out.push(']');
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("bank.rs");
    fs::write(dest, out).unwrap();
}

fn phrases<'d>(file: &str, doc: &'d toml::Table) -> &'d [toml::Value] {
    if let Some(key) = doc.keys().find(|k| *k != "phrases" && *k != "groups") {
        fail(
            file,
            &format!("unknown key `{key}`, expected `phrases` or `groups`"),
        );
    }
    array(file, doc, "phrases")
}

fn groups<'d>(file: &str, doc: &'d toml::Table) -> &'d [toml::Value] {
    array(file, doc, "groups")
}

fn array<'d>(file: &str, doc: &'d toml::Table, key: &str) -> &'d [toml::Value] {
    match doc.get(key) {
        None => &[],
        Some(value) => value.as_array().map_or_else(
            || fail(file, &format!("expected an array `[[{key}]]`")),
            Vec::as_slice,
        ),
    }
}

/// A `[[groups]]` table (rule, topic, familiarity, style, setting and a
/// list of `texts`) as one phrase table per text.
fn expand(file: &str, i: usize, group: &toml::Value) -> Vec<toml::Table> {
    let table = group
        .as_table()
        .unwrap_or_else(|| fail(file, &format!("group {i} is not a table")));
    let texts = table
        .get("texts")
        .and_then(toml::Value::as_array)
        .unwrap_or_else(|| fail(file, &format!("group {i}: expected a list `texts`")));
    texts
        .iter()
        .map(|text| {
            let mut entry = table.clone();
            entry.remove("texts");
            entry.insert("text".into(), text.clone());
            entry
        })
        .collect()
}

/// One `phrase::bank::BuiltinEntry` literal: `Some("…")`/`None` for string keys.
fn entry_literal(file: &str, i: usize, entry: &toml::Table) -> String {
    if let Some(key) = entry.keys().find(|k| !KEYS.iter().any(|(n, _)| n == k)) {
        fail(file, &format!("phrase {i}: unknown key `{key}`"));
    }
    let mut fields = format!("BuiltinEntry {{ file: {file:?}");
    for (key, is_string) in KEYS {
        let value = match (entry.get(*key), is_string) {
            (None, true) => "None".to_string(),
            (None, false) => "false".to_string(),
            (Some(toml::Value::String(s)), true) => format!("Some({s:?})"),
            (Some(toml::Value::Boolean(b)), false) => b.to_string(),
            _ => fail(file, &format!("phrase {i}: `{key}` has the wrong type")),
        };
        write!(fields, ", {key}: {value}").unwrap();
    }
    fields.push_str(" }");
    fields
}

fn fail(file: &str, message: &str) -> ! {
    panic!("built-in phrase bank `src/bank/{file}`: {message}")
}
