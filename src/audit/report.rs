//! The misuse report: records grouped into runs, activity per operator
//! (runs, customers read, purposes) and flags for the patterns of misuse a
//! privacy lead looks for, each with the reason it fired. Thresholds come
//! from `[audit.alerts]`; runs on synthetic profiles only are never flagged.
//! Operator names and purposes were typed by people: they are sanitised
//! here, so that no format passes escape sequences on.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Timelike};
use serde::Serialize;

use super::record::Record;
use crate::config::Alerts;
use crate::render::sanitize::sanitize;

/// Activity and flags over a log (or the part since a date).
#[derive(Serialize, Debug)]
pub struct Report {
    /// `YYYY-MM-DD`.
    pub since: Option<String>,
    pub utc_offset: String,
    pub records: usize,
    /// Lines skipped because they are not records (see `audit verify`).
    pub unreadable: usize,
    pub runs: usize,
    pub operators: Vec<Activity>,
    pub flags: Vec<Flag>,
}

/// What one operator did.
#[derive(Serialize, Debug, Default)]
pub struct Activity {
    pub operator: String,
    pub runs: usize,
    /// Distinct customers read (keyed hashes), in all runs.
    pub customers: usize,
    pub explain_runs: usize,
    pub outside_manifest_runs: usize,
    pub synthetic_runs: usize,
    pub first_run: String,
    pub last_run: String,
    pub purposes: Vec<PurposeCount>,
}

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct PurposeCount {
    pub purpose: Option<String>,
    pub runs: usize,
}

/// The patterns flagged.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    BulkRead,
    RepeatRead,
    ManyOperators,
    ExplainSingle,
    UnusualHours,
}

impl FlagKind {
    pub fn as_str(self) -> &'static str {
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
pub struct Flag {
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

/// One run: its records merged.
struct Run {
    id: String,
    operator: String,
    command: String,
    purpose: Option<String>,
    start: DateTime<FixedOffset>,
    subjects: BTreeSet<String>,
    manifest: bool,
    synthetic: bool,
}

/// Builds the report from the log's records (`None`: an unreadable line).
pub fn report(
    lines: impl IntoIterator<Item = Option<Record>>,
    alerts: &Alerts,
    since: Option<NaiveDate>,
) -> Report {
    // The config check has parsed it already; UTC is only a fallback.
    let offset = alerts.utc_offset.parse().unwrap_or(chrono::Utc.fix());
    let (runs, records, unreadable) = group(lines, offset, since);
    let flags = flags(&runs, alerts, offset);
    Report {
        since: since.map(|d| d.format("%Y-%m-%d").to_string()),
        utc_offset: offset.to_string(),
        records,
        unreadable,
        runs: runs.len(),
        operators: activity(&runs),
        flags,
    }
}

/// Records into runs, in order of start; with the counts of records kept
/// and of lines that were not records.
fn group(
    lines: impl IntoIterator<Item = Option<Record>>,
    offset: FixedOffset,
    since: Option<NaiveDate>,
) -> (Vec<Run>, usize, usize) {
    let (mut runs, mut records, mut unreadable) = (BTreeMap::<String, Run>::new(), 0, 0);
    for record in lines {
        let Some((r, ts)) = record.and_then(|r| {
            let ts = DateTime::parse_from_rfc3339(&r.ts)
                .ok()?
                .with_timezone(&offset);
            Some((r, ts))
        }) else {
            unreadable += 1;
            continue;
        };
        if since.is_some_and(|day| ts.date_naive() < day) {
            continue;
        }
        records += 1;
        let run = runs.entry(r.run.clone()).or_insert_with(|| Run {
            id: sanitize(&r.run).into_owned(),
            operator: sanitize(&r.operator).into_owned(),
            command: r.command.clone(),
            purpose: r.purpose.as_deref().map(|p| sanitize(p).into_owned()),
            start: ts,
            subjects: BTreeSet::new(),
            manifest: true,
            synthetic: true,
        });
        run.start = run.start.min(ts);
        run.subjects.extend(r.subjects);
        run.manifest &= r.manifest;
        run.synthetic &= r.synthetic;
    }
    let mut runs: Vec<Run> = runs.into_values().collect();
    runs.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    (runs, records, unreadable)
}

/// One operator's runs being counted.
#[derive(Default)]
struct Tally<'a> {
    activity: Activity,
    customers: BTreeSet<&'a str>,
    purposes: BTreeMap<Option<&'a str>, usize>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, run: &'a Run) {
        let a = &mut self.activity;
        a.runs += 1;
        a.explain_runs += usize::from(run.command == "explain");
        a.outside_manifest_runs += usize::from(!run.manifest);
        a.synthetic_runs += usize::from(run.synthetic);
        if a.first_run.is_empty() {
            a.first_run = stamp(run.start);
        }
        a.last_run = stamp(run.start);
        self.customers
            .extend(run.subjects.iter().map(String::as_str));
        *self.purposes.entry(run.purpose.as_deref()).or_default() += 1;
    }

    fn finish(self, operator: &str) -> Activity {
        let mut purposes: Vec<PurposeCount> = self
            .purposes
            .into_iter()
            .map(|(p, runs)| PurposeCount {
                purpose: p.map(str::to_string),
                runs,
            })
            .collect();
        purposes.sort_by_key(|p| std::cmp::Reverse(p.runs));
        Activity {
            operator: operator.to_string(),
            customers: self.customers.len(),
            purposes,
            ..self.activity
        }
    }
}

fn activity(runs: &[Run]) -> Vec<Activity> {
    let mut by: BTreeMap<&str, Tally<'_>> = BTreeMap::new();
    for run in runs {
        by.entry(&run.operator).or_default().add(run);
    }
    by.into_iter().map(|(op, tally)| tally.finish(op)).collect()
}

fn flags(runs: &[Run], alerts: &Alerts, offset: FixedOffset) -> Vec<Flag> {
    let real: Vec<&Run> = runs.iter().filter(|r| !r.synthetic).collect();
    let mut flags = Vec::new();
    for run in &real {
        flags.extend(bulk_read(run, alerts.bulk_read_subjects));
        flags.extend(explain_single(run, alerts.explain_subjects));
        flags.extend(unusual_hours(run, alerts.unusual_hours, offset));
    }
    flags.extend(repeat_reads(&real, alerts.repeat_reads));
    flags.extend(many_operators(&real, alerts.many_operators));
    flags.sort_by(|a, b| (a.kind, &a.at, &a.operator).cmp(&(b.kind, &b.at, &b.operator)));
    flags
}

fn run_flag(kind: FlagKind, run: &Run, why: String) -> Flag {
    Flag {
        kind,
        operator: Some(run.operator.clone()),
        subject: None,
        run: Some(run.id.clone()),
        at: stamp(run.start),
        why,
    }
}

fn bulk_read(run: &Run, threshold: usize) -> Option<Flag> {
    let n = run.subjects.len();
    (threshold > 0 && !run.manifest && n >= threshold).then(|| {
        let why = format!(
            "read {n} customers in one run outside a manifest (flagged at {threshold} or more)"
        );
        run_flag(FlagKind::BulkRead, run, why)
    })
}

fn explain_single(run: &Run, threshold: usize) -> Option<Flag> {
    let n = run.subjects.len();
    (threshold > 0 && run.command == "explain" && (1..=threshold).contains(&n)).then(|| {
        let why = format!(
            "ran `explain` on {n} real customer{} (flagged at {threshold} or fewer)",
            if n == 1 { "" } else { "s" }
        );
        run_flag(FlagKind::ExplainSingle, run, why)
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

fn unusual_hours(run: &Run, [from, to]: [u8; 2], offset: FixedOffset) -> Option<Flag> {
    let (from_h, to_h) = (u32::from(from), u32::from(to));
    within(run.start.hour(), from_h, to_h).then(|| {
        let why = format!(
            "ran at {} ({offset}), within unusual hours {from_h:02}:00 to {to_h:02}:00",
            run.start.format("%H:%M")
        );
        run_flag(FlagKind::UnusualHours, run, why)
    })
}

fn repeat_reads(runs: &[&Run], threshold: usize) -> Vec<Flag> {
    let mut reads: BTreeMap<(&str, &str), Vec<&Run>> = BTreeMap::new();
    for run in runs {
        for subject in &run.subjects {
            reads.entry((&run.operator, subject)).or_default().push(run);
        }
    }
    reads
        .into_iter()
        .filter(|(_, runs)| threshold > 0 && runs.len() >= threshold)
        .map(|((operator, subject), runs)| Flag {
            kind: FlagKind::RepeatRead,
            operator: Some(operator.to_string()),
            subject: Some(subject.to_string()),
            run: None,
            at: runs.last().map_or_else(String::new, |r| stamp(r.start)),
            why: format!(
                "read the same customer in {} runs, from {} to {} (flagged at {threshold} or more)",
                runs.len(),
                runs.first().map_or_else(String::new, |r| stamp(r.start)),
                runs.last().map_or_else(String::new, |r| stamp(r.start)),
            ),
        })
        .collect()
}

fn many_operators(runs: &[&Run], threshold: usize) -> Vec<Flag> {
    let mut readers: BTreeMap<&str, (BTreeSet<&str>, &Run)> = BTreeMap::new();
    for run in runs {
        for subject in &run.subjects {
            let entry = readers
                .entry(subject)
                .or_insert_with(|| (BTreeSet::new(), run));
            entry.0.insert(&run.operator);
            entry.1 = run;
        }
    }
    readers
        .into_iter()
        .filter(|(_, (ops, _))| threshold > 0 && ops.len() >= threshold)
        .map(|(subject, (ops, last))| Flag {
            kind: FlagKind::ManyOperators,
            operator: None,
            subject: Some(subject.to_string()),
            run: None,
            at: stamp(last.start),
            why: format!(
                "read by {} operators: {} (flagged at {threshold} or more)",
                ops.len(),
                ops.into_iter().collect::<Vec<_>>().join(", ")
            ),
        })
        .collect()
}

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
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
