//! The audit log as the run's [`Ledger`]: each chunk of customers becomes
//! one record, appended before the chunk's output is released.

use std::path::PathBuf;

use super::key::Key;
use super::paths::{check_apart, key_path, log_path};
use super::record::{Record, VERSION};
use crate::config::Audit;
use crate::env::Env;
use crate::error::{Code, Fail};
use crate::ledger::{Chunk, Ledger, Subjects};

/// The longest `--operator` and `--purpose` recorded, in characters.
const MAX_NOTE: usize = 200;

/// What every record of a run says about it.
pub(crate) struct RunNote<'a> {
    /// `brief` or `explain`.
    pub(crate) command: &'a str,
    pub(crate) operator: &'a str,
    pub(crate) purpose: Option<&'a str>,
    /// The SHA-256 of the config the run used.
    pub(crate) config_sha256: &'a str,
}

/// Appends a run's records to the audit log.
pub(crate) struct AuditLog {
    /// What this run made: the log, the key, both (the first run on this
    /// machine) or neither.
    made: (bool, bool),
    key_path: PathBuf,
    path: PathBuf,
    key: Key,
    /// The fields every record of this run shares.
    base: Record,
}

impl AuditLog {
    /// Resolves the log and key (creating the key on first use) and opens
    /// the log once, so that a run that cannot be audited fails before it
    /// reads anything.
    pub(crate) fn open(audit: &Audit, env: &Env, note: &RunNote<'_>) -> anyhow::Result<AuditLog> {
        let path = log_path(audit, env)?;
        let key_file = key_path(audit, env)?;
        check_apart(&path, &key_file)?;
        check_note("--operator", Some(note.operator))?;
        check_note("--purpose", note.purpose)?;
        let made = (!path.exists(), !key_file.exists());
        let key = Key::load_or_create(&key_file)?;
        super::append::open(&path).map_err(|e| {
            Fail::new(
                Code::Audit,
                format!("could not open the audit log `{}`: {e}", path.display()),
            )
        })?;
        Ok(AuditLog {
            made,
            key_path: key_file.clone(),
            path,
            key,
            base: base(note)?,
        })
    }

    /// What a run that made the log or its key tells its user, once.
    pub(crate) fn first_use(&self) -> Option<String> {
        let (log, key) = (self.path.display(), self.key_path.display());
        let recorded =
            "every run that reads customers is recorded there (`cuecard audit report` shows them)";
        match self.made {
            (true, true) => Some(format!("created the audit log `{log}` and its key: {recorded}")),
            (true, false) => Some(format!("created the audit log `{log}`: {recorded}")),
            (false, true) => Some(format!("created a new audit key `{key}`: customers read from now on are kept in `{log}` under it")),
            (false, false) => None,
        }
    }

    fn record_for(&mut self, chunk: &Chunk) -> Record {
        self.base.part += 1;
        // Subjects arrive hashed (see `subject` below).
        let mut subjects = chunk.subjects.clone();
        subjects.sort_unstable();
        subjects.dedup();
        let subjects: Vec<String> = subjects.iter().map(ToString::to_string).collect();
        Record {
            ts: now(),
            inputs: chunk.inputs.clone(),
            manifest: chunk.all_manifest,
            subject_count: subjects.len(),
            subjects,
            cue_count: chunk.cues,
            withheld: chunk
                .withheld
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            errors: chunk.errors,
            synthetic: chunk.all_synthetic,
            ..self.base.clone()
        }
    }
}

impl Ledger for AuditLog {
    fn subjects(&self) -> Subjects {
        let key = self.key.clone();
        std::sync::Arc::new(move |id| key.subject(id))
    }

    fn record(&mut self, chunk: &Chunk) -> anyhow::Result<()> {
        let mut record = self.record_for(chunk);
        super::append::append(&self.path, &mut record).map(|_| ())
    }
}

fn base(note: &RunNote<'_>) -> anyhow::Result<Record> {
    let mut run = [0u8; 8];
    getrandom::fill(&mut run)
        .map_err(|e| Fail::new(Code::Audit, format!("no randomness for a run id: {e}")))?;
    Ok(Record {
        v: VERSION,
        seq: 0,
        ts: String::new(),
        run: super::chain::hex(&run),
        part: 0,
        operator: note.operator.to_string(),
        purpose: note.purpose.map(str::to_string),
        command: note.command.to_string(),
        inputs: Vec::new(),
        manifest: false,
        config_sha256: note.config_sha256.to_string(),
        subjects: Vec::new(),
        subject_count: 0,
        cue_count: 0,
        withheld: Default::default(),
        errors: 0,
        synthetic: false,
        prev: String::new(),
        sealed: None,
    })
}

/// Keeps records bounded: a long note is refused, not cut.
fn check_note(flag: &str, note: Option<&str>) -> anyhow::Result<()> {
    match note {
        Some(n) if n.chars().count() > MAX_NOTE => Err(Fail::new(
            Code::Usage,
            format!("{flag} is longer than {MAX_NOTE} characters"),
        )),
        _ => Ok(()),
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
