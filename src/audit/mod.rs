//! The tamper-evident audit log (spec §7): every run that reads profiles
//! appends one JSON line per chunk of customers, chained by SHA-256 and
//! holding customers only as keyed hashes, before any output is released.
//! `cuecard audit verify`, `head` and `report` read it back.
//!
//! The stages follow the files: `paths` (where the log and key live) →
//! `key` (the per-install HMAC key) → `record` (one line's fields) →
//! `append` (locked, chained, synced write) → `ledger` (the
//! `crate::ledger::Ledger` that turns a chunk into a record); and for
//! reading: `chain` (hashes) → `verify` (the first bad line) → `runs`
//! (records grouped) → `flags` (misuse patterns) → `report` (activity and
//! flags) → `report_table`. The `cuecard audit` command itself is
//! `commands/audit.rs`.

mod append;
pub(crate) mod chain;
mod flags;
pub(crate) mod key;
mod ledger;
pub(crate) mod paths;
pub(crate) mod record;
pub(crate) mod report;
pub(crate) mod report_table;
mod runs;
pub(crate) mod verify;

pub use chain::{hex, line_hash, sha256_hex, GENESIS};
pub use key::Key;
pub(crate) use ledger::{AuditLog, RunNote};
pub use record::Record;
