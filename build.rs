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

/// The bank files, in the order their phrasings are numbered.
const FILES: &[&str] = &["relationship.toml", "services.toml"];

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
    for file in FILES {
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
    }
    out.push(']');
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("bank.rs");
    fs::write(dest, out).unwrap();
}

fn phrases<'d>(file: &str, doc: &'d toml::Table) -> &'d [toml::Value] {
    if let Some(key) = doc.keys().find(|k| *k != "phrases") {
        fail(file, &format!("unknown key `{key}`, expected `phrases`"));
    }
    doc.get("phrases")
        .and_then(toml::Value::as_array)
        .unwrap_or_else(|| fail(file, "expected an array `[[phrases]]`"))
}

/// One `phrase::Raw` literal: `Some("…")`/`None` for string keys.
fn entry_literal(file: &str, i: usize, entry: &toml::Table) -> String {
    if let Some(key) = entry.keys().find(|k| !KEYS.iter().any(|(n, _)| n == k)) {
        fail(file, &format!("phrase {i}: unknown key `{key}`"));
    }
    let mut fields = format!("Raw {{ file: {file:?}");
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
