//! Output held back until the ledger has recorded the customers it covers,
//! and written out in few system calls.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use crate::ledger::{record, Chunk, Ledger};

/// Output held back until the ledger has recorded what it covers: the
/// renderer's writes, and customers rendered on the `--jobs` threads, kept
/// as the buffers they were rendered into rather than copied again.
#[derive(Clone, Default)]
pub(crate) struct Held(Rc<RefCell<Vec<Vec<u8>>>>);

impl Write for Held {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Small writes gather into parts of a few KiB; a large one (a
        // table's page) is a part of its own. Gathered into one growing
        // part, a table was copied again each time that part grew.
        const PART: usize = 1 << 12;
        let mut parts = self.0.borrow_mut();
        match parts.last_mut() {
            Some(last) if last.len() < PART && buf.len() < PART => last.extend_from_slice(buf),
            _ => parts.push(buf.to_vec()),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Held {
    /// Holds an already rendered piece, in order after what came before.
    pub(crate) fn push(&self, bytes: Vec<u8>) {
        self.0.borrow_mut().push(bytes);
    }

    /// Records `chunk`, then releases the held output to `out`.
    pub(crate) fn release(
        &self,
        chunk: &mut Chunk,
        ledger: &mut dyn Ledger,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        record(chunk, ledger)?;
        *chunk = chunk.next();
        self.write_to(out)
    }

    /// Releases the held output to `out`; its record must be written.
    pub(crate) fn write_to(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let parts = std::mem::take(&mut *self.0.borrow_mut());
        write_parts(out, &parts)?;
        Ok(())
    }
}

/// Writes every part in order, many per system call (`writev`), instead of
/// copying each into the output buffer first: on a stream this runs on the
/// thread that keeps input order, and the copy was its largest cost.
fn write_parts(out: &mut dyn Write, parts: &[Vec<u8>]) -> io::Result<()> {
    // Well under the usual IOV_MAX of 1024.
    for group in parts.chunks(512) {
        let mut slices: Vec<io::IoSlice<'_>> = group.iter().map(|p| io::IoSlice::new(p)).collect();
        let mut rest = &mut slices[..];
        // Drops leading empty parts, so that `Ok(0)` below can only mean
        // the writer took nothing.
        io::IoSlice::advance_slices(&mut rest, 0);
        while !rest.is_empty() {
            match out.write_vectored(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => io::IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// A finished batch's bytes as they are held for output: up to `held`
/// they are held already; up to `end`, customers counted since.
#[derive(Default)]
pub(super) struct Writing {
    bytes: Vec<u8>,
    held: usize,
    pub(super) end: usize,
}

impl Writing {
    pub(super) fn new(bytes: Vec<u8>) -> Writing {
        Writing {
            bytes,
            held: 0,
            end: 0,
        }
    }

    /// Holds what the customers counted so far rendered (a copy: this
    /// happens at an audit chunk's end or before an error, rarely).
    pub(super) fn hold_to_end(&mut self, held: &Held) {
        if self.end > self.held {
            held.push(self.bytes[self.held..self.end].to_vec());
            self.held = self.end;
        }
    }

    /// Holds the rest of the batch, whole when nothing was held from it.
    pub(super) fn hold_rest(&mut self, held: &Held) {
        let bytes = std::mem::take(&mut self.bytes);
        if self.held == 0 && !bytes.is_empty() {
            held.push(bytes);
        } else if self.held < bytes.len() {
            held.push(bytes[self.held..].to_vec());
        }
        *self = Writing::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::NoLedger;

    fn release(held: &Held) -> Vec<u8> {
        let mut out = Vec::new();
        held.release(&mut Chunk::default(), &mut NoLedger, &mut out)
            .unwrap();
        out
    }

    /// A finished batch is cut where an audit chunk ends: what is released
    /// with the chunk is exactly the customers counted in it.
    #[test]
    fn a_chunk_releases_only_the_customers_counted_in_it() {
        let held = Held::default();
        let mut batch = Writing::new(b"aaabbbccc".to_vec());
        batch.end = 3;
        batch.hold_to_end(&held);
        assert_eq!(release(&held), b"aaa");
        batch.end = 6;
        batch.hold_to_end(&held);
        batch.end = 9;
        batch.hold_rest(&held);
        assert_eq!(release(&held), b"bbbccc");
        // A batch nothing was cut from is held whole, as it came.
        let mut whole = Writing::new(b"dd".to_vec());
        whole.end = 2;
        whole.hold_rest(&held);
        assert_eq!(release(&held), b"dd");
    }

    #[test]
    fn held_writes_keep_their_order_and_a_large_one_is_a_part_of_its_own() {
        let mut held = Held::default();
        let page = vec![b'p'; 5000];
        for piece in [&b"a"[..], b"b", &page, b"c"] {
            held.write_all(piece).unwrap();
        }
        let parts = held.0.borrow();
        let lens: Vec<usize> = parts.iter().map(Vec::len).collect();
        assert_eq!(lens, [2, 5000, 1]);
        assert_eq!(parts.concat(), [&b"ab"[..], &page, b"c"].concat());
    }
}
