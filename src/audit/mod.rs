//! The tamper-evident audit log (spec §7): every run that reads profiles
//! appends one JSON line per chunk of customers, chained by SHA-256 and
//! holding customers only as keyed hashes, before any output is released.
//! `cuecard audit verify`, `head` and `report` read it back.
//!
//! The stages follow the files: `paths` (where the log and key live) →
//! `key` (the per-install HMAC key) → `record` (one line's fields) →
//! `append` (locked, chained, synced write) → `ledger` (the `app::Ledger`
//! that turns a chunk into a record); and for reading: `chain` (hashes) →
//! `verify` (the first bad line) → `runs` (records grouped) → `flags`
//! (misuse patterns) → `report` (activity and flags) → `report_table` →
//! `command` (the `cuecard audit` subcommands and their output).

mod append;
pub mod chain;
mod command;
mod flags;
pub mod key;
mod ledger;
pub mod paths;
pub mod record;
pub mod report;
mod report_table;
mod runs;
pub mod verify;

pub use append::append;
pub use chain::{line_hash, sha256_hex, GENESIS};
pub use command::command;
pub use ledger::AuditLog;
pub use record::Record;
