//! The misuse flags, one function per pattern; each flag says why it
//! fired, with the threshold from `[audit.alerts]` (0 turns one off). Runs
//! on synthetic profiles only, or that read nobody at all (a missing
//! file, a run that failed), are never flagged: they read no one.

use chrono::{FixedOffset, Timelike};
use serde::Serialize;

use super::runs::{stamp, Read, Run, Runs};
use crate::config::Alerts;

/// The patterns flagged.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FlagKind {
    BulkRead,
    RepeatRead,
    ManyOperators,
    ExplainSingle,
    UnusualHours,
}

impl FlagKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FlagKind::BulkRead => "bulk_read",
            FlagKind::RepeatRead => "repeat_read",
            FlagKind::ManyOperators => "many_operators",
            FlagKind::ExplainSingle => "explain_single",
            FlagKind::UnusualHours => "unusual_hours",
        }
    }
}

/// One flag and why it fired.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flag {
    pub kind: FlagKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The customer's keyed hash, for flags about one customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// When the (last) run concerned started, in the report's time zone.
    pub at: String,
    pub why: String,
}

/// Every flag over `runs`, by kind, then time.
pub(super) fn flags(runs: &Runs, alerts: &Alerts, offset: FixedOffset) -> Vec<Flag> {
    let mut flags = Vec::new();
    // A run that read nobody (a missing file, a failed run) is not a read.
    for run in runs
        .runs
        .iter()
        .filter(|r| !r.synthetic && !r.subjects.is_empty())
    {
        flags.extend(bulk_read(runs, run, alerts.bulk_read_subjects));
        flags.extend(explain_single(runs, run, alerts.explain_subjects));
        flags.extend(unusual_hours(runs, run, alerts.unusual_hours, offset));
    }
    let real: Vec<Read> = runs
        .reads
        .iter()
        .filter(|r| !runs.runs[r.run as usize].synthetic)
        .copied()
        .collect();
    flags.extend(repeat_reads(runs, &real, alerts.repeat_reads));
    flags.extend(many_operators(runs, &real, alerts.many_operators));
    flags.sort_by(|a, b| (a.kind, &a.at).cmp(&(b.kind, &b.at)));
    flags
}

fn run_flag(kind: FlagKind, runs: &Runs, run: &Run, why: String) -> Flag {
    Flag {
        kind,
        operator: Some(runs.operator(run).to_string()),
        subject: None,
        run: Some(run.id.clone()),
        at: stamp(run.start),
        why,
    }
}

fn bulk_read(runs: &Runs, run: &Run, threshold: usize) -> Option<Flag> {
    let n = run.subjects.len();
    (threshold > 0 && !run.manifest && n >= threshold).then(|| {
        let why = format!(
            "read {n} customers in one run outside a manifest (flagged at {threshold} or more)"
        );
        run_flag(FlagKind::BulkRead, runs, run, why)
    })
}

fn explain_single(runs: &Runs, run: &Run, threshold: usize) -> Option<Flag> {
    let n = run.subjects.len();
    (threshold > 0 && run.command == "explain" && (1..=threshold).contains(&n)).then(|| {
        let why = format!(
            "ran `explain` on {n} real customer{} (flagged at {threshold} or fewer)",
            if n == 1 { "" } else { "s" }
        );
        run_flag(FlagKind::ExplainSingle, runs, run, why)
    })
}

/// Whether `hour` is in `[from, to)`, wrapping past midnight.
fn within(hour: u32, from: u32, to: u32) -> bool {
    if from <= to {
        (from..to).contains(&hour)
    } else {
        hour >= from || hour < to
    }
}

fn unusual_hours(runs: &Runs, run: &Run, [from, to]: [u8; 2], offset: FixedOffset) -> Option<Flag> {
    let (from, to) = (u32::from(from), u32::from(to));
    within(run.start.hour(), from, to).then(|| {
        let why = format!(
            "ran at {} ({offset}), within unusual hours {from:02}:00 to {to:02}:00",
            run.start.format("%H:%M")
        );
        run_flag(FlagKind::UnusualHours, runs, run, why)
    })
}

/// The same customer read by one operator in `threshold` runs or more.
fn repeat_reads(runs: &Runs, reads: &[Read], threshold: usize) -> Vec<Flag> {
    if threshold == 0 {
        return Vec::new();
    }
    reads
        .chunk_by(|a, b| (a.subject, a.operator) == (b.subject, b.operator))
        .filter(|group| group.len() >= threshold)
        .map(|group| {
            let (first, last) = (&group[0], &group[group.len() - 1]);
            let when = |r: &Read| stamp(runs.runs[r.run as usize].start);
            Flag {
                kind: FlagKind::RepeatRead,
                operator: Some(runs.operators[first.operator as usize].clone()),
                subject: Some(runs.subject(first.subject)),
                run: None,
                why: format!(
                    "read the same customer in {} runs, from {} to {} (flagged at {threshold} or more)",
                    group.len(),
                    when(first),
                    when(last)
                ),
                at: when(last),
            }
        })
        .collect()
}

/// One customer read by `threshold` operators or more.
fn many_operators(runs: &Runs, reads: &[Read], threshold: usize) -> Vec<Flag> {
    if threshold == 0 {
        return Vec::new();
    }
    reads
        .chunk_by(|a, b| a.subject == b.subject)
        .filter_map(|group| {
            let mut operators: Vec<u32> = group.iter().map(|r| r.operator).collect();
            operators.dedup();
            let last = group.iter().map(|r| r.run).max()?;
            (operators.len() >= threshold).then(|| {
                let mut names: Vec<&str> = operators
                    .iter()
                    .map(|o| runs.operators[*o as usize].as_str())
                    .collect();
                names.sort_unstable();
                Flag {
                    kind: FlagKind::ManyOperators,
                    operator: None,
                    subject: Some(runs.subject(group[0].subject)),
                    run: None,
                    at: stamp(runs.runs[last as usize].start),
                    why: format!(
                        "read by {} operators: {} (flagged at {threshold} or more)",
                        names.len(),
                        names.join(", ")
                    ),
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_wrap_past_midnight() {
        assert!(within(23, 22, 6) && within(0, 22, 6) && within(5, 22, 6));
        assert!(!within(6, 22, 6) && !within(21, 22, 6));
        assert!(within(9, 9, 17) && !within(17, 9, 17));
        assert!((0..24).all(|h| !within(h, 7, 7)));
        assert!((0..24).all(|h| within(h, 0, 24)));
    }
}
