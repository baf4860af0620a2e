//! The wording layer: the phrase [`bank`] (built-in and configured
//! phrasings, grouped for lookup), the [`slots`] a phrasing may use (one
//! table of their facts), the [`lint`] every phrasing and group must pass
//! (the machine-checkable part of `docs/wording.md`), and [`fill`]ing a
//! chosen phrasing into a finished cue. English-specific words live in
//! [`crate::locale::en`].

pub mod bank;
pub mod fill;
pub mod lint;
pub mod slots;

pub use bank::{builtin_entries, Bank, PhraseEntry, Variant};
pub use fill::fill;
pub use lint::Problem;
pub use slots::{SlotWords, Slots};

/// Longest cue, in words (principle 6).
pub const MAX_WORDS: usize = 20;
