//! `cuecard schema`: the printed JSON Schemas accept what cuecard reads and
//! writes — every file under `briefings/`, samples, the built-in config,
//! JSON briefings and explanations — and reject what it refuses. TOML is
//! checked as the JSON it reads as (a TOML date is a `YYYY-MM-DD` string).

mod common;

use std::path::Path;

use common::*;
use jsonschema::Validator;
use serde_json::{json, Value};
use tempfile::TempDir;

fn validator(home: &Path, kind: &str) -> Validator {
    let out = cuecard(home).args(["schema", kind]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "schema {kind}");
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema {kind} does not compile: {e}"))
}

fn assert_valid(v: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

/// TOML as the JSON value it stands for.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The documents in an input file: one, or one per NDJSON line.
fn documents(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => vec![toml_to_json(toml::from_str(&text).unwrap())],
        Some("ndjson") => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        _ => vec![serde_json::from_str(&text).unwrap()],
    }
}

fn is_manifest(doc: &Value) -> bool {
    doc.get("shift").is_some() || doc.get("customers").is_some()
}

#[test]
fn every_briefing_file_matches_the_input_schemas() {
    let home = TempDir::new().unwrap();
    let profile = validator(home.path(), "profile");
    let manifest = validator(home.path(), "manifest");
    let files = all_briefings();
    assert!(!files.is_empty());
    for path in files {
        for doc in documents(&path) {
            let what = path.display().to_string();
            if is_manifest(&doc) {
                assert_valid(&manifest, &doc, &what);
                for c in doc["customers"].as_array().into_iter().flatten() {
                    assert_valid(&profile, c, &what);
                }
            } else {
                assert_valid(&profile, &doc, &what);
            }
        }
    }
}

#[test]
fn samples_match_the_input_schemas() {
    let home = TempDir::new().unwrap();
    let profile = validator(home.path(), "profile");
    let manifest = validator(home.path(), "manifest");
    for setting in [
        "flight",
        "hotel",
        "retail",
        "pharmacy",
        "restaurant",
        "generic",
    ] {
        for format in ["toml", "json", "ndjson"] {
            let out = cuecard(home.path())
                .args([
                    "sample",
                    "--setting",
                    setting,
                    "--count",
                    "40",
                    "--format",
                    format,
                ])
                .output()
                .unwrap();
            let path = write(
                home.path(),
                &format!("sample.{format}"),
                &String::from_utf8(out.stdout).unwrap(),
            );
            for doc in documents(&path) {
                let what = format!("{setting} {format}");
                if format == "ndjson" {
                    assert_valid(&profile, &doc, &what);
                } else {
                    assert_valid(&manifest, &doc, &what);
                }
            }
        }
    }
}

#[test]
fn schemas_reject_what_cuecard_refuses() {
    let home = TempDir::new().unwrap();
    let profile = validator(home.path(), "profile");
    let bad = [
        json!({"id": "a"}),
        json!({"id": "a", "name": "b", "nmae": "c"}),
        json!({"id": "a", "name": "b", "loyalty": {"tier_since": "2026-02-30"}}),
        json!({"id": "a", "name": "b", "preferences": [{"topic": "wine", "value": "x"}]}),
        json!({"id": "a", "name": "b", "loyalty": {"lifetime_visits": -1}}),
    ];
    for doc in bad {
        assert!(!profile.is_valid(&doc), "{doc}");
    }
    let good = json!({"id": "a", "name": "b", "inferred": {"anything": [1, {"x": null}]},
                      "occasions": [{"kind": "birthday", "date": "1980-11-23"}]});
    assert_valid(&profile, &good, "profile with inferred data");

    let config = validator(home.path(), "config");
    assert!(!config.is_valid(&json!({"tone": {"familiarty": "warm"}})));
    assert!(!config.is_valid(&json!({"restricted": {"astrology": "tone"}})));
    assert!(!config.is_valid(&json!({"restricted": {"health": "share"}})));
}

#[test]
fn configs_match_the_config_schema() {
    let home = TempDir::new().unwrap();
    let config = validator(home.path(), "config");
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
    assert_valid(&config, &documents(&builtin)[0], "config.toml");
    let user = toml_to_json(
        toml::from_str(
            "[tone]\nfamiliarity = \"familiar\"\n[restricted]\nbereavement = \"withhold\"\n\
             [[phrases]]\nrule = \"welcome_back\"\nfamiliarity = \"warm\"\ntext = \"Welcome back.\"\n",
        )
        .unwrap(),
    );
    assert_valid(&config, &user, "a partial user config");
}

#[test]
fn json_briefings_and_explanations_match_the_output_schemas() {
    let home = TempDir::new().unwrap();
    let briefing = validator(home.path(), "briefing");
    let explanation = validator(home.path(), "explanation");
    let sample = cuecard(home.path())
        .args(["sample", "--setting", "flight", "--count", "30"])
        .output()
        .unwrap();
    let sample = write(
        home.path(),
        "sample.toml",
        &String::from_utf8(sample.stdout).unwrap(),
    );
    let broken = write(
        home.path(),
        "broken.ndjson",
        "{\"id\": \"a\", \"name\": \"A\"}\n{oops\n",
    );
    let mut inputs = all_briefings();
    inputs.extend([sample, broken]);
    for input in inputs {
        for (command, v) in [("brief", &briefing), ("explain", &explanation)] {
            let out = cuecard(home.path())
                .args([command, "--format", "json", "--familiarity", "familiar"])
                .arg(&input)
                .output()
                .unwrap();
            let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_valid(v, &doc, &format!("{command} {}", input.display()));
        }
    }
}
