//! Restricted data never reaches staff, whichever way it arrives: action
//! not reason for restricted service codes, quiet withholding, sanitised
//! hostile text, and hostile or broken input handled without a leak.

mod common;

use common::*;
use serde_json::{json, Value};
use tempfile::TempDir;

/// Every restricted code of ssr-codes.md with what it means.
const RESTRICTED: &[(&str, &str)] = &[
    ("WCOB", "on-board aisle wheelchair"),
    ("WCHR", "wheelchair for distance"),
    ("WCHS", "wheelchair steps"),
    ("WCHC", "wheelchair immobile"),
    ("WCHP", "lower-limb disability"),
    ("WCMP", "own manual wheelchair"),
    ("WCBD", "dry-cell battery wheelchair"),
    ("WCBW", "wet-cell battery wheelchair"),
    ("SVAN", "service animal"),
    ("BLND", "blind visually impaired"),
    ("DEAF", "deaf hard of hearing"),
    ("DPNA", "intellectual developmental disability"),
    ("ESAN", "emotional support animal"),
    ("MEDA", "medical case"),
    ("STCR", "stretcher"),
    ("OXYG", "oxygen"),
    ("PPOC", "portable oxygen concentrator"),
    ("CPAP", "cpap"),
    ("DBML", "diabetic meal"),
    ("GFML", "gluten-free meal"),
    ("NLML", "low lactose"),
    ("LFML", "low fat"),
    ("LSML", "low salt"),
    ("BLML", "bland"),
    ("LCML", "low calorie"),
    ("LPML", "low protein"),
    ("PRML", "low purine"),
    ("HFML", "high fibre"),
    ("AUML", "autism-friendly meal"),
    ("KSML", "kosher meal"),
    ("MOML", "muslim halal meal"),
    ("HNML", "hindu meal"),
    ("VJML", "jain vegetarian"),
    ("JNML", "jain vegetarian"),
    ("AVML", "asian hindu vegetarian"),
];

/// Words that would name a condition, belief or life event (at least 60).
const NAMING_WORDS: &[&str] = &[
    "wheelchair",
    "kosher",
    "halal",
    "muslim",
    "jewish",
    "hindu",
    "jain",
    "religion",
    "religious",
    "faith",
    "diabetic",
    "diabetes",
    "gluten",
    "coeliac",
    "celiac",
    "lactose",
    "allergy",
    "allergic",
    "blind",
    "deaf",
    "visually",
    "impaired",
    "hearing aid",
    "oxygen",
    "medical",
    "medicine",
    "medication",
    "doctor",
    "illness",
    "sick",
    "disability",
    "disabled",
    "handicap",
    "autism",
    "autistic",
    "stretcher",
    "pregnant",
    "pregnancy",
    "widow",
    "widower",
    "grief",
    "grieving",
    "bereaved",
    "bereavement",
    "funeral",
    "death",
    "died",
    "passed away",
    "divorce",
    "hardship",
    "debt",
    "abuse",
    "mental",
    "anxiety",
    "depression",
    "addiction",
    "cancer",
    "therapy",
    "visa",
    "passport",
    "deport",
    "immigration",
    "criminal",
    "service animal",
    "guide dog",
    "emotional support",
    "low salt",
    "low fat",
    "low purine",
    "vegetarian",
    "vegan",
    "cpap",
    "purine",
    "calorie",
    "lower-limb",
];

const FORMATS: [&str; 5] = STAFF_FORMATS;

fn run(dir: &TempDir, args: &[&str], profile: &Value) -> (String, i32) {
    let path = write(dir.path(), "p.json", &profile.to_string());
    let out = cuecard(dir.path())
        .args(["brief"])
        .args(args)
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    (text, out.status.code().unwrap())
}

fn word_in(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    lower
        .match_indices(word)
        .any(|(i, _)| i == 0 || !lower[..i].chars().next_back().unwrap().is_alphanumeric())
}

/// Briefs one NDJSON stream of profiles; stdout and stderr together.
fn run_stream(dir: &TempDir, args: &[&str], profiles: &[Value]) -> (String, i32) {
    let lines: Vec<String> = profiles.iter().map(Value::to_string).collect();
    let path = write(dir.path(), "stream.ndjson", &(lines.join("\n") + "\n"));
    let out = cuecard(dir.path())
        .args(["brief"])
        .args(args)
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    (text, out.status.code().unwrap())
}

#[test]
fn restricted_codes_give_the_action_never_the_reason() {
    let dir = TempDir::new().unwrap();
    assert!(NAMING_WORDS.len() >= 60);
    let profiles: Vec<Value> = RESTRICTED
        .iter()
        .map(|(code, _)| json!({"id": format!("ID-{code}"), "ref": "7C", "name": "Kim Doe", "today": {"services": [code]}}))
        .collect();
    for format in FORMATS {
        for setting in ["flight", "hotel", "pharmacy", "generic"] {
            for style in ["hint", "opener"] {
                let (text, status) = run_stream(
                    &dir,
                    &["--format", format, "--setting", setting, "--style", style],
                    &profiles,
                );
                assert_eq!(status, 0);
                for (code, meaning) in RESTRICTED {
                    assert!(!text.contains(code), "{code} printed in {format}");
                    assert!(
                        !word_in(&text, meaning),
                        "meaning of {code} printed in {format}"
                    );
                }
                for word in NAMING_WORDS {
                    assert!(
                        !word_in(&text, word),
                        "`{word}` printed in {format}/{setting}/{style}"
                    );
                }
            }
        }
    }
    let (json_text, _) = run_stream(&dir, &["--format", "json"], &profiles);
    let b: Briefing = serde_json::from_str(json_text.trim()).unwrap();
    for ((code, _), customer) in RESTRICTED.iter().zip(&b.customers) {
        let rules: Vec<&str> = customer.cues.iter().map(|c| c.rule.as_str()).collect();
        assert_eq!(rules, ["assist"], "{code}: one action-only cue");
    }
}

#[test]
fn withheld_entries_leave_no_trace_in_staff_output() {
    let dir = TempDir::new().unwrap();
    let base = json!({"id": "Q-1", "ref": "9A", "name": "Lee Quiet", "loyalty": {"visits_last_90_days": 5},
                      "today": {"services": ["INFT"]}});
    let mut extras: Vec<Value> = [
        "political",
        "immigration",
        "sexual_orientation",
        "criminal",
        "astrology",
    ]
    .iter()
    .map(|c| json!({"sensitive": [{"category": c, "note": "private note"}]}))
    .collect();
    extras.push(json!({"today": {"services": ["INFT", "DOCS", "ZZZZ", "TWOV"]}}));
    extras.push(json!({"notes": "agent note", "inferred": {"segment": "Whale", "churn": 0.2}}));
    extras.push(
        json!({"purchases": [{"item": "Test kit", "date": "2026-01-01", "category": "pharmacy"}],
                       "today": {"services": ["INFT"], "basket": ["Test kit"]}}),
    );
    for format in FORMATS {
        for style in ["hint", "opener"] {
            let args = ["--format", format, "--style", style];
            let (plain, _) = run(&dir, &args, &base);
            for extra in &extras {
                let mut with = base.clone();
                with.as_object_mut()
                    .unwrap()
                    .extend(extra.as_object().unwrap().clone());
                let (text, _) = run(&dir, &args, &with);
                assert_eq!(
                    plain, text,
                    "{format}/{style}: {extra} changed the staff output"
                );
            }
        }
    }
}

#[test]
fn the_tone_hint_reads_the_same_whatever_caused_it() {
    let dir = TempDir::new().unwrap();
    let mut outputs = Vec::new();
    for cause in [
        json!({"sensitive": [{"category": "bereavement"}]}),
        json!({"sensitive": [{"category": "life_event"}]}),
        json!({"sensitive": [{"category": "life_event"}, {"category": "bereavement"}]}),
    ] {
        let mut p = json!({"id": "T-1", "ref": "2C", "name": "Jo Tone"});
        p.as_object_mut()
            .unwrap()
            .extend(cause.as_object().unwrap().clone());
        outputs.push(run(&dir, &["--format", "json"], &p).0);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    assert!(outputs[0].contains("\"rule\": \"tone\""));
}

fn json_strings(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => out.push_str(s),
        Value::Array(v) => v.iter().for_each(|x| json_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

#[test]
fn hostile_text_is_neutralised_in_every_format() {
    let dir = TempDir::new().unwrap();
    let corpus = hostile_corpus();
    assert!(corpus.len() >= 40, "{}", corpus.len());
    let config = write(dir.path(), "all.toml", "[tone]\nmax_cues = 10\n");
    let profiles: Vec<Value> = corpus
        .iter()
        .enumerate()
        .map(|(i, s)| hostile_profile(i, s))
        .collect();
    for format in FORMATS {
        for command in ["brief", "explain"] {
            let args = [
                "--format",
                format,
                "--config",
                config.to_str().unwrap(),
                "--familiarity",
                "familiar",
            ];
            let lines: Vec<String> = profiles.iter().map(Value::to_string).collect();
            let path = write(dir.path(), "hostile.ndjson", &(lines.join("\n") + "\n"));
            let out = cuecard(dir.path())
                .arg(command)
                .args(args)
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0));
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(
                !text.chars().filter(|c| *c != '\n').any(unsafe_char),
                "{command} {format}: raw unsafe char"
            );
            let mut decoded = String::new();
            match format {
                "json" => json_strings(&serde_json::from_str(text.trim()).unwrap(), &mut decoded),
                "ndjson" => text
                    .lines()
                    .for_each(|l| json_strings(&serde_json::from_str(l).unwrap(), &mut decoded)),
                _ => decoded = text.replace('\n', " "),
            }
            assert!(
                !decoded.chars().any(unsafe_char),
                "{command} {format}: decoded unsafe char"
            );
            if format == "markdown" {
                for bad in ["](http", "<img", "<script", "<http", "\n```", "`code`"] {
                    let unescaped = text
                        .match_indices(bad)
                        .any(|(i, _)| i == 0 || !text[..i].ends_with('\\'));
                    assert!(!unescaped, "{command} markdown: unescaped {bad}\n{text}");
                }
            }
            if format == "markdown" && command == "brief" {
                let rows: Vec<&str> = text
                    .lines()
                    .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
                    .collect();
                assert_eq!(
                    rows.len(),
                    corpus.len() + 1,
                    "header + one row per customer"
                );
                let cells = |l: &str| l.replace("\\|", "").matches('|').count();
                assert!(
                    rows.iter().all(|r| cells(r) == cells(rows[0])),
                    "a `|` from data broke the table"
                );
            }
        }
    }
}

#[test]
fn hostile_and_broken_input_is_refused_without_losing_the_rest() {
    let dir = TempDir::new().unwrap();
    let good = json!({"id": "G", "name": "Good"}).to_string();
    let deep = format!(
        "{{\"id\": \"D\", \"name\": \"Deep\", \"inferred\": {{\"x\": {}{}}}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let lines = [
        good.clone(),
        "{\"id\": \"N\", \"name\": \"NaN\", \"loyalty\": {\"lifetime_visits\": NaN}}".to_string(),
        "{\"id\": \"H\", \"name\": \"Huge\", \"loyalty\": {\"lifetime_visits\": 1e400}}".to_string(),
        "{\"id\": \"B\", \"name\": \"Big\", \"loyalty\": {\"visits_last_90_days\": 99999999999}}".to_string(),
        deep,
        "{\"id\": \"U\", \"name\": \"Dup\", \"sensitive\": [{\"category\": \"bereavement\", \"category\": \"none\"}]}".to_string(),
        good.clone(),
    ];
    let mut bytes = lines.join("\n").into_bytes();
    bytes.extend_from_slice(b"\n{\"id\": \"X\", \"name\": \"\xff\xfe\"}\n");
    bytes.extend_from_slice(good.as_bytes());
    bytes.push(b'\n');
    let path = dir.path().join("hostile.ndjson");
    std::fs::write(&path, &bytes).unwrap();
    let (b, code, stderr) = brief_json(dir.path(), &[], &[&path]);
    assert_eq!(code, 65);
    // The depth bomb sits in `[inferred]`, which is skipped without
    // recursion (never printed), so it is briefed; elsewhere it is refused.
    assert_eq!(b.customers.len(), 4, "the good records are still briefed");
    let lines: Vec<usize> = b.errors.iter().filter_map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4, 6, 8], "{stderr}");
    assert!(
        b.errors
            .iter()
            .any(|e| e.message.contains("duplicate key `category`")),
        "a later category never replaces an earlier one"
    );
    assert!(b.errors.iter().any(|e| e.message.contains("invalid UTF-8")));
    for (name, text) in [
        ("bom.json", "\u{feff}{\"id\": \"A\", \"name\": \"Bom\"}"),
        ("bom.toml", "\u{feff}id = \"A\"\nname = \"Bom\"\n"),
    ] {
        let p = write(dir.path(), name, text);
        let (b, code, _) = brief_json(dir.path(), &[], &[&p]);
        assert_eq!((code, b.customers.len()), (0, 1), "{name}");
    }
    let deep_json = write(
        dir.path(),
        "deep.json",
        &format!(
            "{{\"id\": \"a\", \"name\": \"b\", \"history\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    let (_, code, stderr) = brief_json(dir.path(), &[], &[&deep_json]);
    assert_eq!(code, 65, "{stderr}");
    let deep_toml = write(
        dir.path(),
        "deep.toml",
        &format!(
            "id = \"a\"\nname = \"b\"\nnotes = {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    let (_, code, stderr) = brief_json(dir.path(), &[], &[&deep_toml]);
    assert_eq!(code, 65, "{stderr}");
}

#[test]
fn oversized_input_is_refused_with_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let config = write(
        dir.path(),
        "small.toml",
        "[limits]\nmax_input_bytes = 2048\n",
    );
    let big = write(
        dir.path(),
        "big.json",
        &json!({"id": "A", "name": "x".repeat(5000)}).to_string(),
    );
    let small = write(
        dir.path(),
        "small.json",
        &json!({"id": "B", "name": "Small"}).to_string(),
    );
    let stream = write(
        dir.path(),
        "s.ndjson",
        &format!(
            "{}\n{}\n",
            json!({"id": "C", "name": "y".repeat(5000)}),
            json!({"id": "D", "name": "ok"})
        ),
    );
    let (b, code, stderr) = brief_json(
        dir.path(),
        &["--config", config.to_str().unwrap()],
        &[&big, &small, &stream],
    );
    assert_eq!(code, 65);
    assert_eq!(b.customers.len(), 2, "{stderr}");
    assert!(stderr.contains("limit of 2048 bytes"), "{stderr}");
    assert!(!stderr.contains("xxxxx") && !stderr.contains("yyyyy"));
}

#[test]
fn toml_errors_are_located_without_values() {
    let dir = TempDir::new().unwrap();
    let cases = [
        ("id = \"a\"\nname = \"SECRET1\"\nname = \"SECRET2\"\n", 3),
        ("id = \"a\"\nname = \"b\"\n[loyalty]\nlifetime_visits = -4\n", 4),
        ("id = \"a\"\nname = \"b\"\n[loyalty]\ntier = [\"SECRET\"]\n", 4),
        ("id = \"a\"\nname = \"b\"\n[[preferences]]\ntopic = \"SECRET\"\nvalue = \"x\"\n", 4),
        ("id = \"a\"\nname = \"b\"\nSECRETKEY_neighbour = \"SECRET\"\n", 3),
        ("id = \"a\"\nname = \"b\" SECRET\n", 2),
        ("id = \"a\"\nname = \"b\"\n[[occasions]]\nkind = \"birthday\"\ndate = \"SECRET-12-01\"\n", 5),
    ];
    for (i, (text, line)) in cases.iter().enumerate() {
        let path = write(dir.path(), &format!("e{i}.toml"), text);
        let out = cuecard(dir.path())
            .arg("brief")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(65), "{text}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("e{i}.toml:{line}:")),
            "{text} → {stderr}"
        );
        let without_key = stderr.replace("SECRETKEY_neighbour", "");
        assert!(!without_key.contains("SECRET"), "{stderr}");
    }
}
