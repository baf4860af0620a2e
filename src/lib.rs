//! cuecard: turns customer profiles into a few short, natural cues for
//! front-line staff, never exposing restricted data.
//!
//! The pipeline follows the files: `input` (load) → `classify` (every field
//! to a rung or a reason to withhold) → `plan` (rules, consent, familiarity,
//! order) → `phrase` (bank, variation; English in `locale`) → `briefing` (the
//! output model) → `render` (table, JSON, NDJSON, Markdown). `settings` is
//! the one place flags, environment and config meet; `audit` keeps the
//! tamper-evident record of every run that reads profiles.
//!
//! The library never prints: output goes to the writers `main` hands in.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod audit;
pub mod brief;
pub mod briefing;
mod check;
pub mod classify;
pub mod cli;
pub mod config;
mod drive;
pub mod error;
pub mod explain;
pub mod input;
pub mod locale;
pub mod phrase;
mod pipeline;
pub mod plan;
mod progress;
pub mod render;
pub mod restricted;
pub mod sample;
mod schema;
pub mod settings;
mod shell;
pub mod ssr;
pub mod variation;
pub mod vocab;

pub use app::run;
pub use error::{code_of, Code};
pub use pipeline::WORTH_A_THREAD;
