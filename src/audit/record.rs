//! One audit record, one JSON line (spec §7, extended with `seq`, `run`,
//! `part` and `manifest`). Customers appear only as keyed hashes; nothing
//! here can hold a name, ref, value or free text from a profile.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The record format's version, `v`.
pub(crate) const VERSION: u32 = 1;

/// One line of the audit log.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub v: u32,
    /// 1-based position in the log: a gap shows a deleted line, a step
    /// back a reordered one.
    pub seq: u64,
    /// When the record was written, RFC 3339 in UTC.
    pub ts: String,
    /// Random id shared by the records of one run.
    pub run: String,
    /// 1-based chunk of the run this record covers.
    pub part: u32,
    pub operator: String,
    pub purpose: Option<String>,
    /// `brief` or `explain`.
    pub command: String,
    /// The inputs this record covers, named as given (`<stdin>` for `-`).
    pub inputs: Vec<String>,
    /// Whether every customer covered came from a manifest (a shift).
    pub manifest: bool,
    /// SHA-256 of the effective config.
    pub config_sha256: String,
    /// HMAC-SHA256 of each customer id with the local key, hex, first 16
    /// digits; sorted and without repeats.
    pub subjects: Vec<String>,
    pub subject_count: usize,
    pub cue_count: usize,
    /// Withheld fields by reason, with no link to a customer.
    pub withheld: BTreeMap<String, usize>,
    /// Bad inputs and records met.
    pub errors: usize,
    /// Whether every profile covered was synthetic (training data).
    pub synthetic: bool,
    /// SHA-256 of the previous line's exact bytes, newline included.
    pub prev: String,
    /// Set when the line before this record was torn (a writer stopped
    /// mid-line) and this record's writer sealed it with a newline: what
    /// the torn line and the line before it were, so `audit verify` can
    /// tell a sealed tear from a changed line and check the chain across
    /// it. Absent otherwise (and from every record of an untorn log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
}

/// A torn line sealed by the record after it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Sealed {
    /// SHA-256 of the torn line as sealed (its bytes and the newline added).
    pub torn: String,
    /// SHA-256 of the line before the torn one (64 zeros if it was first).
    pub after: String,
}

impl Record {
    /// The record as one line, newline included. JSON escapes every
    /// control character, so the line holds no other newline.
    pub fn line(&self) -> serde_json::Result<Vec<u8>> {
        let mut line = serde_json::to_vec(self)?;
        line.push(b'\n');
        Ok(line)
    }

    /// Parses one line (with or without its newline), strictly.
    pub fn parse(line: &[u8]) -> Option<Record> {
        serde_json::from_slice(line).ok()
    }
}

/// Just the position of a record, read leniently when finding the tail.
#[derive(Deserialize)]
struct Position {
    seq: u64,
}

/// The `seq` of a line, if it is a record at all.
pub(crate) fn seq_of(line: &[u8]) -> Option<u64> {
    serde_json::from_slice::<Position>(line).ok().map(|p| p.seq)
}

#[cfg(test)]
pub(crate) fn sample(seq: u64, prev: &str) -> Record {
    Record {
        v: VERSION,
        seq,
        ts: "2026-11-22T08:00:00.000Z".into(),
        run: "00000000000000aa".into(),
        part: 1,
        operator: "ann".into(),
        purpose: None,
        command: "brief".into(),
        inputs: vec!["shift.toml".into()],
        manifest: true,
        config_sha256: super::chain::GENESIS.into(),
        subjects: vec!["0123456789abcdef".into()],
        subject_count: 1,
        cue_count: 2,
        withheld: BTreeMap::new(),
        errors: 0,
        synthetic: false,
        prev: prev.into(),
        sealed: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_one_line_and_parses_back() {
        let mut r = sample(1, super::super::GENESIS);
        r.operator = "line\nbreak".into();
        let line = r.line().unwrap();
        assert_eq!(line.iter().filter(|b| **b == b'\n').count(), 1);
        assert_eq!(Record::parse(&line), Some(r));
        assert_eq!(seq_of(&line), Some(1));
    }

    #[test]
    fn unknown_fields_are_not_a_record() {
        assert_eq!(Record::parse(br#"{"v":1,"extra":true}"#), None);
        assert_eq!(seq_of(b"{\"seq\":"), None);
    }
}
