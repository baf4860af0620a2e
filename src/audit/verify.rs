//! Checking the chain: every line must end with a newline, be a record,
//! carry the next `seq`, and carry in `prev` the hash of the line before.
//! The first bad line is named with what went wrong: edited, deleted,
//! reordered or torn. Records cut off the end leave a valid chain; only an
//! anchor (a head kept elsewhere, `--expect-head`) catches that, and an
//! edit of the very last line.

use std::io::{self, BufRead};

use serde::Serialize;

use super::chain::{line_hash, GENESIS};
use super::record::{Record, VERSION};

/// What is wrong with a line.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Fault {
    Torn,
    NotARecord,
    Version,
    Edited,
    Deleted,
    Reordered,
    AnchorMissing,
}

/// The first bad line and why.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// 1-based line; for a missing anchor, the line after the last.
    pub line: u64,
    pub fault: Fault,
    pub message: String,
}

/// Where the expected head was found: line 0 is the empty log's head.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub head: String,
    pub line: Option<u64>,
}

/// The outcome of checking a log.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub lines: u64,
    /// Lines before the first bad one.
    pub intact: u64,
    /// The hash of the last complete line: what `audit head` prints.
    pub head: String,
    /// Lines found bad (the first is in `first`).
    pub problems: u64,
    /// Torn lines sealed by the record after them, which says what it
    /// sealed: known faults, reported but not breaks (the chain is checked
    /// across them).
    pub sealed: Vec<u64>,
    pub first: Option<Problem>,
    pub anchor: Option<Anchor>,
}

impl Verdict {
    pub(crate) fn is_intact(&self) -> bool {
        self.first.is_none()
    }
}

/// Checks the log read from `reader`; `expect_head` must then be the hash
/// of one of its lines (or the empty log's head).
pub(crate) fn verify(mut reader: impl BufRead, expect_head: Option<&str>) -> io::Result<Verdict> {
    let mut walk = Walk::new(expect_head);
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        walk.line(&line);
    }
    Ok(walk.finish())
}

struct Walk<'a> {
    n: u64,
    prev: String,
    prev_bad: bool,
    expected_seq: u64,
    problems: u64,
    first: Option<Problem>,
    /// Records missing at the first problem, if it was a gap: a later
    /// line holding one of them means reordered, not deleted.
    gap: Option<(u64, u64)>,
    expect: Option<&'a str>,
    anchor_line: Option<u64>,
    /// A line whose `prev` did not match the line before: which of the two
    /// was changed is told by the next line (see [`Walk::blame`]).
    pending: Option<u64>,
    /// A line that is not a record, not yet reported: the next record may
    /// say it sealed it (see [`Walk::tear`]).
    tear: Option<Tear>,
    sealed: Vec<u64>,
}

/// A line that is not a record, as a sealing record would name it.
struct Tear {
    line: u64,
    /// Its hash, and the hash of the line before it.
    hash: String,
    after: String,
}

impl<'a> Walk<'a> {
    fn new(expect: Option<&'a str>) -> Walk<'a> {
        Walk {
            n: 0,
            prev: GENESIS.to_string(),
            prev_bad: false,
            expected_seq: 1,
            problems: 0,
            first: None,
            gap: None,
            expect,
            anchor_line: (expect == Some(GENESIS)).then_some(0),
            pending: None,
            tear: None,
            sealed: Vec::new(),
        }
    }

    fn line(&mut self, bytes: &[u8]) {
        self.n += 1;
        let n = self.n;
        if bytes.last() != Some(&b'\n') {
            self.blame_last();
            let message = format!(
                "line {n} is cut short (no end of line): a write was interrupted, a torn record"
            );
            self.problem(n, Fault::Torn, message);
            return;
        }
        let hash = line_hash(bytes);
        let record = Record::parse(bytes);
        self.settle_tear(record.as_ref());
        let bad = match record {
            Some(record) => self.check(&record),
            None => {
                self.blame_last();
                self.expected_seq += 1;
                self.tear = Some(Tear {
                    line: n,
                    hash: hash.clone(),
                    after: self.prev.clone(),
                });
                true
            }
        };
        if self.expect == Some(hash.as_str()) {
            self.anchor_line = Some(n);
        }
        self.prev = hash;
        self.prev_bad = bad;
    }

    /// Checks one record against its place; true if the line is bad.
    fn check(&mut self, r: &Record) -> bool {
        let (n, want) = (self.n, self.expected_seq);
        // Whether this line chains to the one before settles a mismatch
        // there, whatever else is wrong with this line.
        let chained = r.prev == self.prev || self.prev_bad;
        self.blame(chained);
        self.refine(r.seq);
        self.expected_seq = want.max(r.seq.saturating_add(1));
        if r.v != VERSION {
            let message = format!("line {n} has record version {}, expected {VERSION}", r.v);
            return self.problem(n, Fault::Version, message);
        }
        if r.seq > want {
            self.gap.get_or_insert((want, r.seq));
            let missing = missing(want, r.seq);
            let message = format!(
                "{missing} missing before line {n} (it holds #{}): deleted",
                r.seq
            );
            return self.problem(n, Fault::Deleted, message);
        }
        if r.seq < want {
            let message = format!(
                "line {n} holds record #{}, which belongs earlier: lines reordered or copied",
                r.seq
            );
            return self.problem(n, Fault::Reordered, message);
        }
        if !chained {
            if n == 1 {
                let message = "line 1's `prev` is not the start of a chain: it was changed";
                self.problem(1, Fault::Edited, message.to_string());
            } else {
                self.pending = Some(n);
            }
        }
        false
    }

    /// Settles a pending mismatch at line `p` now that the line after it
    /// is known to chain to it or not. A change to any line changes its
    /// hash, so the line after it no longer chains; a change to line `p`'s
    /// own `prev` breaks two links, before and after it. So a lone broken
    /// link blames the line before `p`, and two in a row blame `p`.
    fn blame(&mut self, next_chains: bool) {
        let Some(p) = self.pending.take() else { return };
        let (at, message) = if !next_chains && p + 1 == self.n {
            (p, format!("line {p} was changed after it was written: its `prev` no longer matches line {}, and line {}'s `prev` no longer matches it; line {} itself is intact", p - 1, p + 1, p - 1))
        } else {
            (p - 1, format!("line {} was changed after it was written: line {p}'s `prev` no longer matches it, while line {p} itself is intact", p - 1))
        };
        self.problem(at, Fault::Edited, message);
    }

    /// A pending mismatch with no record after it to tell which line changed.
    fn blame_last(&mut self) {
        let Some(p) = self.pending.take() else { return };
        let message = format!("line {p}'s `prev` no longer matches line {}: line {} was changed, or line {p}'s `prev` was (no record follows to tell which)", p - 1, p - 1);
        self.problem(p - 1, Fault::Edited, message);
    }

    /// A record the first problem reported missing turns up: reordered.
    fn refine(&mut self, seq: u64) {
        let Some((from, to)) = self.gap else { return };
        // Only the gap's own problem: an earlier line found later (a
        // settled mismatch) may have become the first since.
        let gap_problem = |p: &&mut Problem| p.fault == Fault::Deleted && (from..to).contains(&seq);
        if let Some(first) = self.first.as_mut().filter(gap_problem) {
            first.fault = Fault::Reordered;
            first.message = format!(
                "line {} holds record #{to} where #{from} belongs, and #{seq} is at line {}: lines reordered",
                first.line, self.n
            );
            self.gap = None;
        }
    }

    /// Settles the line before this one if it was not a record: a torn
    /// write that this record says it sealed, naming that line's hash and
    /// the hash of the line before it (so the chain holds across it), is a
    /// known fault; anything else is a bad line. A changed line cannot pass
    /// for a sealed one: the record after it would have to name it, and
    /// that record's own hash is checked by the line after it, and by an
    /// anchor.
    fn settle_tear(&mut self, next: Option<&Record>) {
        let Some(tear) = self.tear.take() else { return };
        let seal = next
            .filter(|r| r.prev == tear.hash)
            .and_then(|r| r.sealed.as_ref())
            .filter(|s| s.torn == tear.hash);
        if let Some(seal) = seal {
            self.sealed.push(tear.line);
            // The record's `prev` names the sealed line: the chain goes on.
            self.prev_bad = false;
            if seal.after != tear.after && tear.line > 1 {
                let (n, before) = (tear.line, tear.line - 1);
                let message = format!("line {before} was changed after it was written: the record that sealed the torn line {n} names a different line before it");
                self.problem(before, Fault::Edited, message);
            }
        } else {
            let n = tear.line;
            let message = format!("line {n} is not an audit record: damaged, or changed (a torn write sealed by the next writer would be named by the record after it)");
            self.problem(n, Fault::NotARecord, message);
        }
    }

    /// Counts a bad line, keeping the earliest; always true.
    fn problem(&mut self, line: u64, fault: Fault, message: String) -> bool {
        self.problems += 1;
        if self.first.as_ref().is_none_or(|f| line < f.line) {
            self.first = Some(Problem {
                line,
                fault,
                message,
            });
        }
        true
    }

    fn finish(mut self) -> Verdict {
        self.settle_tear(None);
        self.blame_last();
        let anchor = self.expect.map(|head| Anchor {
            head: head.to_string(),
            line: self.anchor_line,
        });
        if matches!(&anchor, Some(a) if a.line.is_none()) {
            let message = "the anchored head is not the hash of any line: records after it were cut off the end (truncated), or the log was replaced".to_string();
            self.problem(self.n + 1, Fault::AnchorMissing, message);
        }
        let intact = self
            .first
            .as_ref()
            .map_or(self.n, |p| p.line.saturating_sub(1).min(self.n));
        Verdict {
            lines: self.n,
            intact,
            head: self.head(),
            problems: self.problems,
            sealed: self.sealed,
            first: self.first,
            anchor,
        }
    }

    /// The hash of the last complete line (a torn one is not a head).
    fn head(&self) -> String {
        self.prev.clone()
    }
}

fn missing(from: u64, to: u64) -> String {
    if to - from == 1 {
        format!("record #{from} is")
    } else {
        format!("records #{from} to #{} are", to - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::record::sample;

    /// A valid log of `n` lines.
    fn log(n: u64) -> Vec<Vec<u8>> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let line = sample(seq, &prev).line().unwrap();
                prev = line_hash(&line);
                line
            })
            .collect()
    }

    fn check(lines: &[Vec<u8>], expect: Option<&str>) -> Verdict {
        verify(&lines.concat()[..], expect).unwrap()
    }

    fn first(lines: &[Vec<u8>]) -> (u64, Fault) {
        let p = check(lines, None).first.expect("a problem");
        (p.line, p.fault)
    }

    #[test]
    fn an_intact_log_verifies_and_has_a_head() {
        let lines = log(4);
        let v = check(&lines, None);
        assert!(v.is_intact(), "{v:?}");
        assert_eq!((v.lines, v.intact), (4, 4));
        assert_eq!(v.head, line_hash(&lines[3]));
        assert_eq!(check(&[], None).head, GENESIS);
    }

    #[test]
    fn an_edit_names_the_edited_line() {
        let mut lines = log(4);
        let at = lines[1].windows(3).position(|w| w == b"ann").unwrap();
        lines[1][at] = b'b';
        assert_eq!(first(&lines), (2, Fault::Edited));
        let mut lines = log(4);
        lines[1][5] = b'#';
        assert_eq!(first(&lines), (2, Fault::NotARecord));
    }

    /// Editing a line's own `prev` breaks the links on both sides of it:
    /// the line named is that one, not the intact line before it.
    #[test]
    fn an_edited_prev_names_its_own_line() {
        let mut lines = log(5);
        let text = String::from_utf8(lines[2].clone()).unwrap();
        let prev = line_hash(&lines[1]);
        lines[2] = text.replace(&prev, &"0".repeat(prev.len())).into_bytes();
        let v = check(&lines, None);
        let p = v.first.unwrap();
        assert_eq!((p.line, p.fault), (3, Fault::Edited), "{}", p.message);
        assert!(
            p.message.contains("line 2 itself is intact"),
            "{}",
            p.message
        );
        assert_eq!(v.intact, 2);
        // The last line's `prev`: nothing follows to tell, and both are named.
        let mut lines = log(3);
        let text = String::from_utf8(lines[2].clone()).unwrap();
        let prev = line_hash(&lines[1]);
        lines[2] = text.replace(&prev, &"0".repeat(prev.len())).into_bytes();
        let p = check(&lines, None).first.unwrap();
        assert_eq!(p.line, 2, "{}", p.message);
        assert!(
            p.message.contains("or line 3's `prev` was"),
            "{}",
            p.message
        );
        // An edited `prev` with a deletion after it: the edit is still named
        // first, and the deletion is counted too.
        let mut lines = log(6);
        let text = String::from_utf8(lines[2].clone()).unwrap();
        let prev = line_hash(&lines[1]);
        lines[2] = text.replace(&prev, &"0".repeat(prev.len())).into_bytes();
        lines.remove(3);
        let v = check(&lines, None);
        let p = v.first.unwrap();
        assert_eq!((p.line, p.fault), (3, Fault::Edited), "{}", p.message);
        assert_eq!(v.problems, 2);
    }

    #[test]
    fn deletions_and_reorders_are_told_apart() {
        let mut lines = log(5);
        lines.remove(2);
        assert_eq!(first(&lines), (3, Fault::Deleted));
        let mut lines = log(5);
        lines.swap(1, 2);
        assert_eq!(first(&lines), (2, Fault::Reordered));
        let mut lines = log(5);
        let moved = lines.remove(0);
        lines.push(moved);
        assert_eq!(first(&lines), (1, Fault::Reordered));
    }

    #[test]
    fn a_torn_last_line_leaves_the_rest_intact() {
        let mut lines = log(3);
        let half = lines[2].len() / 2;
        lines[2].truncate(half);
        let v = check(&lines, None);
        assert_eq!(
            v.first.as_ref().map(|p| (p.line, p.fault)),
            Some((3, Fault::Torn))
        );
        assert_eq!(v.intact, 2);
    }

    /// A log that went on after a torn write: the next writer sealed it,
    /// as `append` does.
    fn sealed_log() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        crate::audit::append::append(&path, &mut sample(0, "")).unwrap();
        let torn = sample(2, "").line().unwrap();
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut file, &torn[..torn.len() / 2]).unwrap();
        for _ in 0..2 {
            crate::audit::append::append(&path, &mut sample(0, "")).unwrap();
        }
        (dir, path)
    }

    fn lines_of(path: &std::path::Path) -> Vec<Vec<u8>> {
        let text = std::fs::read(path).unwrap();
        text.split_inclusive(|b| *b == b'\n')
            .map(<[u8]>::to_vec)
            .collect()
    }

    #[test]
    fn a_sealed_tear_is_a_known_fault_and_the_chain_is_checked_across_it() {
        let (_dir, path) = sealed_log();
        let lines = lines_of(&path);
        assert_eq!(lines.len(), 4);
        let v = check(&lines, None);
        assert!(v.is_intact(), "{:?}", v.first);
        assert_eq!(v.sealed, [2]);
        // The head anchors past it.
        let head = v.head.clone();
        assert!(check(&lines, Some(&head)).is_intact());

        // A changed torn line no longer matches what sealed it.
        let mut changed = lines.clone();
        changed[1][3] ^= 1;
        let v = check(&changed, None);
        assert_eq!(
            v.first.map(|p| (p.line, p.fault)),
            Some((2, Fault::NotARecord))
        );
        assert!(v.sealed.is_empty());

        // A change to the line before the tear is caught across it.
        let mut record = Record::parse(&lines[0]).unwrap();
        record.operator = "mallory".into();
        let mut before = lines.clone();
        before[0] = record.line().unwrap();
        let v = check(&before, None);
        assert_eq!(v.first.map(|p| (p.line, p.fault)), Some((1, Fault::Edited)));

        // Garbage that no record names stays a break.
        let mut garbage = lines.clone();
        garbage.insert(3, b"not a record\n".to_vec());
        assert!(!check(&garbage, None).is_intact());
    }

    #[test]
    fn a_cut_tail_is_caught_only_against_an_anchor() {
        let mut lines = log(5);
        let anchor = line_hash(&lines[3]);
        assert_eq!(check(&lines, Some(&anchor)).anchor.unwrap().line, Some(4));
        lines.truncate(3);
        assert!(check(&lines, None).is_intact());
        let v = check(&lines, Some(&anchor));
        assert_eq!(
            v.first.map(|p| (p.line, p.fault)),
            Some((4, Fault::AnchorMissing))
        );
        assert!(check(&lines, Some(GENESIS)).is_intact());
    }
}
