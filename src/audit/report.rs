//! The misuse report: activity per operator (runs, customers read,
//! purposes) and flags for the patterns of misuse a privacy lead looks
//! for, each with the reason it fired (`flags`), over the log's records
//! grouped into runs (`runs`). Thresholds come from `[audit.alerts]`.

use chrono::{FixedOffset, NaiveDate, Offset};
use serde::Serialize;

use super::flags::{flags, Flag};
use super::record::Record;
use super::runs::{group, stamp, Runs};
use crate::config::Alerts;

/// Activity and flags over a log (or the part since a date).
#[derive(Serialize, Debug)]
pub(crate) struct Report {
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
pub(crate) struct Activity {
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
pub(crate) struct PurposeCount {
    pub purpose: Option<String>,
    pub runs: usize,
}

/// Builds the report from the log's records (`None`: an unreadable line).
pub(crate) fn report(
    lines: impl IntoIterator<Item = Option<Record>>,
    alerts: &Alerts,
    since: Option<NaiveDate>,
) -> Report {
    // The config check has parsed it already; UTC is only a fallback.
    let offset: FixedOffset = alerts.utc_offset.parse().unwrap_or(chrono::Utc.fix());
    let runs = group(lines, offset, since);
    Report {
        since: since.map(|d| d.format("%Y-%m-%d").to_string()),
        utc_offset: offset.to_string(),
        records: runs.records,
        unreadable: runs.unreadable,
        runs: runs.runs.len(),
        operators: activity(&runs),
        flags: flags(&runs, alerts, offset),
    }
}

/// Per operator, in order of name.
fn activity(runs: &Runs) -> Vec<Activity> {
    let mut tallies: Vec<Activity> = runs
        .operators
        .iter()
        .map(|name| Activity {
            operator: name.clone(),
            ..Activity::default()
        })
        .collect();
    for run in &runs.runs {
        let a = &mut tallies[run.operator as usize];
        a.runs += 1;
        a.explain_runs += usize::from(run.command == "explain");
        a.outside_manifest_runs += usize::from(!run.manifest);
        a.synthetic_runs += usize::from(run.synthetic);
        if a.first_run.is_empty() {
            a.first_run = stamp(run.start);
        }
        a.last_run = stamp(run.start);
        count_purpose(&mut a.purposes, run.purpose.as_deref());
    }
    for read in runs
        .reads
        .chunk_by(|a, b| (a.subject, a.operator) == (b.subject, b.operator))
    {
        tallies[read[0].operator as usize].customers += 1;
    }
    for a in &mut tallies {
        a.purposes.sort_by_key(|p| std::cmp::Reverse(p.runs));
    }
    tallies.sort_by(|a, b| a.operator.cmp(&b.operator));
    tallies
}

fn count_purpose(purposes: &mut Vec<PurposeCount>, purpose: Option<&str>) {
    match purposes
        .iter_mut()
        .find(|p| p.purpose.as_deref() == purpose)
    {
        Some(p) => p.runs += 1,
        None => purposes.push(PurposeCount {
            purpose: purpose.map(str::to_string),
            runs: 1,
        }),
    }
}
