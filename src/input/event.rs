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
    /// Customers read but not parsed yet (stream lines, table rows), in
    /// order: the receiver parses them, in parallel, with [`Batch::read`].
    Batch { input: String, batch: Batch },
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

/// Customers of one input, read but not parsed yet (stream lines, table
/// rows): parsing is most of a customer's cost, so it is done on the
/// workers, not on the thread that reads.
pub(crate) type Batch = Box<dyn Unparsed>;

/// A parsed customer, or why their record cannot be read.
pub(crate) type Parsed = Result<Box<Profile>, InputError>;

/// A batch of customers not parsed yet.
pub(crate) trait Unparsed: Send {
    /// How many customers there are, near enough (blank lines count), for
    /// deciding when threads are worth starting.
    fn len(&self) -> usize;

    /// Parses each customer, in order, handing each on.
    fn read(self: Box<Self>, input: &str, each: &mut dyn FnMut(Parsed));
}

/// Lines of a stream, not parsed yet, read into one buffer (one allocation
/// a batch rather than one a line).
#[derive(Default)]
pub(crate) struct Lines {
    pub(super) bytes: Vec<u8>,
    /// Each line's 1-based number and where it lies in `bytes`.
    pub(super) lines: Vec<(usize, std::ops::Range<usize>)>,
}

impl Lines {
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
