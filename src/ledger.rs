//! The contract between the run loop and the audit log: the run loop hands
//! a [`Ledger`] one [`Chunk`] of customers at a time, and releases that
//! chunk's output only once the ledger has recorded it. The audit log
//! (`audit::AuditLog`) is one ledger; [`NoLedger`] keeps nothing.

use std::sync::Arc;

/// Customers per audit record when a run streams: a record stays
/// bounded and nothing reaches stdout before the record that covers it.
pub const CHUNK: usize = 10_000;

/// Where a run's accountability goes: one record per chunk of customers,
/// written before that chunk's output is released.
pub(crate) trait Ledger: Send + Sync {
    fn record(&mut self, chunk: &Chunk) -> anyhow::Result<()>;

    /// How a customer id is kept in a chunk: the audit log's keyed hash.
    /// Pure, so it is worked out on the `--jobs` threads.
    fn subjects(&self) -> Subjects {
        Arc::new(|_| Subject::default())
    }
}

/// Turns a customer id into what a [`Chunk`] keeps of it.
pub(crate) type Subjects = Arc<dyn Fn(&str) -> Subject + Send + Sync>;

/// A customer as an audit record knows them: the first 64 bits of the
/// keyed hash of their id, written as 16 hex digits. Kept as a number on
/// the way, so a chunk of 10,000 is sorted and counted without strings.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Subject(pub u64);

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// A ledger that keeps nothing (audit disabled in the config).
pub(crate) struct NoLedger;

impl Ledger for NoLedger {
    fn record(&mut self, _chunk: &Chunk) -> anyhow::Result<()> {
        Ok(())
    }
}

/// What one audit record covers. Customer ids stay in memory only; a
/// ledger stores them as keyed hashes.
#[derive(Default, Debug)]
pub(crate) struct Chunk {
    pub subjects: Vec<Subject>,
    pub cues: usize,
    pub withheld: std::collections::BTreeMap<&'static str, usize>,
    pub errors: usize,
    pub all_synthetic: bool,
    /// The inputs this chunk covers, named as given (`<stdin>` for `-`).
    pub inputs: Vec<String>,
    /// Whether every customer in it came from a manifest (a shift).
    pub all_manifest: bool,
    /// Whether the input being read is a manifest.
    in_manifest: bool,
}

impl Chunk {
    /// Whether there is anything for a record to cover.
    pub(crate) fn covers_anything(&self) -> bool {
        !self.subjects.is_empty() || self.errors > 0
    }

    /// A new input starts; inputs that gave this chunk nothing so far
    /// (one carried over from the last chunk, an empty file) are dropped.
    pub(crate) fn begin(&mut self, input: &str, manifest: bool) {
        if self.subjects.is_empty() && self.errors == 0 {
            self.inputs.clear();
        }
        self.inputs.push(input.to_string());
        self.in_manifest = manifest;
    }

    /// The next chunk: the same input goes on.
    pub(crate) fn next(&self) -> Chunk {
        Chunk {
            inputs: self.inputs.last().cloned().into_iter().collect(),
            in_manifest: self.in_manifest,
            ..Chunk::default()
        }
    }

    /// One more customer, by its `subject` (see [`Ledger::subject`]).
    pub(crate) fn add(&mut self, subject: Subject, tally: &Tally) {
        if self.subjects.is_empty() {
            self.all_synthetic = true;
            self.all_manifest = true;
        }
        self.all_synthetic &= tally.synthetic;
        self.all_manifest &= self.in_manifest;
        self.subjects.push(subject);
        self.cues += tally.cues;
        for &(kind, n) in &tally.withheld {
            *self.withheld.entry(kind).or_default() += n;
        }
    }
}

/// What one customer adds to a [`Chunk`], counted on the thread that
/// briefed them.
pub(crate) struct Tally {
    pub synthetic: bool,
    pub cues: usize,
    /// Withheld fields by reason, each reason once.
    pub withheld: Vec<(&'static str, usize)>,
}

/// Writes the record of `chunk`, unless it covers nothing.
pub(crate) fn record(chunk: &Chunk, ledger: &mut dyn Ledger) -> anyhow::Result<()> {
    if chunk.covers_anything() {
        ledger.record(chunk)?;
    }
    Ok(())
}
