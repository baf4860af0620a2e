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
use crate::model::sanitize;

/// One run: its records merged.
pub(super) struct Run {
    pub id: String,
    /// Index into [`Runs::operators`].
    pub operator: u32,
    pub command: String,
    pub purpose: Option<String>,
    pub start: DateTime<FixedOffset>,
    /// Customers read, sorted, without repeats.
    pub subjects: Vec<Subject>,
    pub manifest: bool,
    pub synthetic: bool,
}

/// A customer: their keyed hash (16 hex digits) read as a number, so that
/// a million of them need no strings; anything else a hand-edited line
/// holds is numbered past every hash.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Subject(u128);

const OTHER: u128 = 1 << 64;

/// One customer read in one run.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Read {
    pub subject: Subject,
    pub operator: u32,
    /// Index into [`Runs::runs`] (in order of time).
    pub run: u32,
}

/// A log's runs, in order of start.
#[derive(Default)]
pub(super) struct Runs {
    pub runs: Vec<Run>,
    pub operators: Vec<String>,
    /// Subjects that are not keyed hashes, by number past [`OTHER`].
    others: Vec<String>,
    /// Every read, sorted by customer, operator, then time.
    pub reads: Vec<Read>,
    /// Records kept (after `since`).
    pub records: usize,
    /// Lines that are not records.
    pub unreadable: usize,
}

impl Runs {
    pub(super) fn operator(&self, run: &Run) -> &str {
        &self.operators[run.operator as usize]
    }

    /// A subject as the log wrote it.
    pub(super) fn subject(&self, subject: Subject) -> String {
        match subject.0.checked_sub(OTHER) {
            Some(i) => usize::try_from(i)
                .ok()
                .and_then(|i| self.others.get(i))
                .cloned()
                .unwrap_or_default(),
            None => format!("{:016x}", subject.0),
        }
    }
}

/// Groups records into runs; `since` drops records before that date.
pub(super) fn group(
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
        others: names.others.names,
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
        run.subjects.push(names.subject(subject));
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
    others: Interned,
}

impl Names {
    fn subject(&mut self, text: &str) -> Subject {
        let hex = text.len() == 16 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        match u64::from_str_radix(text, 16) {
            Ok(value) if hex => Subject(u128::from(value)),
            _ => Subject(OTHER + u128::from(self.others.id(&sanitize(text)))),
        }
    }
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
pub(super) fn stamp(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::record::sample;

    #[test]
    fn runs_merge_their_records_and_subjects_read_back() {
        let mut a = sample(1, "");
        a.subjects = vec!["00000000000000ff".into(), "not a hash\u{1b}".into()];
        let mut b = sample(2, "");
        b.subjects = vec!["00000000000000ff".into(), "ffffffffffffffff".into()];
        b.manifest = false;
        let utc = chrono::FixedOffset::east_opt(0).unwrap();
        let runs = group([Some(a), None, Some(b)], utc, None);
        assert_eq!((runs.records, runs.unreadable, runs.runs.len()), (2, 1, 1));
        let run = &runs.runs[0];
        assert!(!run.manifest);
        let shown: Vec<String> = run.subjects.iter().map(|s| runs.subject(*s)).collect();
        assert_eq!(
            shown,
            ["00000000000000ff", "ffffffffffffffff", "not a hash\\u{1b}"]
        );
        assert_eq!(runs.reads.len(), 3);
    }
}
