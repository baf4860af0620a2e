//! End-to-end tests of `cuecard brief` through the real binary.

mod common;

use std::collections::BTreeSet;

use common::*;
use cuecard::Rule;
use serde_json::{json, Value};
use tempfile::TempDir;

/// A profile with the given extra keys, as a JSON file in `dir`.
fn profile(dir: &TempDir, name: &str, extra: Value) -> std::path::PathBuf {
    let mut base = json!({"id": format!("ID-{name}"), "ref": "12C", "name": "Ada Lovelace"});
    base.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    write(dir.path(), &format!("{name}.json"), &base.to_string())
}

/// A config that lets every cue through, so a test sees all rules fire.
fn roomy(dir: &TempDir) -> String {
    let path = write(dir.path(), "roomy.toml", "[tone]\nmax_cues = 10\n");
    path.to_str().unwrap().to_string()
}

fn rules_of(customer: &Customer) -> Vec<String> {
    customer.cues.iter().map(|c| c.rule.clone()).collect()
}

fn brief_one(dir: &TempDir, extra: Value, args: &[&str]) -> Customer {
    let path = profile(dir, "p", extra);
    let (b, code, stderr) = brief_json(dir.path(), args, &[&path]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(b.customers.len(), 1);
    b.customers[0].clone()
}

#[test]
fn every_sample_briefs_in_every_format() {
    let home = TempDir::new().unwrap();
    for path in all_briefings() {
        for format in STAFF_FORMATS {
            let out = cuecard(home.path())
                .args(["brief", "--format", format])
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{} {format}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.stderr.is_empty(),
                "{} {format}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).unwrap();
            match format {
                "json" => {
                    let b: Briefing = serde_json::from_str(&text).unwrap();
                    assert_eq!(b.schema_version, 1);
                    assert!(!b.customers.is_empty());
                    assert!(b.errors.is_empty());
                }
                "ndjson" => {
                    let kinds: Vec<String> = text
                        .lines()
                        .map(|l| {
                            serde_json::from_str::<Value>(l).unwrap()["type"]
                                .as_str()
                                .unwrap()
                                .to_string()
                        })
                        .collect();
                    assert_eq!(kinds.first().map(String::as_str), Some("shift"));
                    assert_eq!(kinds.last().map(String::as_str), Some("summary"));
                    assert!(kinds.iter().any(|k| k == "customer"));
                }
                "markdown" => assert!(text.contains("| --- | --- | --- |"), "{text}"),
                "html" => assert!(
                    text.starts_with("<!DOCTYPE html>") && text.ends_with("</html>"),
                    "{text}"
                ),
                _ => assert!(text.contains("Aim:") && text.contains("Avoid:"), "{text}"),
            }
        }
    }
}

#[test]
fn samples_exercise_every_rule() {
    let home = TempDir::new().unwrap();
    let mut rules = BTreeSet::new();
    for path in all_briefings() {
        let (b, code, _) = brief_json(home.path(), &["--familiarity", "familiar"], &[&path]);
        assert_eq!(code, 0);
        for c in &b.customers {
            rules.extend(rules_of(c));
        }
    }
    for rule in Rule::ALL.map(Rule::as_str) {
        assert!(
            rules.contains(rule),
            "no sample fires `{rule}`; got {rules:?}"
        );
    }
}

#[test]
fn flight_manifest_has_purpose_header_and_is_deterministic() {
    let home = TempDir::new().unwrap();
    let path = briefing_path("flight-qf1.toml");
    let run = || {
        cuecard(home.path())
            .args(["brief"])
            .arg(&path)
            .output()
            .unwrap()
            .stdout
    };
    let first = run();
    assert_eq!(first, run());
    let text = String::from_utf8(first).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("QF1 Sydney to London"));
    assert!(lines.next().unwrap().starts_with("Aim:"));
    assert!(lines.next().unwrap().starts_with("Avoid:"));
}

#[test]
fn json_follows_the_spec_shape() {
    let home = TempDir::new().unwrap();
    let (b, _, _) = brief_json(home.path(), &[], &[&briefing_path("flight-qf1.toml")]);
    assert_eq!(b.shift.title.as_deref(), Some("QF1 Sydney to London"));
    assert_eq!(b.shift.date, TODAY);
    assert_eq!(b.shift.setting, "flight");
    assert_eq!(b.familiarity, "warm");
    assert!(!b.purpose.achieve.is_empty() && !b.purpose.avoid.is_empty());
    let aims = [
        "welcome",
        "thank",
        "celebrate",
        "recover",
        "heads-up",
        "assist",
        "care",
    ];
    for cue in b.customers.iter().flat_map(|c| &c.cues) {
        assert!(aims.contains(&cue.aim.as_str()), "{cue:?}");
        assert!(cue.variant.starts_with(&cue.rule), "{cue:?}");
        assert!(cue.text.split_whitespace().count() <= 20, "{cue:?}");
        assert!(!cue.text.chars().any(|c| c.is_ascii_digit()), "{cue:?}");
        assert!(cue.rung.is_none_or(|r| r <= 2), "{cue:?}");
    }
}

#[test]
fn service_and_assist_name_the_action_not_the_code() {
    let dir = TempDir::new().unwrap();
    let config = roomy(&dir);
    let c = brief_one(
        &dir,
        // UMNR would make the customer a child, and a child is never
        // given an infant cue (tests/tact.rs): MAAS is the third action.
        json!({"today": {"services": ["INFT", "WCHR", "KSML", "MAAS"]}}),
        &["--setting", "flight", "--config", &config],
    );
    let rules = rules_of(&c);
    assert_eq!(
        rules.iter().filter(|r| *r == "assist").count(),
        3,
        "{rules:?}"
    );
    assert_eq!(
        &rules[..3],
        ["assist", "assist", "assist"],
        "assist first: {rules:?}"
    );
    assert!(rules.contains(&"service".to_string()));
    let text = serde_json::to_string(&c.cues.iter().map(|c| &c.text).collect::<Vec<_>>())
        .unwrap()
        .to_lowercase();
    for word in ["wchr", "ksml", "kosher", "wheelchair", "inft", "maas"] {
        assert!(!text.contains(word), "{word} in {text}");
    }
}

#[test]
fn withheld_treatments_and_never_codes_give_nothing() {
    let dir = TempDir::new().unwrap();
    let c = brief_one(
        &dir,
        json!({"today": {"services": ["DOCS", "FQTV", "ZZZZ", "TWOV", "SPML"]}}),
        &[],
    );
    assert!(c.cues.is_empty(), "{c:?}");
}

#[test]
fn tone_hint_once_whatever_the_cause() {
    let dir = TempDir::new().unwrap();
    let grief = brief_one(
        &dir,
        json!({"sensitive": [{"category": "bereavement", "note": "x"}, {"category": "life_event"}]}),
        &[],
    );
    assert_eq!(rules_of(&grief), ["tone"]);
    let divorce = brief_one(
        &dir,
        json!({"sensitive": [{"category": "life_event"}]}),
        &[],
    );
    assert_eq!(rules_of(&divorce), ["tone"]);
    let grieving_anniversary = brief_one(
        &dir,
        json!({"sensitive": [{"category": "bereavement"}], "occasions": [{"kind": "anniversary", "date": "2016-11-23", "source": "stated"}]}),
        &[],
    );
    assert_eq!(
        rules_of(&grieving_anniversary),
        ["tone"],
        "no congratulations under a tone hint"
    );
    let unknown = brief_one(
        &dir,
        json!({"sensitive": [{"category": "astrology"}, {"category": "health"}]}),
        &[],
    );
    assert!(
        unknown.cues.is_empty(),
        "unknown and assist-only categories give no cue: {unknown:?}"
    );
}

#[test]
fn relationship_rules_fire_on_their_thresholds() {
    let dir = TempDir::new().unwrap();
    let first = brief_one(&dir, json!({"loyalty": {"lifetime_visits": 0}}), &[]);
    assert_eq!(rules_of(&first), ["first_visit"]);
    let regular = brief_one(
        &dir,
        json!({"loyalty": {"visits_last_90_days": 11, "lifetime_visits": 40}}),
        &[],
    );
    assert_eq!(rules_of(&regular), ["welcome_back"]);
    let quiet = brief_one(
        &dir,
        json!({"loyalty": {"visits_last_90_days": 1, "lifetime_visits": 40}}),
        &[],
    );
    assert!(quiet.cues.is_empty());
    let long = brief_one(
        &dir,
        json!({"loyalty": {"member_since": "2009-04-01", "tier": "Gold"}}),
        &[],
    );
    assert_eq!(rules_of(&long), ["long_standing"]);
    let new_tier = brief_one(
        &dir,
        json!({"loyalty": {"tier": "Platinum", "previous_tier": "Gold", "tier_since": "2026-11-02"}}),
        &[],
    );
    assert_eq!(rules_of(&new_tier), ["new_tier"]);
    assert!(!new_tier.cues[0].text.contains("Gold"), "{new_tier:?}");
    let downgrade = brief_one(
        &dir,
        json!({"loyalty": {"tier": "Gold", "previous_tier": "Platinum", "tier_since": "2026-11-02"}}),
        &[],
    );
    assert!(downgrade.cues.is_empty(), "{downgrade:?}");
    let old_tier = brief_one(
        &dir,
        json!({"loyalty": {"tier": "Platinum", "tier_since": "2026-09-02"}}),
        &[],
    );
    assert!(old_tier.cues.is_empty());
}

#[test]
fn recovery_only_for_recent_trouble_and_never_the_summary() {
    let dir = TempDir::new().unwrap();
    let recent = brief_one(
        &dir,
        json!({"history": [{"date": "2026-10-02", "kind": "disruption", "summary": "missed connection in Singapore"}]}),
        &[],
    );
    assert_eq!(rules_of(&recent), ["recovery"]);
    assert!(!recent.cues[0].text.contains("Singapore"));
    let old = brief_one(
        &dir,
        json!({"history": [{"date": "2026-01-02", "kind": "complaint"}]}),
        &[],
    );
    assert!(old.cues.is_empty());
    let nice = brief_one(
        &dir,
        json!({"history": [{"date": "2026-11-02", "kind": "compliment"}]}),
        &[],
    );
    assert!(nice.cues.is_empty());
}

#[test]
fn preferences_by_source_and_staleness() {
    let dir = TempDir::new().unwrap();
    let fresh = brief_one(
        &dir,
        json!({"preferences": [{"topic": "drink", "value": "sparkling water, no ice", "source": "stated", "last_confirmed": "2026-09-14"}]}),
        &[],
    );
    assert_eq!(rules_of(&fresh), ["preference"]);
    // The value is said whole, or not at all ("their favourite drink").
    let text = fresh.cues[0].text.to_lowercase();
    assert!(
        text.contains("sparkling water, no ice") || !text.contains("sparkling"),
        "{fresh:?}"
    );
    assert!(!fresh.cues[0].variant.contains("_check"));
    let stale = brief_one(
        &dir,
        json!({"preferences": [{"topic": "drink", "value": "tomato juice", "source": "stated", "last_confirmed": "2024-01-10"}]}),
        &[],
    );
    assert!(stale.cues[0].variant.contains("drink_check"), "{stale:?}");
    let observed = json!({"preferences": [{"topic": "seat", "value": "a window seat", "source": "observed", "last_confirmed": "2026-11-01"}]});
    assert!(
        brief_one(&dir, observed.clone(), &[]).cues.is_empty(),
        "observed is rung 3: not at warm"
    );
    let familiar = brief_one(&dir, observed, &["--familiarity", "familiar"]);
    assert_eq!(familiar.cues[0].rung, Some(3));
    let inferred =
        json!({"preferences": [{"topic": "drink", "value": "gin", "source": "inferred"}]});
    assert!(brief_one(&dir, inferred, &["--familiarity", "familiar"])
        .cues
        .is_empty());
    let restricted_value = json!({"preferences": [{"topic": "meal", "value": "kosher", "source": "stated", "last_confirmed": "2026-11-01"}]});
    assert!(
        brief_one(&dir, restricted_value, &["--familiarity", "familiar"])
            .cues
            .is_empty()
    );
}

#[test]
fn conversation_occasion_and_already_owned() {
    let dir = TempDir::new().unwrap();
    let chat = brief_one(
        &dir,
        json!({"preferences": [{"topic": "conversation", "value": "prefers quiet", "source": "stated"}]}),
        &[],
    );
    assert_eq!(rules_of(&chat), ["conversation"]);
    let occasion = brief_one(
        &dir,
        json!({"occasions": [{"kind": "anniversary", "date": "2016-11-24", "source": "stated"}]}),
        &[],
    );
    assert_eq!(rules_of(&occasion), ["occasion"]);
    let far = brief_one(
        &dir,
        json!({"occasions": [{"kind": "birthday", "date": "1980-06-01", "source": "stated"}]}),
        &[],
    );
    assert!(far.cues.is_empty());
    let owned = brief_one(
        &dir,
        json!({
            "purchases": [{"item": "A Tale of Two Cities", "date": "2024-09-12", "category": "books"}],
            "today": {"basket": ["A Tale of Two Cities"]}
        }),
        &[],
    );
    assert_eq!(rules_of(&owned), ["already_owned"]);
    let text = &owned.cues[0].text;
    assert!(
        text.contains("A Tale of Two Cities") || !text.contains("Tale"),
        "{owned:?}"
    );
    let lower = text.to_lowercase();
    assert!(
        !lower.contains("ago") || lower.contains("about two years ago"),
        "{owned:?}"
    );
    let pharmacy = brief_one(
        &dir,
        json!({
            "purchases": [{"item": "Nasal spray", "date": "2026-10-12", "category": "Pharmacy"}],
            "today": {"basket": ["Nasal spray"]}
        }),
        &[],
    );
    assert!(pharmacy.cues.is_empty());
}

#[test]
fn ladder_caps_rungs_per_familiarity() {
    let dir = TempDir::new().unwrap();
    let extra = json!({
        "loyalty": {"visits_last_90_days": 6},
        "today": {"services": ["BSCT"]},
        "preferences": [
            {"topic": "drink", "value": "green tea", "source": "stated", "last_confirmed": "2026-11-01"},
            {"topic": "temperature", "value": "a cooler cabin", "source": "observed", "last_confirmed": "2026-11-01"}
        ]
    });
    for (familiarity, top) in [("reserved", 1), ("warm", 2), ("familiar", 3)] {
        let config = roomy(&dir);
        let c = brief_one(
            &dir,
            extra.clone(),
            &["--familiarity", familiarity, "--config", &config],
        );
        let rungs: Vec<u8> = c.cues.iter().filter_map(|c| c.rung).collect();
        assert_eq!(rungs.iter().max(), Some(&top), "{familiarity}: {c:?}");
    }
}

#[test]
fn max_cues_cuts_the_tail_but_not_assist() {
    let dir = TempDir::new().unwrap();
    let config = write(dir.path(), "one.toml", "[tone]\nmax_cues = 1\n");
    let extra =
        json!({"loyalty": {"visits_last_90_days": 6}, "today": {"services": ["WCHR", "MEDA"]}});
    let c = brief_one(&dir, extra, &["--config", config.to_str().unwrap()]);
    assert_eq!(rules_of(&c), ["assist", "assist"]);
}

#[test]
fn consent_is_honoured() {
    let dir = TempDir::new().unwrap();
    let extra = json!({
        "consent": {"personalise": false},
        "loyalty": {"visits_last_90_days": 6},
        "today": {"services": ["BSCT", "WCHR"]},
        "sensitive": [{"category": "bereavement"}],
        "preferences": [{"topic": "drink", "value": "green tea", "source": "stated", "last_confirmed": "2026-11-01"}]
    });
    let c = brief_one(&dir, extra, &["--familiarity", "familiar"]);
    assert_eq!(rules_of(&c), ["assist", "service"]);
    let anon = brief_one(
        &dir,
        json!({"consent": {"use_name": false}, "preferred_name": "Ada"}),
        &["--style", "opener"],
    );
    assert_eq!(anon.address_as, None);
    let out = cuecard(dir.path())
        .arg("brief")
        .arg(dir.path().join("p.json"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("Ada") && !text.contains("Lovelace"),
        "{text}"
    );
}

#[test]
fn address_as_never_guesses_a_surname() {
    let dir = TempDir::new().unwrap();
    let preferred = brief_one(
        &dir,
        json!({"preferred_name": "Maggie", "title": "Ms", "family_name": "Okafor"}),
        &[],
    );
    assert_eq!(preferred.address_as.as_deref(), Some("Maggie"));
    let formal = brief_one(&dir, json!({"title": "Ms", "family_name": "Okafor"}), &[]);
    assert_eq!(formal.address_as.as_deref(), Some("Ms Okafor"));
    let title_only = brief_one(&dir, json!({"title": "Dr"}), &[]);
    assert_eq!(title_only.address_as.as_deref(), Some("Ada Lovelace"));
}

#[test]
fn bad_record_among_good_ones_is_reported_and_the_rest_briefed() {
    let dir = TempDir::new().unwrap();
    let good = json!({"id": "A", "name": "Good One"}).to_string();
    let bad = r#"{"id": "B", "name": "Bad One", "loyalty": {"lifetime_visits": "CANARY-VALUE"}}"#;
    let stream = write(
        dir.path(),
        "shift.ndjson",
        &format!("{good}\n{bad}\n\n{good}\n"),
    );
    let (b, code, stderr) = brief_json(dir.path(), &[], &[&stream]);
    assert_eq!(code, 65);
    assert_eq!(b.customers.len(), 2);
    assert_eq!(b.errors.len(), 1);
    let e = &b.errors[0];
    assert_eq!(e.line, Some(2));
    assert!(e.column.is_some());
    assert_eq!(e.path.as_deref(), Some("loyalty.lifetime_visits"));
    assert!(stderr.contains("shift.ndjson:2:"), "{stderr}");
    assert!(
        !stderr.contains("CANARY") && !e.message.contains("CANARY"),
        "{stderr}"
    );
}

#[test]
fn bad_customer_in_a_toml_manifest_is_located() {
    let dir = TempDir::new().unwrap();
    let manifest = "[shift]\ntitle = \"T\"\ndate = 2026-11-22\nsetting = \"hotel\"\n\n\
        [[customers]]\nid = \"A\"\nname = \"Good\"\n\n\
        [[customers]]\nid = \"B\"\nname = \"Bad\"\n[customers.loyalty]\ntier = 7\n\n\
        [[customers]]\nid = \"C\"\nname = \"Also good\"\nnickname = \"SECRET-NICK\"\n";
    let path = write(dir.path(), "m.toml", manifest);
    let (b, code, stderr) = brief_json(dir.path(), &[], &[&path]);
    assert_eq!(code, 65, "{stderr}");
    assert_eq!(b.customers.len(), 1);
    assert_eq!(b.shift.setting, "hotel");
    let paths: Vec<_> = b
        .errors
        .iter()
        .map(|e| (e.path.clone().unwrap(), e.line.unwrap()))
        .collect();
    assert_eq!(
        paths,
        [
            ("customers[1].loyalty.tier".to_string(), 14),
            ("customers[2].nickname".to_string(), 19)
        ]
    );
    assert!(!stderr.contains("SECRET"), "{stderr}");
}

/// A manifest is read section by section when it can be and whole when it
/// cannot (here: `[shift]` after the customers); both read alike, and
/// errors are located in the file as written.
#[test]
fn a_manifest_reads_the_same_wherever_its_shift_is() {
    let dir = TempDir::new().unwrap();
    let shift = "[shift]\ntitle = \"T\"\ndate = 2026-11-22\nsetting = \"hotel\"\n\n";
    let customers = "[[customers]]\nid = \"A\"\nname = \"Good\"\n\n\
        [[customers]]\nid = \"B\"\nname = \"Bad\"\n[customers.loyalty]\ntier = 7\n\n\
        [[customers]]\nid = \"C\"\nname = \"Also good\"\n[customers.loyalty]\ntier = \"Gold\"\n\
        visits_last_90_days = 9\n\n";
    let first = write(dir.path(), "first.toml", &format!("{shift}{customers}"));
    let last = write(dir.path(), "last.toml", &format!("{customers}{shift}"));
    let (a, code_a, _) = brief_json(dir.path(), &[], &[&first]);
    let (b, code_b, _) = brief_json(dir.path(), &[], &[&last]);
    assert_eq!((code_a, code_b), (65, 65));
    assert_eq!(format!("{:?}", a.customers), format!("{:?}", b.customers));
    assert_eq!(a.customers.len(), 2);
    assert_eq!(
        (a.shift.setting.as_str(), b.shift.setting.as_str()),
        ("hotel", "hotel")
    );
    let at = |b: &Briefing| {
        b.errors
            .iter()
            .map(|e| (e.path.clone().unwrap(), e.line.unwrap(), e.column.unwrap()))
            .collect::<Vec<_>>()
    };
    let tier = "customers[1].loyalty.tier".to_string();
    assert_eq!(at(&a), [(tier.clone(), 14, 8)]);
    assert_eq!(at(&b), [(tier, 9, 8)]);
}

/// A value TOML refuses inside a section otherwise plainly written (a
/// float too large for f64, where any value is accepted): the customer is
/// reported, located, without its value, and the others are briefed.
#[test]
fn a_float_toml_refuses_is_an_error_even_where_any_value_goes() {
    let dir = TempDir::new().unwrap();
    let huge = format!("1{}.0", "0".repeat(309));
    let text = format!(
        "[shift]\nsetting = \"flight\"\n\n[[customers]]\nid = \"A\"\nname = \"Ana\"\n\
         [customers.inferred]\nscore = {huge}\n\n[[customers]]\nid = \"B\"\nname = \"Ben\"\n"
    );
    let path = write(dir.path(), "m.toml", &text);
    let (briefing, code, stderr) = brief_json(dir.path(), &[], &[&path]);
    assert_eq!(code, 65);
    assert_eq!(briefing.customers.len(), 1);
    let error = &briefing.errors[0];
    assert_eq!(error.path.as_deref(), Some("customers[0].inferred.score"));
    assert_eq!((error.line, error.column), (Some(8), Some(9)));
    assert!(!stderr.contains("00000"), "{stderr}");
}

#[test]
fn bad_customer_in_a_json_manifest_is_located() {
    let dir = TempDir::new().unwrap();
    let manifest = "{\"shift\": {\"setting\": \"retail\"},\n \"customers\": [\n  {\"id\": \"A\", \"name\": \"Good\"},\n  {\"id\": \"B\", \"name\": \"Bad\",\n   \"consent\": {\"personalise\": \"SECRET\"}}\n ]}\n";
    let path = write(dir.path(), "m.json", manifest);
    let (b, code, stderr) = brief_json(dir.path(), &[], &[&path]);
    assert_eq!(code, 65);
    assert_eq!(b.customers.len(), 1);
    let e = &b.errors[0];
    assert_eq!(
        (e.line, e.path.as_deref()),
        (Some(5), Some("customers[1].consent.personalise"))
    );
    assert!(!stderr.contains("SECRET"));
}

#[test]
fn exit_codes() {
    let dir = TempDir::new().unwrap();
    cuecard(dir.path())
        .args(["brief", "no/such/file.toml"])
        .assert()
        .code(66);
    cuecard(dir.path())
        .args(["brief", "--familiarity", "chummy", "x"])
        .assert()
        .code(2);
    cuecard(dir.path())
        .args(["brief", "--today", "22/11/2026", "x"])
        .assert()
        .code(2);
    let bad_config = write(dir.path(), "bad.toml", "[tone]\nfamiliarty = \"warm\"\n");
    cuecard(dir.path())
        .args(["brief", "--config"])
        .arg(&bad_config)
        .arg(briefing_path("flight-qf1.toml"))
        .assert()
        .code(78)
        .stdout("")
        .stderr(predicates::str::contains("bad.toml:2:1"));
    let syntax = write(dir.path(), "syntax.json", "{\"id\": \"A\", \"name\": ");
    cuecard(dir.path())
        .arg("brief")
        .arg(&syntax)
        .assert()
        .code(65);
    cuecard(dir.path())
        .arg("brief")
        .arg(briefing_path("profile-maggie.toml"))
        .assert()
        .code(0);
}

#[test]
fn several_inputs_and_stdin_in_one_run() {
    let dir = TempDir::new().unwrap();
    let line = json!({"id": "S", "ref": "9F", "name": "Stdin Person"}).to_string();
    let out = cuecard(dir.path())
        .args(["brief", "--format", "json"])
        .arg(briefing_path("profile-maggie.toml"))
        .arg("-")
        .write_stdin(format!("{line}\n"))
        .output()
        .unwrap();
    let b: Briefing = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(b.customers.len(), 2);
    assert_eq!(b.customers[1].reference.as_deref(), Some("9F"));
}

#[test]
fn user_config_from_xdg_and_env_and_flag_precedence() {
    let dir = TempDir::new().unwrap();
    let xdg = dir.path().join("config").join("cuecard");
    std::fs::create_dir_all(&xdg).unwrap();
    std::fs::write(
        xdg.join("config.toml"),
        "[tone]\nfamiliarity = \"reserved\"\n",
    )
    .unwrap();
    let path = briefing_path("profile-maggie.toml");
    let (b, _, _) = brief_json(dir.path(), &[], &[&path]);
    assert_eq!(b.familiarity, "reserved");
    let env_config = write(
        dir.path(),
        "env.toml",
        "[tone]\nfamiliarity = \"familiar\"\n",
    );
    let out = cuecard(dir.path())
        .env("CUECARD_CONFIG", &env_config)
        .args(["brief", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let b: Briefing = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(b.familiarity, "familiar");
    let (b, _, _) = brief_json(dir.path(), &["--familiarity", "warm"], &[&path]);
    assert_eq!(b.familiarity, "warm");
}

#[test]
fn briefing_date_comes_from_flag_env_then_manifest() {
    let dir = TempDir::new().unwrap();
    let manifest = write(
        dir.path(),
        "m.toml",
        "[shift]\ndate = 2026-03-04\n[[customers]]\nid = \"A\"\nname = \"A\"\n",
    );
    let mut cmd = cuecard_undated(dir.path());
    cmd.args(["brief", "--format", "json"]).arg(&manifest);
    let b: Briefing = serde_json::from_slice(&cmd.output().unwrap().stdout).unwrap();
    assert_eq!(b.shift.date, "2026-03-04");
    let mut cmd = cuecard_undated(dir.path());
    cmd.env("CUECARD_TODAY", "2026-05-06")
        .args(["brief", "--format", "json"])
        .arg(&manifest);
    let b: Briefing = serde_json::from_slice(&cmd.output().unwrap().stdout).unwrap();
    assert_eq!(b.shift.date, "2026-05-06");
}

#[test]
fn no_restricted_value_in_sample_output() {
    let home = TempDir::new().unwrap();
    let forbidden = [
        "passed away",
        "wheelchair",
        "kosher",
        "halal",
        "diabetic",
        "Well-Travelled",
        "0.93",
        "FF-",
    ];
    for path in all_briefings() {
        for format in STAFF_FORMATS {
            for familiarity in ["reserved", "warm", "familiar"] {
                let out = cuecard(home.path())
                    .args(["brief", "--format", format, "--familiarity", familiarity])
                    .arg(&path)
                    .output()
                    .unwrap();
                let text = String::from_utf8_lossy(&out.stdout).to_lowercase();
                for word in forbidden {
                    assert!(
                        !text.contains(&word.to_lowercase()),
                        "{word} in {} {format}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn hostile_text_is_escaped_in_every_format() {
    let dir = TempDir::new().unwrap();
    let path = profile(
        &dir,
        "h",
        json!({"preferred_name": "Eve\u{1b}]0;pwned\u{7}\u{202e}", "ref": "1\u{9b}A"}),
    );
    for format in STAFF_FORMATS {
        let out = cuecard(dir.path())
            .args(["brief", "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let decoded: String = match format {
            "json" => strings(&serde_json::from_str(&text).unwrap()),
            "ndjson" => text
                .lines()
                .map(|l| strings(&serde_json::from_str(l).unwrap()))
                .collect(),
            _ => text.clone(),
        };
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
            assert!(!text.contains(bad), "{format}: raw {bad:?}");
            assert!(!decoded.contains(bad), "{format}: decoded {bad:?}");
        }
        assert!(decoded.contains("u{1b}"), "{format}: {decoded}");
    }
}

/// Every string in a JSON value, decoded, joined.
fn strings(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(strings).collect::<Vec<_>>().join(" "),
        Value::Object(map) => map.values().map(strings).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    }
}
