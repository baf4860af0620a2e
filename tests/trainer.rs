//! End-to-end tests of the trainer tools through the real binary:
//! `cuecard sample` (determinism, every setting, rule coverage, restricted
//! data, loading back), `cuecard explain` (paths and reasons, never values)
//! and the Markdown handouts (valid CommonMark, nothing live from data).

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use common::*;
use cuecard::{Rule, Setting};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
use serde::Deserialize;
use serde_json::{json, Value};
use tempfile::TempDir;

/// Codes of the restricted tier (ssr-codes.md).
const RESTRICTED_CODES: &[&str] = &[
    "WCOB", "WCHR", "WCHS", "WCHC", "WCHP", "WCMP", "WCBD", "WCBW", "SVAN", "BLND", "DEAF", "DPNA",
    "ESAN", "MEDA", "STCR", "OXYG", "PPOC", "CPAP", "DBML", "GFML", "NLML", "LFML", "LSML", "BLML",
    "LCML", "LPML", "PRML", "HFML", "AUML", "KSML", "MOML", "HNML", "VJML", "JNML", "AVML",
];

/// `cuecard sample` with the given flags; stdout, asserting success.
fn sample(home: &Path, args: &[&str]) -> Vec<u8> {
    let out = cuecard(home).arg("sample").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    out.stdout
}

/// A JSON manifest sample, parsed.
fn sample_manifest(home: &Path, setting: &str, count: &str, seed: &str) -> Value {
    let bytes = sample(
        home,
        &[
            "--setting",
            setting,
            "--count",
            count,
            "--seed",
            seed,
            "--format",
            "json",
        ],
    );
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn same_seed_same_bytes_other_seed_other_customers() {
    let home = TempDir::new().unwrap();
    for format in ["toml", "json", "ndjson"] {
        let args = |seed| {
            [
                "--setting",
                "hotel",
                "--count",
                "30",
                "--seed",
                seed,
                "--format",
                format,
            ]
        };
        let a = sample(home.path(), &args("4"));
        assert_eq!(a, sample(home.path(), &args("4")), "{format}");
        assert_ne!(a, sample(home.path(), &args("5")), "{format}");
    }
    let lines = |count| {
        String::from_utf8(sample(
            home.path(),
            &["--count", count, "--seed", "9", "--format", "ndjson"],
        ))
        .unwrap()
    };
    let (short, long) = (lines("10"), lines("40"));
    assert_eq!(long.lines().count(), 40);
    assert!(long.starts_with(&short), "a smaller count is a prefix");
}

#[test]
fn every_setting_and_format_loads_back_with_brief() {
    let home = TempDir::new().unwrap();
    for setting in Setting::ALL.map(Setting::as_str) {
        for (format, ext) in [("toml", "toml"), ("json", "json"), ("ndjson", "ndjson")] {
            let bytes = sample(
                home.path(),
                &["--setting", setting, "--count", "20", "--format", format],
            );
            let path = home.path().join(format!("{setting}.{ext}"));
            std::fs::write(&path, &bytes).unwrap();
            let (b, code, stderr) = brief_json(home.path(), &[], &[&path]);
            assert_eq!(code, 0, "{setting} {format}: {stderr}");
            assert!(b.errors.is_empty(), "{setting} {format}");
            assert_eq!(b.customers.len(), 20, "{setting} {format}");
            if format != "ndjson" {
                assert_eq!(b.shift.setting, setting);
                assert_eq!(b.shift.date, TODAY);
            }
            // The same bytes piped in: stdin takes manifests as well as streams.
            let piped = cuecard(home.path())
                .args(["brief", "--format", "json", "-"])
                .write_stdin(bytes)
                .output()
                .unwrap();
            assert_eq!(piped.status.code(), Some(0), "{setting} {format} stdin");
            let piped: Briefing = serde_json::from_slice(&piped.stdout).unwrap();
            assert_eq!(piped.customers.len(), 20);
            assert_eq!(piped.shift.setting, b.shift.setting);
        }
    }
}

#[test]
fn every_profile_is_synthetic_and_from_the_built_in_lists() {
    let home = TempDir::new().unwrap();
    for setting in Setting::ALL.map(Setting::as_str) {
        let manifest = sample_manifest(home.path(), setting, "50", "3");
        assert_eq!(manifest["shift"]["setting"], setting);
        let customers = manifest["customers"].as_array().unwrap();
        assert_eq!(customers.len(), 50);
        let ids: BTreeSet<&str> = customers
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 50, "ids are unique");
        for c in customers {
            assert_eq!(c["synthetic"], true);
            assert!(c["id"].as_str().unwrap().starts_with("SYN-"));
        }
    }
}

#[test]
fn fifty_customers_fire_every_rule_in_every_setting() {
    let home = TempDir::new().unwrap();
    for setting in Setting::ALL.map(Setting::as_str) {
        for seed in ["1", "4"] {
            let path = home.path().join("fifty.json");
            let manifest = sample_manifest(home.path(), setting, "50", seed);
            std::fs::write(&path, manifest.to_string()).unwrap();
            let (b, code, stderr) =
                brief_json(home.path(), &["--familiarity", "familiar"], &[&path]);
            assert_eq!(code, 0, "{stderr}");
            let fired: BTreeSet<&str> = b
                .customers
                .iter()
                .flat_map(|c| c.cues.iter().map(|q| q.rule.as_str()))
                .collect();
            // A pharmacy never mentions purchases or how often someone comes.
            let never_here: &[&str] = if setting == "pharmacy" {
                &["already_owned", "welcome_back", "new_tier"]
            } else {
                &[]
            };
            let missing: Vec<&str> = Rule::ALL
                .map(Rule::as_str)
                .into_iter()
                .filter(|r| !fired.contains(r) && !never_here.contains(r))
                .collect();
            let said: Vec<&&str> = never_here.iter().filter(|r| fired.contains(**r)).collect();
            assert!(said.is_empty(), "{setting}: {said:?}");
            assert!(missing.is_empty(), "{setting} seed {seed}: {missing:?}");
        }
    }
}

#[test]
fn samples_carry_restricted_categories_and_codes() {
    let home = TempDir::new().unwrap();
    for setting in Setting::ALL.map(Setting::as_str) {
        let manifest = sample_manifest(home.path(), setting, "50", "1");
        let customers = manifest["customers"].as_array().unwrap();
        let categories: BTreeSet<&str> = customers
            .iter()
            .filter_map(|c| c["sensitive"].as_array())
            .flatten()
            .map(|s| s["category"].as_str().unwrap())
            .collect();
        assert!(categories.len() >= 6, "{setting}: {categories:?}");
        let with_codes = |c: &Value| -> Vec<String> {
            c["today"]["services"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| s.as_str().unwrap().to_string())
                .filter(|s| RESTRICTED_CODES.contains(&s.as_str()))
                .collect()
        };
        let carrying = customers
            .iter()
            .filter(|c| !with_codes(c).is_empty())
            .count();
        let codes: BTreeSet<String> = customers.iter().flat_map(with_codes).collect();
        if setting == "flight" {
            assert!(codes.len() >= 3, "{codes:?}");
        } else {
            assert!(carrying >= 1, "{setting}");
            assert!(carrying <= 10, "{setting}: sparingly, not {carrying} of 50");
        }
    }
}

#[test]
fn sample_and_brief_refuse_each_others_formats() {
    let home = TempDir::new().unwrap();
    for format in ["table", "markdown", "html"] {
        let out = cuecard(home.path())
            .args(["sample", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "sample --format {format}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("toml, json, ndjson or csv"));
    }
    let profile = write(home.path(), "p.json", r#"{"id": "a", "name": "Ada"}"#);
    for command in ["brief", "explain"] {
        for format in ["toml", "csv"] {
            let out = cuecard(home.path())
                .args([command, "--format", format])
                .arg(&profile)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{command} {format}");
            assert!(out.stdout.is_empty());
        }
    }
}

/// A million customers stream: the first lines arrive at once, and the
/// run ends quietly as soon as the reader goes away.
#[test]
fn a_million_customers_stream_as_they_are_made() {
    let home = TempDir::new().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cuecard"));
    pin_env(&mut cmd, home.path());
    let mut child = cmd
        .args(["--today", TODAY, "sample", "--count", "1000000"])
        .args(["--format", "ndjson", "--setting", "flight"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    for _ in 0..100 {
        let line = lines.next().unwrap().unwrap();
        let profile: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(profile["synthetic"], true);
    }
    drop(lines);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "a closed pipe is not an error");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------- explain

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Explanation {
    schema_version: u32,
    shift: Value,
    familiarity: String,
    style: String,
    purpose: Value,
    customers: Vec<Explained>,
    errors: Vec<Value>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Explained {
    #[serde(rename = "ref")]
    reference: Option<String>,
    address_as: Option<String>,
    cues: Vec<ExplainedCue>,
    withheld: Vec<WithheldOut>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExplainedCue {
    rule: String,
    variant: String,
    aim: String,
    rung: Option<u8>,
    text: String,
    sources: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct WithheldOut {
    path: String,
    reason: String,
    kind: String,
}

/// Two customers with a canary in every value that must never be shown:
/// one who consents to personalisation, one who does not.
fn canary_manifest(dir: &Path) -> std::path::PathBuf {
    let regular = json!({
        "id": "CANARY-ID-0001", "ref": "12C", "name": "Ada Lovelace",
        "loyalty": {"tier": "Gold", "visits_last_90_days": 7, "lifetime_visits": 40,
                    "member_since": "2022-01-01"},
        "preferences": [
            {"topic": "drink", "value": "canary observed drink", "source": "observed"},
            {"topic": "other", "value": "canary free text"},
            {"topic": "meal", "value": "canary inferred meal", "source": "inferred"}
        ],
        "today": {"services": ["FQTV", "KSML"], "basket": ["canary pills"]},
        "sensitive": [{"category": "bereavement", "note": "canary grief note"}],
        "inferred": {"segment": "canary segment", "value_score": 0.937},
        "purchases": [{"item": "canary pills", "date": "2026-01-01", "category": "pharmacy"}],
        "history": [{"date": "2026-01-15", "kind": "disruption", "summary": "canary summary"}],
        "notes": "canary agent notes"
    });
    let private = json!({
        "id": "CANARY-ID-0002", "ref": "14A", "name": "Grace Hopper",
        "consent": {"personalise": false, "use_name": false},
        "loyalty": {"visits_last_90_days": 5, "lifetime_visits": 20}
    });
    let manifest = json!({
        "shift": {"title": "Privacy check", "setting": "flight"},
        "customers": [regular, private]
    });
    write(dir, "canary.json", &manifest.to_string())
}

fn explain(home: &Path, format: &str, input: &Path) -> String {
    let out = succeed(
        cuecard(home)
            .args(["explain", "--format", format])
            .arg(input),
    );
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

fn reason_of<'a>(c: &'a Explained, path: &str) -> &'a str {
    c.withheld.iter().find(|w| w.path == path).map_or_else(
        || panic!("{path} not withheld: {:?}", c.withheld),
        |w| &w.reason,
    )
}

#[test]
fn explain_names_sources_and_reasons() {
    let home = TempDir::new().unwrap();
    let input = canary_manifest(home.path());
    let e: Explanation = serde_json::from_str(&explain(home.path(), "json", &input)).unwrap();
    assert_eq!(e.schema_version, 1);
    assert_eq!(e.familiarity, "warm");
    assert!(e.errors.is_empty());
    let (regular, private) = (&e.customers[0], &e.customers[1]);

    let sources_of = |rule: &str| -> &Vec<String> {
        &regular
            .cues
            .iter()
            .find(|c| c.rule == rule)
            .unwrap_or_else(|| panic!("no {rule} cue: {:?}", regular.cues))
            .sources
    };
    assert_eq!(sources_of("welcome_back"), &["loyalty.visits_last_90_days"]);
    assert_eq!(sources_of("assist"), &["today.services[1]"]);
    for cue in &regular.cues {
        assert!(cue.variant.starts_with(&cue.rule), "{cue:?}");
        assert!(!cue.aim.is_empty() && !cue.text.is_empty());
        assert_eq!(
            cue.rung.is_none(),
            cue.rule == "assist" || cue.rule == "tone"
        );
    }
    let expected = [
        ("id", "identifier"),
        ("today.services[0]", "never cued: identifier"),
        ("sensitive[0].category", "restricted: bereavement (tone)"),
        ("sensitive[0].note", "free text"),
        ("preferences[1].value", "free text"),
        ("preferences[2]", "inferred"),
        ("inferred.segment", "inferred"),
        ("inferred.value_score", "inferred"),
        ("preferences[0].value", "above familiarity: rung 3 > warm"),
        ("purchases[0]", "restricted purchase category"),
        ("history[0].summary", "free text"),
        ("notes", "free text"),
    ];
    for (path, reason) in expected {
        assert_eq!(reason_of(regular, path), reason, "{path}");
    }
    assert_eq!(reason_of(private, "loyalty.visits_last_90_days"), "consent");
    assert_eq!(reason_of(private, "name"), "consent");
    assert_eq!(private.address_as, None);
    assert_eq!(private.reference.as_deref(), Some("14A"));
    assert!(regular.withheld.iter().all(|w| !w.kind.is_empty()));
}

#[test]
fn explain_never_shows_a_value_in_any_format() {
    let home = TempDir::new().unwrap();
    let input = canary_manifest(home.path());
    for format in ["table", "json", "ndjson", "markdown"] {
        let text = explain(home.path(), format, &input);
        let lower = text.to_lowercase();
        assert!(!lower.contains("canary"), "{format}: {text}");
        for value in ["KSML", "FQTV", "0.937", "Grace", "Hopper", "2026-01-01"] {
            assert!(!text.contains(value), "{format} shows {value}: {text}");
        }
    }
    let table = explain(home.path(), "table", &input);
    for line in [
        "from loyalty.visits_last_90_days",
        "from today.services[1]",
        "restricted: bereavement (tone)",
        "above familiarity: rung 3 > warm",
        "restricted purchase category",
        "never cued: identifier",
        "consent",
        "inferred.{segment, value_score}",
    ] {
        assert!(table.contains(line), "table lacks `{line}`:\n{table}");
    }
}

#[test]
fn the_trainer_pipeline_explains_every_customer() {
    let home = TempDir::new().unwrap();
    let bytes = sample(
        home.path(),
        &["--setting", "hotel", "--count", "12", "--seed", "4"],
    );
    let out = cuecard(home.path())
        .args(["explain", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Explanation · Harbour Hotel"), "{text}");
    assert_eq!(text.matches("\n── ").count(), 12, "{text}");
    assert!(text.contains("12 customers"));
    assert!(text.contains("Rungs of the closeness ladder"));
}

// ---------------------------------------------------------------- markdown

/// Names, refs and values that would be links, images, HTML, code or
/// table breaks if they reached Markdown unescaped.
const HOSTILE: [&str; 6] = [
    "[x](http://e.vil)",
    "<img src=x onerror=alert(1)>",
    "`code` **bold** _it_",
    "a | b | c",
    "![i](http://e.vil/i.png) <https://e.vil>",
    "&lt;b&gt; # not a heading",
];

fn hostile_manifest(dir: &Path) -> std::path::PathBuf {
    let customers: Vec<Value> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, h)| {
            json!({
                "id": format!("H-{i}"), "ref": format!("{i}|{h}"), "name": h,
                "preferred_name": h,
                "loyalty": {"visits_last_90_days": 5, "lifetime_visits": 30},
                "preferences": [{"topic": "drink", "value": h, "source": "stated",
                                 "last_confirmed": "2026-10-01"}],
                "purchases": [{"item": h, "date": "2025-06-01", "category": "books"}],
                "today": {"basket": [h], "services": ["WCHR"]}
            })
        })
        .collect();
    let manifest = json!({
        "shift": {"title": "[t](http://e.vil) <b>", "setting": "retail"},
        "customers": customers
    });
    write(dir, "hostile.json", &manifest.to_string())
}

fn markdown(home: &Path, command: &str, input: &Path) -> String {
    let out = cuecard(home)
        .args([command, "--format", "markdown"])
        .arg(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

/// What a Markdown document is made of, as a CommonMark + tables parser
/// reads it.
#[derive(Default, Debug)]
struct Shape {
    h1: usize,
    h2: Vec<String>,
    body_rows: usize,
    tables: usize,
    live: Vec<String>,
    text: String,
}

fn shape(md: &str) -> Shape {
    let mut s = Shape::default();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if level == HeadingLevel::H1 {
                    s.h1 += 1;
                }
                if level == HeadingLevel::H2 {
                    heading = Some(String::new());
                }
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    s.h2.push(h);
                }
            }
            Event::Start(Tag::Table(_)) => s.tables += 1,
            Event::Start(Tag::TableRow) => s.body_rows += 1,
            Event::Start(Tag::Link { dest_url, .. }) => s.live.push(format!("link {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => s.live.push(format!("image {dest_url}")),
            Event::Html(h) | Event::InlineHtml(h) => s.live.push(format!("html {h}")),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
                s.text.push_str(&t);
            }
            _ => {}
        }
    }
    s
}

#[test]
fn brief_handout_is_commonmark_with_a_row_per_customer() {
    let home = TempDir::new().unwrap();
    let input = hostile_manifest(home.path());
    let md = markdown(home.path(), "brief", &input);
    let s = shape(&md);
    assert!(
        s.live.is_empty(),
        "live markup from data: {:?}\n{md}",
        s.live
    );
    assert_eq!(s.h1, 1, "{md}");
    assert_eq!(s.tables, 1, "{md}");
    assert_eq!(s.body_rows, HOSTILE.len(), "one row per customer:\n{md}");
    assert!(s.h2.iter().any(|h| h == "Legend"), "{:?}", s.h2);
    assert!(
        s.text.contains("[t](http://e.vil) <b>"),
        "the title reads as typed"
    );
    for h in HOSTILE {
        assert!(s.text.contains(h), "`{h}` does not read as typed:\n{md}");
    }
    assert!(md.contains("**Aim:**") && md.contains("**Avoid:**"));
}

#[test]
fn explain_handout_has_a_section_per_customer() {
    let home = TempDir::new().unwrap();
    let input = hostile_manifest(home.path());
    let md = markdown(home.path(), "explain", &input);
    let s = shape(&md);
    assert!(
        s.live.is_empty(),
        "live markup from data: {:?}\n{md}",
        s.live
    );
    assert_eq!(s.h1, 1, "{md}");
    let sections: Vec<&String> = s.h2.iter().filter(|h| *h != "Legend").collect();
    assert_eq!(sections.len(), HOSTILE.len(), "{:?}", s.h2);
    for (i, h) in HOSTILE.iter().enumerate() {
        assert_eq!(sections[i], &format!("{i}|{h} · {h}"));
    }
    assert!(s.h2.last().is_some_and(|h| h == "Legend"));
    assert!(s.text.contains("today.services[0]"), "{md}");
    assert!(s.text.contains("identifier"), "{md}");

    // A real sample reads the same way.
    let bytes = sample(home.path(), &["--setting", "flight", "--count", "15"]);
    let path = write(
        home.path(),
        "flight.toml",
        &String::from_utf8(bytes).unwrap(),
    );
    let s = shape(&markdown(home.path(), "explain", &path));
    assert!(s.live.is_empty());
    assert_eq!(s.h2.len(), 16);
    let s = shape(&markdown(home.path(), "brief", &path));
    assert_eq!(s.body_rows, 15);
}
