//! Writes a valid audit log of N records quickly, for benchmarking
//! `cuecard audit verify` and trying `audit report` (benches/audit_verify.sh).
//!
//! Usage: cargo run --release --example audit_log -- LINES PATH
//!
//! Records are like real ones: 1 to 20 customers each (a manifest's worth
//! would make the file far bigger), a few operators, office hours with the
//! odd late run and `explain`, chained from genesis.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use anyhow::{bail, Context};
use cuecard::audit_log::{line_hash, Key, Record, GENESIS};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lines, path] = args.as_slice() else {
        bail!("usage: audit_log LINES PATH");
    };
    let lines: u64 = lines.parse().context("LINES must be a number")?;
    let file = std::fs::File::create(path).with_context(|| format!("could not create `{path}`"))?;
    let mut out = BufWriter::new(file);
    let key = Key::from_bytes([7; 32]);
    let mut prev = GENESIS.to_string();
    for seq in 1..=lines {
        let line = record(&key, seq, prev).line()?;
        prev = line_hash(&line);
        out.write_all(&line)?;
    }
    out.flush()?;
    Ok(())
}

fn record(key: &Key, seq: u64, prev: String) -> Record {
    let subjects: Vec<String> = (0..=seq % 20)
        .map(|i| key.subject(&format!("C-{}", seq * 20 + i)).to_string())
        .collect();
    // Mostly office hours; one run in 100 late at night.
    let hour = if seq.is_multiple_of(100) {
        23
    } else {
        8 + seq % 12
    };
    Record {
        v: 1,
        seq,
        ts: format!(
            "2026-11-{:02}T{hour:02}:{:02}:00.000Z",
            1 + seq % 28,
            seq % 60
        ),
        run: format!("{seq:016x}"),
        part: 1,
        operator: format!("operator-{}", seq % 7),
        purpose: Some("pre-shift briefing".into()),
        command: if seq.is_multiple_of(50) {
            "explain"
        } else {
            "brief"
        }
        .into(),
        inputs: vec!["shift.toml".into()],
        manifest: !seq.is_multiple_of(10),
        config_sha256: GENESIS.into(),
        subject_count: subjects.len(),
        subjects,
        cue_count: 12,
        withheld: BTreeMap::from([("restricted".to_string(), 2), ("identifier".to_string(), 5)]),
        errors: 0,
        synthetic: false,
        prev,
        sealed: None,
    }
}
