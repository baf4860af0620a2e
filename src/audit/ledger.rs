//! The audit log as the run's [`Ledger`]: each chunk of customers becomes
//! one record, appended before the chunk's output is released.

use std::path::PathBuf;

use super::key::Key;
use super::paths::{check_apart, key_path, log_path};
use super::record::{Record, VERSION};
use crate::app::{Chunk, Ledger};
use crate::error::{Code, Fail};
use crate::settings::{Env, Settings};

/// The longest `--operator` and `--purpose` recorded, in characters.
const MAX_NOTE: usize = 200;

/// Appends a run's records to the audit log.
pub struct AuditLog {
    path: PathBuf,
    key: Key,
    /// The fields every record of this run shares.
    base: Record,
}

impl AuditLog {
    /// Resolves the log and key (creating the key on first use) and opens
    /// the log once, so that a run that cannot be audited fails before it
    /// reads anything. `command` is `brief` or `explain`.
    pub fn open(settings: &Settings, env: &Env, command: &str) -> anyhow::Result<AuditLog> {
        let audit = &settings.config.audit;
        let path = log_path(audit, env)?;
        let key_file = key_path(audit, env)?;
        check_apart(&path, &key_file)?;
        check_note("--operator", Some(&settings.operator))?;
        check_note("--purpose", settings.purpose_note.as_deref())?;
        let key = Key::load_or_create(&key_file)?;
        super::append::open(&path).map_err(|e| {
            Fail::new(
                Code::Audit,
                format!("could not open the audit log `{}`: {e}", path.display()),
            )
        })?;
        Ok(AuditLog {
            path,
            key,
            base: base(settings, command)?,
        })
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
    fn subjects(&self) -> crate::app::Subjects {
        let key = self.key.clone();
        std::sync::Arc::new(move |id| key.subject(id))
    }

    fn record(&mut self, chunk: &Chunk) -> anyhow::Result<()> {
        let mut record = self.record_for(chunk);
        super::append(&self.path, &mut record).map(|_| ())
    }
}

fn base(settings: &Settings, command: &str) -> anyhow::Result<Record> {
    let mut run = [0u8; 8];
    getrandom::fill(&mut run)
        .map_err(|e| Fail::new(Code::Audit, format!("no randomness for a run id: {e}")))?;
    Ok(Record {
        v: VERSION,
        seq: 0,
        ts: String::new(),
        run: super::chain::hex(&run),
        part: 0,
        operator: settings.operator.clone(),
        purpose: settings.purpose_note.clone(),
        command: command.to_string(),
        inputs: Vec::new(),
        manifest: false,
        config_sha256: settings.config.digest.clone(),
        subjects: Vec::new(),
        subject_count: 0,
        cue_count: 0,
        withheld: Default::default(),
        errors: 0,
        synthetic: false,
        prev: String::new(),
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
