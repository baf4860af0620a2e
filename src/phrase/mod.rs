//! The wording layer: the phrase [`bank`] (built-in and configured
//! phrasings, grouped for lookup), the [`slots`] a phrasing may use (one
//! table of their facts), the [`lint`] every phrasing and group must pass
//! (the machine-checkable part of `docs/wording.md`), and [`fill`]ing a
//! chosen phrasing into a finished cue. English-specific words live in
//! [`crate::locale::en`].

pub(crate) mod bank;
pub(crate) mod fill;
pub(crate) mod greetings;
pub(crate) mod lint;
pub(crate) mod slots;

pub(crate) use bank::{builtin_entries, Bank, PhraseEntry, Variant};
pub(crate) use fill::fill;
pub(crate) use slots::{SlotWords, Slots};
