//! What every loader hands on: [`Event`]s, to a [`Sink`], with error paths
//! joined one way ([`join_path`]).

use super::profile::{Profile, Shift};
use crate::error::InputError;

/// What a loader reports, in input order.
pub(crate) enum Event {
    /// A new input starts; manifests bring their `[shift]`.
    Begin { input: String, shift: Option<Shift> },
    /// One customer, with the 1-based line it starts on (for streams).
    Profile(Box<Profile>),
    /// Lines of a stream, in order, not parsed yet: the receiver parses
    /// them (in parallel) with [`parse_line`].
    Lines { input: String, lines: Batch },
    /// A bad input or record; the loader goes on with the next record.
    Error(InputError),
}

/// Receives events; returning an error stops loading (e.g. a closed pipe).
pub(crate) type Sink<'a> = dyn FnMut(Event) -> anyhow::Result<()> + 'a;

/// `customers[3]` + `loyalty.tier` → `customers[3].loyalty.tier`; the
/// path library writes `.` for the root.
pub(super) fn join_path(prefix: &str, path: &str) -> String {
    let path = if path == "." {
        String::new()
    } else {
        crate::error::plain_path(path)
    };
    match (prefix.is_empty(), path.is_empty()) {
        (_, true) => prefix.to_string(),
        (true, false) => path.clone(),
        (false, false) => format!("{prefix}.{path}"),
    }
}

/// Lines of a stream, not parsed yet, read into one buffer (one allocation
/// a batch rather than one a line).
#[derive(Default)]
pub(crate) struct Batch {
    pub(super) bytes: Vec<u8>,
    /// Each line's 1-based number and where it lies in `bytes`.
    pub(super) lines: Vec<(usize, std::ops::Range<usize>)>,
}

impl Batch {
    /// How many lines there are, blank ones included (one customer each,
    /// near enough, for deciding when threads are worth starting).
    pub(crate) fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The lines, in order.
    pub(crate) fn lines(&self) -> impl Iterator<Item = RawLine<'_>> {
        self.lines.iter().map(|(number, at)| RawLine {
            number: *number,
            bytes: &self.bytes[at.clone()],
        })
    }
}

/// One line of a stream, not parsed yet.
pub(crate) struct RawLine<'a> {
    pub number: usize,
    pub bytes: &'a [u8],
}
