//! The log's records grouped into runs (a streaming run writes several),
//! with operators and customers numbered, and every read of a customer in
//! a run listed and sorted: the reads of one customer, and of one customer
//! by one operator, then lie side by side. That keeps the report fast on
//! a million reads, where maps of sets of strings are not.
//!
//! Operator names and purposes were typed by people: they are sanitised
//! here, so that no output format passes escape sequences on.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::record::Record;
use crate::render::sanitize::sanitize;

/// One run: its records merged.
pub struct Run {
    pub id: String,
    /// Index into [`Runs::operators`].
    pub operator: u32,
    pub command: String,
    pub purpose: Option<String>,
    pub start: DateTime<FixedOffset>,
    /// Indices into [`Runs::subjects`], sorted, without repeats.
    pub subjects: Vec<u32>,
    pub manifest: bool,
    pub synthetic: bool,
}

/// One customer read in one run.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Read {
    pub subject: u32,
    pub operator: u32,
    /// Index into [`Runs::runs`] (in order of time).
    pub run: u32,
}

/// A log's runs, in order of start.
#[derive(Default)]
pub struct Runs {
    pub runs: Vec<Run>,
    pub operators: Vec<String>,
    /// Keyed hashes as written in the log.
    pub subjects: Vec<String>,
    /// Every read, sorted by customer, operator, then time.
    pub reads: Vec<Read>,
    /// Records kept (after `since`).
    pub records: usize,
    /// Lines that are not records.
    pub unreadable: usize,
}

impl Runs {
    pub fn operator(&self, run: &Run) -> &str {
        &self.operators[run.operator as usize]
    }
}

/// Groups records into runs; `since` drops records before that date.
pub fn group(
    lines: impl IntoIterator<Item = Option<Record>>,
    offset: FixedOffset,
    since: Option<NaiveDate>,
) -> Runs {
    let mut names = Names::default();
    let mut by_id: HashMap<String, Run> = HashMap::new();
    let (mut records, mut unreadable) = (0, 0);
    for line in lines {
        let Some((r, ts)) = line.and_then(|r| {
            let ts = DateTime::parse_from_rfc3339(&r.ts).ok()?;
            Some((r, ts.with_timezone(&offset)))
        }) else {
            unreadable += 1;
            continue;
        };
        if since.is_some_and(|day| ts.date_naive() < day) {
            continue;
        }
        records += 1;
        merge(&mut by_id, &mut names, r, ts);
    }
    let mut runs: Vec<Run> = by_id.into_values().collect();
    runs.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    for run in &mut runs {
        run.subjects.sort_unstable();
        run.subjects.dedup();
    }
    Runs {
        reads: reads(&runs),
        runs,
        operators: names.operators.names,
        subjects: names.subjects.names,
        records,
        unreadable,
    }
}

fn merge(
    by_id: &mut HashMap<String, Run>,
    names: &mut Names,
    r: Record,
    ts: DateTime<FixedOffset>,
) {
    let run = by_id.entry(r.run.clone()).or_insert_with(|| Run {
        id: sanitize(&r.run).into_owned(),
        operator: names.operators.id(&sanitize(&r.operator)),
        command: r.command.clone(),
        purpose: r.purpose.as_deref().map(|p| sanitize(p).into_owned()),
        start: ts,
        subjects: Vec::new(),
        manifest: true,
        synthetic: true,
    });
    run.start = run.start.min(ts);
    run.manifest &= r.manifest;
    run.synthetic &= r.synthetic;
    for subject in &r.subjects {
        run.subjects.push(names.subjects.id(&sanitize(subject)));
    }
}

fn reads(runs: &[Run]) -> Vec<Read> {
    let mut reads: Vec<Read> = Vec::with_capacity(runs.iter().map(|r| r.subjects.len()).sum());
    for (i, run) in runs.iter().enumerate() {
        let run_index = u32::try_from(i).unwrap_or(u32::MAX);
        reads.extend(run.subjects.iter().map(|&subject| Read {
            subject,
            operator: run.operator,
            run: run_index,
        }));
    }
    reads.sort_unstable();
    reads
}

#[derive(Default)]
struct Names {
    operators: Interned,
    subjects: Interned,
}

/// Names numbered in order of first sight.
#[derive(Default)]
struct Interned {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interned {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }
}

/// A time as the report shows it.
pub fn stamp(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}
