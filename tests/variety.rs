//! Cabin-wide variety (issue: sound human, not scripted): a manifest of
//! 300 similar regulars must not hear the same sentence over and over, and
//! the same inputs must always give the same briefing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use cuecard::limits::PAGE;
use cuecard::limits::WORTH_A_THREAD;
use serde_json::{json, Value};
use tempfile::TempDir;

/// 300 near-identical regulars: each fires welcome_back, long_standing and
/// a drink preference, so every one of those rules has 300 customers.
fn regulars(n: usize, skip: Option<usize>) -> Value {
    let drinks = [
        "green tea",
        "sparkling water",
        "black coffee",
        "orange juice",
    ];
    let customers: Vec<Value> = (0..n)
        .filter(|i| Some(*i) != skip)
        .map(|i| {
            json!({
                "id": format!("REG-{:06}", i * 7919 % 1_000_003),
                "ref": format!("Row {}", i / 6 + 1),
                "name": "Alex Regular",
                "loyalty": {"tier": "Gold", "member_since": "2011-03-01", "lifetime_visits": 260,
                            "visits_last_90_days": 9},
                "preferences": [{"topic": "drink", "value": drinks[i % 4], "source": "stated",
                                  "last_confirmed": "2026-10-01"}]
            })
        })
        .collect();
    json!({"shift": {"title": "Regulars", "date": TODAY, "setting": "flight"}, "customers": customers})
}

fn brief(dir: &TempDir, manifest: &Value, args: &[&str]) -> (Briefing, Vec<u8>) {
    let path = write(dir.path(), "regulars.json", &manifest.to_string());
    let config = write(dir.path(), "roomy.toml", "[tone]\nmax_cues = 5\n");
    let out = succeed(
        cuecard(dir.path())
            .args(["brief", "--format", "json", "--config"])
            .arg(&config)
            .args(args)
            .arg(&path),
    );
    (serde_json::from_slice(&out.stdout).unwrap(), out.stdout)
}

/// Per rule: how many customers got each variant.
fn shares(b: &Briefing) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut by_rule: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for cue in b.customers.iter().flat_map(|c| &c.cues) {
        *by_rule
            .entry(cue.rule.clone())
            .or_default()
            .entry(cue.variant.clone())
            .or_default() += 1;
    }
    by_rule
}

#[test]
fn no_variant_dominates_and_neighbours_differ() {
    let dir = TempDir::new().unwrap();
    for (familiarity, style) in [
        ("warm", "hint"),
        ("familiar", "opener"),
        ("reserved", "hint"),
    ] {
        let (b, _) = brief(
            &dir,
            &regulars(300, None),
            &["--familiarity", familiarity, "--style", style],
        );
        let shares = shares(&b);
        for (rule, variants) in &shares {
            let total: usize = variants.values().sum();
            if total < 100 {
                continue;
            }
            let max = variants.values().max().unwrap();
            eprintln!(
                "{familiarity}/{style} {rule}: {} customers, {} variants, max share {:.1}%",
                total,
                variants.len(),
                100.0 * *max as f64 / total as f64
            );
            assert!(
                max * 100 <= 15 * total,
                "{familiarity}/{style} {rule}: {max} of {total} share one variant: {variants:?}"
            );
        }
        assert!(shares["welcome_back"].values().sum::<usize>() >= 100);
        for pair in b.customers.windows(2) {
            for cue in &pair[0].cues {
                let same = pair[1]
                    .cues
                    .iter()
                    .any(|c| c.rule == cue.rule && c.variant == cue.variant);
                assert!(!same, "adjacent customers share {}", cue.variant);
            }
        }
    }
}

#[test]
fn same_inputs_same_bytes() {
    let dir = TempDir::new().unwrap();
    let manifest = regulars(300, None);
    let (_, first) = brief(&dir, &manifest, &[]);
    let (_, second) = brief(&dir, &manifest, &[]);
    assert_eq!(first, second);
}

#[test]
fn one_customer_less_changes_few_others() {
    let dir = TempDir::new().unwrap();
    let (all, _) = brief(&dir, &regulars(300, None), &[]);
    let mut worst = 0;
    for skip in [0, 37, 150, 299] {
        let (fewer, _) = brief(&dir, &regulars(300, Some(skip)), &[]);
        let mut kept = all.customers.clone();
        kept.remove(skip);
        let changed = kept
            .iter()
            .zip(&fewer.customers)
            .filter(|(a, b)| {
                let va: Vec<&str> = a.cues.iter().map(|c| c.variant.as_str()).collect();
                let vb: Vec<&str> = b.cues.iter().map(|c| c.variant.as_str()).collect();
                va != vb
            })
            .count();
        eprintln!("removing customer {skip} changed {changed} others");
        worst = worst.max(changed);
    }
    assert!(worst <= 30, "removing one customer changed {worst} others");
}

#[test]
fn cues_are_short_and_carry_no_digits_from_the_profile() {
    let dir = TempDir::new().unwrap();
    for familiarity in ["reserved", "warm", "familiar"] {
        for path in all_briefings() {
            let (b, _, _) = brief_json(dir.path(), &["--familiarity", familiarity], &[&path]);
            short_and_digit_free(&b);
        }
        let (b, _) = brief(&dir, &regulars(300, None), &["--familiarity", familiarity]);
        short_and_digit_free(&b);
    }
}

/// At most 20 words and no digit sequence from the profile (the inputs'
/// refs, counts and dates are where digits would come from).
fn short_and_digit_free(b: &Briefing) {
    for cue in b.customers.iter().flat_map(|c| &c.cues) {
        assert!(cue.text.split_whitespace().count() <= 20, "{}", cue.text);
        assert!(
            !cue.text.chars().any(|c| c.is_ascii_digit()),
            "{}",
            cue.text
        );
    }
}

/// Stdout, stderr and exit code of `cuecard --jobs <jobs> <args> <input>`.
fn with_jobs(home: &Path, jobs: &str, args: &[&str], input: &Path) -> Output {
    let out = cuecard(home)
        .args(["--jobs", jobs])
        .args(args)
        .arg(input)
        .output()
        .unwrap();
    (out.stdout, out.stderr, out.status.code())
}

type Output = (Vec<u8>, Vec<u8>, Option<i32>);

#[test]
fn jobs_do_not_change_a_single_byte() {
    let dir = TempDir::new().unwrap();
    // Past the lines briefed before threads start.
    let lines: Vec<String> = regulars(WORTH_A_THREAD + 1_000, None)["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect();
    let mut text = lines.join("\n");
    text.push_str("\n{\"id\": \"bad\", \"name\": 7}\n");
    let stream = write(dir.path(), "stream.ndjson", &text);
    let run = |jobs| with_jobs(dir.path(), jobs, &["brief", "--format", "ndjson"], &stream);
    let one = run("1");
    assert_eq!(one.2, Some(65));
    for jobs in ["2", "3", "8"] {
        assert!(run(jobs) == one, "--jobs {jobs} changed the output");
    }

    // A ref found only once the threads run is found on any number.
    let late: Value = serde_json::from_str(&lines[WORTH_A_THREAD + 900]).unwrap();
    let late = late["ref"].as_str().expect("a regular has a ref");
    let wanted = format!("{late},NOWHERE-1");
    let run = |jobs| {
        let args = ["brief", "--format", "ndjson", "--ref", &wanted];
        with_jobs(dir.path(), jobs, &args, &stream)
    };
    let one = run("1");
    let stderr = String::from_utf8_lossy(&one.1);
    assert_eq!(one.2, Some(66), "{stderr}");
    assert!(stderr.contains("--ref NOWHERE-1: no customer"), "{stderr}");
    assert!(!stderr.contains(late), "{stderr}");
    let briefed = String::from_utf8_lossy(&one.0)
        .lines()
        .filter(|l| l.contains("\"type\":\"customer\""))
        .count();
    let with_ref = lines
        .iter()
        .filter(|l| serde_json::from_str::<Value>(l).unwrap()["ref"] == late)
        .count();
    assert_eq!(briefed, with_ref);
    for jobs in ["2", "3"] {
        assert!(run(jobs) == one, "--jobs {jobs} changed a run with --ref");
    }
}

/// A manifest long enough for threads (sections and pages are split in
/// runs of `WORTH_A_THREAD` customers), as a table of many pages: its
/// sections are read, its customers briefed and its pages drawn on the
/// `--jobs` threads, in order.
#[test]
fn jobs_do_not_change_a_table() {
    let dir = TempDir::new().unwrap();
    let customers = 2 * (WORTH_A_THREAD + PAGE);
    let mut text = sample_flight(dir.path(), customers as u32, 4);
    text.push_str("\n[[customers]]\nid = \"bad\"\nname = 7\n");
    let manifest = write(dir.path(), "flight.toml", &text);
    let args = ["--width", "90", "--color", "always", "brief"];
    let run = |jobs| with_jobs(dir.path(), jobs, &args, &manifest);
    let one = run("1");
    assert_eq!(one.2, Some(65));
    let table = String::from_utf8_lossy(&one.0);
    let pages = table.matches('┌').count();
    assert!(pages >= 2 * WORTH_A_THREAD.div_ceil(PAGE), "{pages} pages");
    for jobs in ["2", "3", "8"] {
        assert!(run(jobs) == one, "--jobs {jobs} changed the table");
    }
}

/// A stream of several batches with bad lines among them (one a parse
/// error inside a batch, one over the size limit, which the reader reports
/// between batches): every customer and every error comes out in input
/// order, whatever `--jobs`.
#[test]
fn customers_and_errors_keep_input_order_across_batches() {
    let dir = TempDir::new().unwrap();
    let config = write(
        dir.path(),
        "small.toml",
        "[limits]\nmax_input_bytes = 2000\n",
    );
    // Past the lines briefed before threads start.
    let total = 3 * WORTH_A_THREAD as u64;
    let (bad, long) = (total / 2, total * 3 / 4);
    let lines: Vec<String> = (1..=total)
        .map(|n| match n {
            _ if n == bad => r#"{"id": "bad", "name": 7}"#.to_string(),
            _ if n == long => json!({"id": "long", "name": "x".repeat(3_000)}).to_string(),
            _ => json!({"id": format!("C{n}"), "ref": format!("L{n}"), "name": "Pat Doe"})
                .to_string(),
        })
        .collect();
    let stream = write(dir.path(), "stream.ndjson", &(lines.join("\n") + "\n"));
    for jobs in ["1", "2", "3"] {
        let out = cuecard(dir.path())
            .args(["brief", "--format", "ndjson", "--jobs", jobs, "--config"])
            .arg(&config)
            .arg(&stream)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(65), "--jobs {jobs}");
        // Each output line, as the input line it stands for.
        let order: Vec<u64> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter_map(|v| match v["type"].as_str() {
                Some("customer") => v["data"]["ref"].as_str()?[1..].parse().ok(),
                Some("error") => v["data"]["line"].as_u64(),
                _ => None,
            })
            .collect();
        assert_eq!(order, (1..=total).collect::<Vec<u64>>(), "--jobs {jobs}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let at = |n: u64| stderr.find(&format!("stream.ndjson:{n}:")).unwrap();
        assert!(at(bad) < at(long), "--jobs {jobs}: {stderr}");
    }
}
