//! Hostile and malformed input through the real binary: nothing dropped
//! without a word, and work that grows with the input, not its square.

mod common;

use common::*;
use tempfile::TempDir;

/// A key given twice used to keep only the last copy: two customers and a
/// shift title vanished with exit 0.
#[test]
fn a_json_key_given_twice_is_an_error_and_drops_no_customer() {
    let dir = TempDir::new().unwrap();
    let text = r#"{"shift":{"title":"First"},"customers":[{"id":"a","name":"Alice","ref":"1A"},{"id":"b","name":"Bob","ref":"1B"}],"customers":[{"id":"c","name":"Carol","ref":"1C"}],"shift":{"title":"Second"}}"#;
    let path = write(dir.path(), "m.json", text);
    let (b, code, stderr) = brief_json(dir.path(), &[], &[&path]);
    assert_eq!(code, 65, "{stderr}");
    let refs: Vec<_> = b
        .customers
        .iter()
        .filter_map(|c| c.reference.as_deref())
        .collect();
    assert_eq!(refs, ["1A", "1B", "1C"]);
    assert_eq!(b.shift.title.as_deref(), Some("First"));
    let said: Vec<_> = b
        .errors
        .iter()
        .map(|e| (e.line, e.path.as_deref()))
        .collect();
    assert_eq!(
        said,
        [(Some(1), Some("customers")), (Some(1), Some("shift"))]
    );
    assert!(b.errors.iter().all(|e| e.message.contains("duplicate key")));
    assert!(
        !stderr.contains("Second") && !stderr.contains("Carol"),
        "{stderr}"
    );
}

/// Model outputs under `inferred` are never printed, but a repeated one
/// is a typo all the same; the error must not name the key either.
#[test]
fn a_repeated_inferred_key_is_an_error_that_does_not_name_it() {
    let dir = TempDir::new().unwrap();
    let text = r#"{"id":"a","name":"A","inferred":{"likely_expecting":1,"likely_expecting":2}}"#;
    let path = write(dir.path(), "p.json", text);
    let (b, code, stderr) = brief_json(dir.path(), &[], &[&path]);
    assert_eq!(code, 65);
    assert!(b.customers.is_empty());
    assert_eq!(b.errors[0].path.as_deref(), Some("inferred"));
    assert!(b.errors[0].message.contains("duplicate key"));
    assert!(!stderr.contains("expecting"), "{stderr}");
}

/// Many bad records, in every layout: each is reported at its own line,
/// in order, and the good ones are briefed.
#[test]
fn every_bad_record_of_a_large_manifest_is_located() {
    let dir = TempDir::new().unwrap();
    let n = 2_000;
    let mut toml = String::from("[shift]\ndate = 2026-11-22\nsetting = \"hotel\"\n");
    let mut json = Vec::new();
    for i in 0..n {
        toml.push_str(&format!("[[customers]]\nid = \"c{i}\"\nname = \"N\"\n"));
        let oops = i % 2 == 1;
        if oops {
            toml.push_str("oops = 1\n");
        }
        json.push(format!(
            "{{\"id\": \"c{i}\", \"name\": \"N\"{}}}",
            if oops { ", \"oops\": 1" } else { "" }
        ));
    }
    let json = format!("{{\"customers\": [\n{}\n]}}\n", json.join(",\n"));
    for (name, text, first_bad_line) in [("m.toml", &toml, 10), ("m.json", &json, 3)] {
        let path = write(dir.path(), name, text);
        let (b, code, _) = brief_json(dir.path(), &[], &[&path]);
        assert_eq!(code, 65);
        assert_eq!(b.customers.len(), n / 2, "{name}");
        assert_eq!(b.errors.len(), n / 2, "{name}");
        assert_eq!(b.errors[0].line, Some(first_bad_line), "{name}");
        let lines: Vec<usize> = b.errors.iter().filter_map(|e| e.line).collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "{name}");
        assert_eq!(
            b.errors[n / 2 - 1].path.as_deref(),
            Some(&*format!("customers[{}].oops", n - 1))
        );
    }
}

/// Runs cuecard with stdout on a pipe whose reading end is already
/// closed, as `| head -0` leaves it; returns the exit code and stderr.
fn with_stdout_closed(home: &std::path::Path, args: &[&str]) -> (i32, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cuecard"));
    pin_env(&mut cmd, home);
    let out = cmd
        .args(["--today", TODAY])
        .args(args)
        .stdout(writer)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A closed stdout stays quiet, but keeps the code the run had earned:
/// it used to turn a missing input or a bad record into exit 0.
#[test]
fn a_closed_stdout_keeps_the_exit_code_the_run_earned() {
    let dir = TempDir::new().unwrap();
    let stream = write(
        dir.path(),
        "s.ndjson",
        "{\"id\":\"a\",\"name\":\"A\"}\nnot json\n{\"id\":\"b\",\"name\":\"B\"}\n",
    );
    let good = briefing_path("profile-maggie.toml");
    let missing = dir.path().join("nosuch.json");
    let cases: [(&[&str], i32); 4] = [
        (
            &["brief", "--format", "json", missing.to_str().unwrap()],
            66,
        ),
        (
            &["brief", "--format", "ndjson", stream.to_str().unwrap()],
            65,
        ),
        (
            &["brief", "--format", "table", stream.to_str().unwrap()],
            65,
        ),
        (&["brief", "--format", "json", good.to_str().unwrap()], 0),
    ];
    for (args, code) in cases {
        let (got, stderr) = with_stdout_closed(dir.path(), args);
        assert_eq!(got, code, "{args:?}: {stderr}");
        assert!(!stderr.contains("pipe"), "{args:?}: {stderr}");
    }
}

/// The next record after the largest `seq` there can be used to wrap to
/// `seq` 0; now the run refuses, prints nothing and leaves the log alone.
#[test]
fn a_log_at_the_last_sequence_number_refuses_to_grow() {
    let dir = TempDir::new().unwrap();
    let log = dir.path().join("state").join("cuecard").join("audit.jsonl");
    std::fs::create_dir_all(log.parent().unwrap()).unwrap();
    let last = format!("{{\"seq\":{}}}\n", u64::MAX);
    std::fs::write(&log, &last).unwrap();
    let out = cuecard(dir.path())
        .args(["brief"])
        .arg(briefing_path("profile-maggie.toml"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(74), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("sequence number"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), last);
}

/// Dates are strict: a time after a date must be a time, and `--today`
/// takes four digits of year, as profiles do.
#[test]
fn dates_with_trailing_text_or_odd_years_are_refused() {
    let dir = TempDir::new().unwrap();
    for (n, date) in ["2026-02-03 xyz", "2026-11-22T25:00:00"].iter().enumerate() {
        let text = format!(
            "{{\"id\":\"a\",\"name\":\"A\",\"loyalty\":{{\"tier\":\"Gold\",\"member_since\":\"{date}\"}}}}"
        );
        let path = write(dir.path(), &format!("p{n}.json"), &text);
        let (b, code, stderr) = brief_json(dir.path(), &[], &[&path]);
        assert_eq!(code, 65, "{date}");
        assert_eq!(b.errors[0].path.as_deref(), Some("loyalty.member_since"));
        assert!(
            !stderr.contains("xyz") && !stderr.contains("25:00"),
            "{stderr}"
        );
    }
    let ok = write(
        dir.path(),
        "ok.json",
        r#"{"id":"a","name":"A","loyalty":{"tier":"Gold","member_since":"2020-01-01T08:00:00Z"}}"#,
    );
    assert_eq!(brief_json(dir.path(), &[], &[&ok]).1, 0);
    for today in ["1-01-01", "+10000-01-01", "2026-11-22T08:00"] {
        let out = cuecard_undated(dir.path())
            .args(["--today", today, "brief"])
            .arg(&ok)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{today}");
    }
}

/// Refs briefed and the errors' lines, from `brief --format json` with
/// `args`, the input given by path or on stdin.
fn refs_and_error_lines(
    home: &std::path::Path,
    args: &[&str],
    path: &std::path::Path,
    stdin: bool,
) -> (Vec<String>, Vec<Option<usize>>, i32) {
    let mut cmd = cuecard(home);
    cmd.args(["brief", "--format", "json"]).args(args);
    if stdin {
        cmd.arg("-").write_stdin(std::fs::read(path).unwrap());
    } else {
        cmd.arg(path);
    }
    let out = cmd.output().unwrap();
    let b: Briefing = serde_json::from_slice(&out.stdout).unwrap();
    let refs = b
        .customers
        .iter()
        .filter_map(|c| c.reference.clone())
        .collect();
    let lines = b.errors.iter().map(|e| e.line).collect();
    (refs, lines, out.status.code().unwrap())
}

/// Same input, same result, whether it is a file or stdin: a one-line
/// JSON manifest (`jq -c`) on stdin was read as a stream and failed on
/// `shift`; a first line over the limit rejected a whole stream on stdin
/// but only that line from a file.
#[test]
fn stdin_reads_what_a_file_reads() {
    let dir = TempDir::new().unwrap();
    let manifest = r#"{"shift":{"title":"T","date":"2026-11-22","setting":"hotel"},"customers":[{"id":"a","name":"A","ref":"101"},{"id":"b","name":"B","ref":"102"}]}"#;
    let one_line = write(dir.path(), "m.json", &format!("{manifest}\n"));
    let from_file = refs_and_error_lines(dir.path(), &[], &one_line, false);
    assert_eq!(from_file.0, ["101", "102"]);
    assert_eq!(
        refs_and_error_lines(dir.path(), &[], &one_line, true),
        from_file
    );

    let config = write(
        dir.path(),
        "c.toml",
        "[audit]\nenabled = false\n[limits]\nmax_input_bytes = 1024\n",
    );
    let long = format!(
        "{{\"id\":\"x\",\"name\":\"{}\",\"ref\":\"1\"}}",
        "N".repeat(1200)
    );
    let stream = write(
        dir.path(),
        "s.ndjson",
        &format!("{long}\n{{\"id\":\"b\",\"name\":\"B\",\"ref\":\"2\"}}\n"),
    );
    let args = ["--config", config.to_str().unwrap()];
    let from_file = refs_and_error_lines(dir.path(), &args, &stream, false);
    assert_eq!(
        (from_file.0.clone(), from_file.2),
        (vec!["2".to_string()], 65)
    );
    assert_eq!(
        refs_and_error_lines(dir.path(), &args, &stream, true),
        from_file
    );
}

/// A `2026-02-30` in one customer's history made the whole TOML manifest
/// one error and briefed nobody (its JSON twin briefed everyone else).
#[test]
fn one_bad_toml_value_costs_only_its_customer() {
    let dir = TempDir::new().unwrap();
    let mut toml = String::from("[shift]\ndate = 2026-11-22\nsetting = \"flight\"\n");
    for i in 0..50 {
        let date = if i == 20 { "2026-02-30" } else { "2026-02-03" };
        toml.push_str(&format!(
            "\n[[customers]]\nid = \"c{i}\"\nname = \"N\"\nref = \"{i}A\"\n\n[[customers.history]]\ndate = {date}\nkind = \"compliment\"\n"
        ));
    }
    let path = write(dir.path(), "m.toml", &toml);
    let (b, code, stderr) = brief_json(dir.path(), &[], &[&path]);
    assert_eq!(code, 65, "{stderr}");
    assert_eq!(b.customers.len(), 49);
    assert!(b
        .customers
        .iter()
        .all(|c| c.reference.as_deref() != Some("20A")));
    assert_eq!(b.errors.len(), 1);
    assert_eq!(b.errors[0].path.as_deref(), Some("customers[20]"));
    let bad_line = toml.lines().position(|l| l.contains("2026-02-30")).unwrap() + 1;
    assert_eq!(b.errors[0].line, Some(bad_line));
    assert!(!stderr.contains("2026-02-30"), "{stderr}");
}

/// Old Mac line endings gave "malformed input"; now the error says what is
/// wrong and where, and CRLF still reads.
#[test]
fn a_bare_carriage_return_is_named_and_located() {
    let dir = TempDir::new().unwrap();
    let cr = write(dir.path(), "cr.toml", "id = \"a\"\rname = \"A\"\r");
    let (b, code, _) = brief_json(dir.path(), &[], &[&cr]);
    assert_eq!(code, 65);
    assert_eq!((b.errors[0].line, b.errors[0].column), (Some(1), Some(9)));
    assert!(
        b.errors[0].message.contains("carriage return"),
        "{}",
        b.errors[0].message
    );
    let crlf = write(dir.path(), "crlf.toml", "id = \"a\"\r\nname = \"A\"\r\n");
    let (b, code, _) = brief_json(dir.path(), &[], &[&crlf]);
    assert_eq!((code, b.customers.len()), (0, 1));
}

/// JSON's `-0` was refused where TOML's is 0; a fraction or a negative
/// count is still refused, without its value.
#[test]
fn minus_zero_counts_as_zero_in_json_as_in_toml() {
    let dir = TempDir::new().unwrap();
    let json = |n: &str, v: &str| {
        let text =
            format!(r#"{{"id":"a","name":"A","loyalty":{{"tier":"Gold","lifetime_visits":{v}}}}}"#);
        write(dir.path(), n, &text)
    };
    let toml = write(
        dir.path(),
        "p.toml",
        "id = \"a\"\nname = \"A\"\n[loyalty]\ntier = \"Gold\"\nlifetime_visits = -0\n",
    );
    for path in [json("z.json", "-0"), toml] {
        let (b, code, stderr) = brief_json(dir.path(), &[], &[&path]);
        assert_eq!((code, b.customers.len()), (0, 1), "{stderr}");
    }
    for (name, v) in [
        ("f.json", "1.5"),
        ("n.json", "-3"),
        ("o.json", "4294967296"),
    ] {
        let (b, code, stderr) = brief_json(dir.path(), &[], &[&json(name, v)]);
        assert_eq!(code, 65, "{v}");
        assert_eq!(b.errors[0].path.as_deref(), Some("loyalty.lifetime_visits"));
        assert!(!stderr.contains(v), "{stderr}");
    }
}

/// A document nested past the parser's limit (50,000 dotted keys) was
/// "malformed input" with no place: it says what is wrong, and where.
#[test]
fn a_document_nested_too_deeply_is_named_and_located() {
    let dir = TempDir::new().unwrap();
    let text = format!(
        "id = \"a\"\nname = \"A\"\n[inferred]\n{}b = 1\n",
        "k.".repeat(50_000)
    );
    let deep = write(dir.path(), "deep.toml", &text);
    let (b, code, _) = brief_json(dir.path(), &[], &[&deep]);
    assert_eq!(code, 65);
    assert_eq!((b.errors[0].line, b.errors[0].column), (Some(4), Some(1)));
    assert!(
        b.errors[0].message.contains("nested too deeply"),
        "{}",
        b.errors[0].message
    );
}
