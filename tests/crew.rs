//! What a crew member, desk clerk or trainer meets first: one seat at a
//! time, nobody silently missing, a table they can scan at any width, each
//! shift under its own header, and a word on the first run's audit log.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;
use tempfile::TempDir;

/// Stdout, stderr and exit code of `cuecard <args>`.
fn run(home: &Path, args: &[&str]) -> (String, String, i32) {
    let out = cuecard(home).args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn path(name: &str) -> String {
    briefing_path(name).to_string_lossy().into_owned()
}

fn refs(briefing: &Briefing) -> BTreeSet<String> {
    briefing
        .customers
        .iter()
        .filter_map(|c| c.reference.clone())
        .collect()
}

/// The audit log's records, parsed.
fn audit_records(home: &Path) -> Vec<Value> {
    let log = home.join("state").join("cuecard").join("audit.jsonl");
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ref_briefs_prints_and_audits_only_those_customers() {
    let home = TempDir::new().unwrap();
    let flight = briefing_path("flight-qf1.toml");
    let (briefing, code, stderr) = brief_json(home.path(), &["--ref", "12d,1A"], &[&flight]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(refs(&briefing), BTreeSet::from(["12D".into(), "1A".into()]));
    let records = audit_records(home.path());
    assert_eq!(records.last().unwrap()["subject_count"], 2);

    // Repeated, on a stream and a manifest at once, and through explain.
    let (out, _, code) = run(
        home.path(),
        &[
            "explain", "--format", "ndjson", "--ref", "1a", "--ref", "3C",
        ],
    );
    assert_eq!(
        code, 66,
        "no input: stdin is empty here, so neither ref is found"
    );
    assert!(out.contains("\"summary\""));
    let stream = path("stream.ndjson");
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&stream)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let stream_ref = first["ref"].as_str().unwrap().to_string();
    let (out, stderr, code) = run(
        home.path(),
        &[
            "brief",
            "--format",
            "ndjson",
            "--ref",
            &format!("{},1A", stream_ref.to_lowercase()),
            &stream,
            &path("flight-qf1.toml"),
        ],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    let customers: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["type"] == "customer")
        .collect();
    let got: BTreeSet<&str> = customers
        .iter()
        .map(|c| c["data"]["ref"].as_str().unwrap())
        .collect();
    assert_eq!(got, BTreeSet::from([stream_ref.as_str(), "1A"]));

    // A ref found nowhere is named, and the run says so by its exit code.
    let (_, stderr, code) = run(
        home.path(),
        &["brief", "--ref", "1A,99Z", &path("flight-qf1.toml")],
    );
    assert_eq!(code, 66);
    assert!(
        stderr.contains("--ref 99Z: no customer has this ref"),
        "{stderr}"
    );
    assert!(!stderr.contains("1A"), "{stderr}");
}

#[test]
fn a_bad_record_keeps_its_place_and_its_error_names_the_ref() {
    let home = TempDir::new().unwrap();
    let typo = path("faulty/flight-typo.toml");
    let (out, stderr, code) = run(home.path(), &["brief", "--width", "100", &typo]);
    assert_eq!(code, 65);
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with('│') && !l.contains("Seat"))
        .filter_map(|l| l.split('┆').next())
        .map(|cell| cell.trim_start_matches('│').trim())
        .filter(|cell| !cell.is_empty())
        .collect();
    assert_eq!(rows, ["3A", "3C", "4D"], "{out}");
    assert!(
        out.contains("No cues: their record could not be read"),
        "{out}"
    );
    assert!(
        out.contains("2 customers · 2 cues · 1 record not briefed"),
        "{out}"
    );
    assert!(
        stderr.contains(": 3C: `customers[1].loyalty.visits_last_90_days`"),
        "{stderr}"
    );
    assert!(!stderr.contains("two"), "the value never shows: {stderr}");

    let (briefing, code, _) = brief_json(home.path(), &[], &[Path::new(&typo)]);
    assert_eq!(code, 65);
    assert_eq!(briefing.errors.len(), 1);
    assert_eq!(briefing.errors[0].reference.as_deref(), Some("3C"));
    let (out, _, _) = run(home.path(), &["brief", "--format", "ndjson", &typo]);
    let error = out
        .lines()
        .find(|l| l.contains("\"type\":\"error\""))
        .unwrap();
    assert!(error.contains("\"ref\":\"3C\""), "{error}");
    let (out, _, _) = run(home.path(), &["brief", "--format", "markdown", &typo]);
    assert!(
        out.contains("| 3C | — | *No cues: their record could not be read (see errors). Greet them as usual.* |"),
        "{out}"
    );
}

#[test]
fn a_missing_file_prints_no_empty_table_and_is_counted_as_an_input() {
    let home = TempDir::new().unwrap();
    let (out, stderr, code) = run(home.path(), &["brief", "no-such-flight.toml"]);
    assert_eq!(code, 66);
    assert!(
        stderr.contains("no-such-flight.toml: no such file"),
        "{stderr}"
    );
    assert!(!out.contains('┌') && !out.contains('│'), "{out}");
    assert_eq!(
        out.lines().last(),
        Some("0 customers · 0 cues · 1 input not found")
    );
}

#[test]
fn a_long_table_has_even_labelled_pages_a_rule_between_customers_and_a_legend() {
    let home = TempDir::new().unwrap();
    let (out, _, code) = run(
        home.path(),
        &["brief", "--width", "120", &path("flight-qf1.toml")],
    );
    assert_eq!(code, 0);
    let (briefing, _, _) = brief_json(home.path(), &[], &[&briefing_path("flight-qf1.toml")]);
    let customers = briefing.customers.len();
    assert_eq!(customers, 28);
    let labels: Vec<&str> = out.lines().filter(|l| l.starts_with("Page ")).collect();
    assert_eq!(labels, ["Page 1 of 2", "Page 2 of 2"]);
    // 14 and 14, not 25 and 3: a page's customers are its rules plus one.
    for page in out.split("Page ").skip(1) {
        let rules = page.lines().filter(|l| l.starts_with('├')).count();
        assert_eq!(rules + 1, 14, "{page}");
    }
    let aims: BTreeSet<String> = briefing
        .customers
        .iter()
        .flat_map(|c| c.cues.iter().map(|cue| cue.aim.clone()))
        .collect();
    let legend = out
        .split("Aims: ")
        .nth(1)
        .expect("a legend under the table");
    let legend = legend.split(" customers ·").next().unwrap();
    for aim in &aims {
        assert!(legend.contains(&format!("{aim} = ")), "{aim} in {legend}");
    }
}

#[test]
fn narrow_terminals_get_a_block_per_customer_and_no_word_is_split() {
    let home = TempDir::new().unwrap();
    let flight = path("flight-qf1.toml");
    let (briefing, _, _) = brief_json(home.path(), &[], &[Path::new(&flight)]);
    for width in [30u16, 40, 50] {
        let (out, _, code) = run(
            home.path(),
            &["brief", "--width", &width.to_string(), &flight],
        );
        assert_eq!(code, 0);
        for line in out.lines() {
            assert!(
                line.chars().count() <= usize::from(width),
                "{width}: {line:?}"
            );
            // Header and legend break between their parts, never inside
            // one ("thank = / thank them…", "· warm").
            let trimmed = line.trim();
            assert!(
                !trimmed.starts_with(['·', '=']) && !trimmed.ends_with(['·', '=']),
                "{width}: {line:?}"
            );
        }
        assert!(!out.contains('┌'), "{width}: too narrow for a table\n{out}");
        // Every word of every cue and name appears whole.
        let words: BTreeSet<&str> = out.split_whitespace().collect();
        for customer in &briefing.customers {
            let name = customer.address_as.as_deref().unwrap_or("");
            let texts = customer.cues.iter().map(|c| c.text.as_str()).chain([name]);
            for word in texts.flat_map(str::split_whitespace) {
                assert!(words.contains(word), "{width}: `{word}` was split\n{out}");
            }
        }
    }
    let (wide, _, _) = run(home.path(), &["brief", "--width", "120", &flight]);
    assert!(wide.contains('┌'), "wide enough for a table");
}

#[test]
fn each_manifest_keeps_its_own_header_in_every_format() {
    let home = TempDir::new().unwrap();
    let (flight, hotel) = (path("flight-qf1.toml"), path("hotel-harbour.toml"));
    let (out, _, code) = run(home.path(), &["brief", "--width", "120", &flight, &hotel]);
    assert_eq!(code, 0);
    let flight_at = out.find("QF1 Sydney to London").unwrap();
    let hotel_at = out
        .find("Harbour Hotel front desk")
        .expect("the hotel's own header");
    assert!(flight_at < hotel_at);
    assert!(
        out[..hotel_at].contains("│ Seat") && out[hotel_at..].contains("│ Room"),
        "{out}"
    );
    assert!(!out[hotel_at..].contains("│ Seat"), "{out}");

    let (out, _, _) = run(home.path(), &["brief", "--format", "json", &flight, &hotel]);
    let docs: Vec<Briefing> = serde_json::Deserializer::from_str(&out)
        .into_iter::<Briefing>()
        .map(Result::unwrap)
        .collect();
    let settings: Vec<&str> = docs.iter().map(|d| d.shift.setting.as_str()).collect();
    assert_eq!(settings, ["flight", "hotel"]);
    assert!(docs[1]
        .customers
        .iter()
        .all(|c| c.reference.as_deref().unwrap().starts_with("Room")));

    let (out, _, _) = run(
        home.path(),
        &["brief", "--format", "ndjson", &flight, &hotel],
    );
    let shifts = out
        .lines()
        .filter(|l| l.starts_with("{\"type\":\"shift\""))
        .count();
    assert_eq!(shifts, 2);
    let (out, _, _) = run(
        home.path(),
        &["brief", "--format", "markdown", &flight, &hotel],
    );
    assert!(
        out.contains("| Seat | Address as | Cues |")
            && out.contains("| Room | Address as | Cues |")
    );
}

#[test]
fn the_first_run_says_where_it_keeps_the_audit_log_and_only_the_first() {
    let home = TempDir::new().unwrap();
    let profile = path("profile-maggie.toml");
    let first = cuecard_loud(home.path())
        .args(["--today", TODAY, "brief", &profile])
        .output()
        .unwrap();
    let stderr = String::from_utf8(first.stderr).unwrap();
    assert!(stderr.contains("created the audit log"), "{stderr}");
    assert!(stderr.contains(&home.path().join("state").to_string_lossy().into_owned()));
    let again = cuecard_loud(home.path())
        .args(["--today", TODAY, "brief", &profile])
        .output()
        .unwrap();
    assert!(
        again.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let quiet_home = TempDir::new().unwrap();
    let quiet = cuecard_loud(quiet_home.path())
        .args(["--today", TODAY, "brief", "--quiet", &profile])
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
}

/// `--help` of a command.
fn help(home: &Path, command: &str) -> String {
    let (out, _, code) = run(home, &[command, "--help"]);
    assert_eq!(code, 0);
    out
}

#[test]
fn each_command_lists_only_its_own_flags_and_its_own_example() {
    let home = TempDir::new().unwrap();
    for command in ["schema", "check", "completions", "man"] {
        let text = help(home.path(), command);
        for flag in [
            "--familiarity",
            "--jobs",
            "--purpose",
            "--operator",
            "--style",
        ] {
            assert!(
                !text.contains(flag),
                "`{command} --help` lists {flag}:\n{text}"
            );
        }
    }
    let sample = help(home.path(), "sample");
    assert!(!sample.contains("[default: table]"), "{sample}");
    assert!(sample.contains("[default: toml]"), "{sample}");
    assert!(!sample.contains("--jobs"), "{sample}");
    let explain = help(home.path(), "explain");
    assert!(explain.contains("Example: cuecard explain"), "{explain}");
    assert!(!explain.contains("Example: cuecard brief"), "{explain}");
    let brief = help(home.path(), "brief");
    assert!(
        brief.contains("--ref <REF>") && brief.contains("one manifest"),
        "{brief}"
    );
    // Flags before the command still count, after it they win.
    let (out, _, code) = run(
        home.path(),
        &[
            "--format",
            "json",
            "brief",
            "--format",
            "ndjson",
            &path("profile-maggie.toml"),
        ],
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("{\"type\":\"shift\""), "{out}");
}

#[test]
fn errors_say_what_is_wrong_without_the_value() {
    let home = TempDir::new().unwrap();
    let (_, stderr, code) = run(home.path(), &["schema"]);
    assert_eq!(code, 2);
    for kind in ["profile", "manifest", "config", "briefing", "explanation"] {
        assert!(stderr.contains(kind), "{stderr}");
    }
    let bare = write(
        home.path(),
        "bare.toml",
        "id = \"a\"\nref = \"1A\"\nname = \"Ann\"\n[loyalty]\ntier = Platinum\n",
    );
    let yaml = write(home.path(), "crew.yaml", "- id: a\n  name: Ann\n");
    let csv = write(home.path(), "crew.csv", "id,ref,name\na,2B,Bea\n");
    let (out, stderr, code) = run(
        home.path(),
        &[
            "brief",
            &bare.to_string_lossy(),
            &yaml.to_string_lossy(),
            &csv.to_string_lossy(),
        ],
    );
    assert_eq!(code, 65);
    assert!(
        stderr.contains("bare.toml:5:8: a string needs quotes"),
        "{stderr}"
    );
    assert!(!stderr.contains("Platinum"), "{stderr}");
    assert!(
        stderr.contains("crew.yaml: YAML is not an input format"),
        "{stderr}"
    );
    // A CSV whose headers are field paths is read, with no mapping.
    assert!(out.contains("2B") && out.contains("Bea"), "{out}");
}

#[test]
fn users_get_their_own_reference_not_the_spec() {
    let home = TempDir::new().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = std::fs::read_to_string(root.join("docs/reference.md")).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("docs/reference.md"));
    let mut shown = vec![readme, reference.clone(), help(home.path(), "brief")];
    for kind in ["profile", "manifest", "config", "briefing", "explanation"] {
        shown.push(run(home.path(), &["schema", kind]).0);
    }
    for text in &shown {
        assert!(!text.contains('§'), "a section sign a user cannot follow");
        assert!(!text.contains("spec §") && !text.contains("the spec"));
    }
    // Every exit code the binary names is explained in the reference.
    let top = run(home.path(), &["--help"]).0;
    let codes: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Exit codes"))
        .skip(1)
        .map_while(|l| {
            l.split_whitespace()
                .next()
                .filter(|c| c.parse::<u8>().is_ok())
        })
        .collect();
    assert!(codes.len() >= 7, "{top}");
    for code in codes {
        assert!(
            reference.contains(&format!("| {code} |")),
            "exit code {code}"
        );
    }
}

/// A placeholder's ref is the record's own `ref` key, read by a TOML
/// parser: a line inside free text that looks like one never is.
#[test]
fn a_placeholder_ref_never_comes_from_free_text() {
    let home = TempDir::new().unwrap();
    let text = "[shift]\ntitle = \"T\"\nsetting = \"flight\"\n\n[[customers]]\nid = \"c1\"\nnotes = \"\"\"\nref = \"Jane has HIV\"\n\"\"\"\nref = \"12D\"\nname = \"Ann\"\nbogus = 1\n";
    let manifest = write(home.path(), "notes.toml", text);
    for format in STAFF_FORMATS {
        let (out, stderr, code) = run(
            home.path(),
            &["brief", "--format", format, &manifest.to_string_lossy()],
        );
        assert_eq!(code, 65);
        assert!(
            !out.contains("HIV") && !stderr.contains("HIV"),
            "{format}: {out}{stderr}"
        );
        assert!(out.contains("12D"), "{format}: {out}");
    }
    let (_, stderr, code) = run(
        home.path(),
        &["brief", "--ref", "12d", &manifest.to_string_lossy()],
    );
    assert_eq!(code, 65, "the record is found, and bad: {stderr}");
    assert!(!stderr.contains("no customer has this ref"), "{stderr}");
    let (explained, _, _) = run(home.path(), &["explain", &manifest.to_string_lossy()]);
    assert!(!explained.contains("HIV"));
}

/// Every way a manifest can be written keeps a bad record's place.
#[test]
fn a_bad_record_keeps_its_place_however_the_manifest_is_written() {
    let home = TempDir::new().unwrap();
    let inline = write(
        home.path(),
        "inline.toml",
        "customers = [ { id = \"a\", name = \"A\", ref = \"1A\" }, { id = \"b\", name = \"B\", ref = \"1B\", bogus = 1 } ]\n",
    );
    let single = write(
        home.path(),
        "one.toml",
        "id = \"b\"\nname = \"B\"\nref = \"7C\"\nbogus = 1\n",
    );
    let json = write(
        home.path(),
        "m.json",
        r#"{"customers": [{"id": "a", "name": "A", "ref": "1A"}, {"id": "b", "name": "B", "ref": "1B", "bogus": 1}]}"#,
    );
    for (file, want) in [(&inline, "1B"), (&single, "7C"), (&json, "1B")] {
        let (briefing, code, _) = brief_json(home.path(), &[], &[file]);
        assert_eq!(code, 65);
        assert_eq!(
            briefing.errors[0].reference.as_deref(),
            Some(want),
            "{file:?}"
        );
        let (_, stderr, code) = run(
            home.path(),
            &["brief", "--ref", want, &file.to_string_lossy()],
        );
        assert_eq!(code, 65, "{file:?}: {stderr}");
    }
}

#[test]
fn an_empty_ref_is_a_usage_error_not_everyone() {
    let home = TempDir::new().unwrap();
    for empty in ["", " , "] {
        let (out, stderr, code) = run(
            home.path(),
            &["brief", "--ref", empty, &path("flight-qf1.toml")],
        );
        assert_eq!(code, 2, "{stderr}");
        assert!(out.is_empty());
        assert!(stderr.contains("--ref needs a ref"), "{stderr}");
    }
    let log = home
        .path()
        .join("state")
        .join("cuecard")
        .join("audit.jsonl");
    assert!(!log.exists(), "nobody was read, so nothing was recorded");
}

#[test]
fn a_shift_with_nobody_to_show_keeps_its_header_and_draws_no_frame() {
    let home = TempDir::new().unwrap();
    let empty = write(
        home.path(),
        "empty.toml",
        "[shift]\ntitle = \"Quiet night\"\nsetting = \"hotel\"\n",
    );
    let (out, _, code) = run(home.path(), &["brief", &empty.to_string_lossy()]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Quiet night ·"), "{out}");
    assert!(out.contains("Aim:") && !out.contains('┌'), "{out}");
    // A file of a type cuecard does not read, but missing, is missing; and
    // it starts no shift of its own.
    let (out, _, code) = run(
        home.path(),
        &[
            "brief",
            "--format",
            "json",
            "seats.csv",
            &path("flight-qf1.toml"),
        ],
    );
    assert_eq!(code, 66);
    let docs = serde_json::Deserializer::from_str(&out)
        .into_iter::<Value>()
        .count();
    assert_eq!(docs, 1, "{out}");
}
