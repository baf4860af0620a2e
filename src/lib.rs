//! cuecard: turns customer profiles into a few short, natural cues for
//! front-line staff, never exposing restricted data.
//!
//! Edges run one way, top to bottom (README, Architecture; checked by
//! `tests/architecture.rs`):
//!
//! - `commands` (one file per command) → `run` (the run loop) → `settings`
//!   (the one place flags, environment and config meet) → `cli` (flags);
//! - the run loop drives the stages: `input` (load) → `briefer` (one
//!   customer: `classify` → `plan` → `phrase`) → `render` (staff formats,
//!   which see only the `model`) or `explain` (its own model and formats),
//!   with `ledger` (what the run owes the audit) and `audit` (the log);
//! - at the bottom, the output `model` (with `SafeText`), `vocab` (shared
//!   words), `locale`, `config`, `error`, `env`, `pool` (worker threads).
//!
//! The library never prints: output goes to the writers `main` hands in.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod audit;
mod briefer;
mod classify;
pub mod cli;
mod commands;
mod config;
mod digest;
mod env;
mod error;
mod explain;
mod input;
mod ledger;
mod locale;
mod model;
mod phrase;
mod plan;
mod pool;
mod render;
mod restricted;
mod run;
mod sample;
mod service_codes;
mod settings;
mod variation;
mod vocab;

pub use commands::run;
pub use env::Env;
pub use error::{code_of, earned_code, is_broken_pipe, with_earned, Code};
pub use phrase::lint::filled_faults;
pub use vocab::{Rule, Setting};

/// The sizes a run works in, for tests and tools that check them.
pub mod limits {
    /// Customers per audit record when a run streams.
    pub use crate::ledger::CHUNK;
    /// Customers a run sends the workers before it starts threads.
    pub use crate::pool::WORTH_A_THREAD;
    /// Customers per page of the table.
    pub use crate::render::PAGE;
}

/// The audit log's record format and hashes, for tools that check a log.
pub mod audit_log {
    pub use crate::audit::{hex, line_hash, sha256_hex, Key, Record, GENESIS};
}
