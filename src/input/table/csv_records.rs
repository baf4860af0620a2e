//! A CSV or TSV file's records, parsed by `csv_core` (the `csv` crate's
//! own parser) into two buffers kept from row to row: every row is then
//! copied once, into its [`Record`](super::record::Record), and nothing
//! is allocated to read it.
//!
//! Reading the parser's output directly also gives each row's size as it
//! is read, so a row that never ends (a stray quote in a huge file) stops
//! at the limit instead of filling memory; and counts the quotes, since an
//! odd number at the end means the last row never closed its quote.

use std::io::{self, BufRead};

use csv_core::ReadRecordResult;

/// Records, read one at a time.
pub(crate) struct Records {
    source: Box<dyn BufRead>,
    parser: csv_core::Reader,
    /// The current record's cells, end to end, and where each ends.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    quoting: bool,
    quotes: u64,
    /// How many bytes of the file one row may take before reading stops.
    max_row: u64,
    done: bool,
}

/// One record as the file gives it.
pub(crate) struct Raw<'a> {
    /// The line it starts on (blank lines before it count to the last
    /// record, as the `csv` crate counts them).
    pub(crate) line: usize,
    pub(crate) bytes: &'a [u8],
    pub(crate) ends: &'a [usize],
}

/// Why reading stopped.
pub(crate) enum Stop {
    /// The file could not be read.
    Io(io::ErrorKind),
    /// A row ran past the limit; it starts on this line.
    RowTooLong(usize),
}

/// How far past the limit a row may run before reading stops (a row
/// over the limit that ends sooner is refused on its own, and reading
/// goes on).
const SLACK: u64 = 1 << 16;

impl Records {
    pub(crate) fn new(
        source: Box<dyn BufRead>,
        delimiter: u8,
        quoting: bool,
        max_bytes: usize,
    ) -> Records {
        let parser = csv_core::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(quoting)
            .build();
        Records {
            source,
            parser,
            bytes: vec![0; 1 << 12],
            ends: vec![0; 1 << 7],
            quoting,
            quotes: 0,
            max_row: u64::try_from(max_bytes)
                .unwrap_or(u64::MAX)
                .saturating_add(SLACK),
            done: false,
        }
    }

    /// The next record, if there is one.
    pub(crate) fn next(&mut self) -> Result<Option<Raw<'_>>, Stop> {
        if self.done {
            return Ok(None);
        }
        let line = usize::try_from(self.parser.line()).unwrap_or(usize::MAX);
        let (mut row, mut written, mut cells) = (0u64, 0, 0);
        loop {
            let input = match self.source.fill_buf() {
                Ok(input) => input,
                Err(err) => {
                    self.done = true;
                    return Err(Stop::Io(err.kind()));
                }
            };
            let (result, read, wrote, ended) =
                self.parser
                    .read_record(input, &mut self.bytes[written..], &mut self.ends[cells..]);
            self.quotes += memchr::memchr_iter(b'"', &input[..read]).count() as u64;
            self.source.consume(read);
            row += read as u64;
            written += wrote;
            cells += ended;
            match result {
                ReadRecordResult::InputEmpty if row > self.max_row => {
                    self.done = true;
                    return Err(Stop::RowTooLong(line));
                }
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => grow(&mut self.bytes),
                ReadRecordResult::OutputEndsFull => grow(&mut self.ends),
                ReadRecordResult::Record => {
                    return Ok(Some(Raw {
                        line,
                        bytes: &self.bytes[..written],
                        ends: &self.ends[..cells],
                    }))
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(None);
                }
            }
        }
    }

    /// Whether a quote opened in what was read was never closed (the last
    /// row then swallowed the rest of the file).
    pub(crate) fn unclosed_quote(&self) -> bool {
        self.quoting && self.quotes % 2 == 1
    }
}

fn grow<T: Default + Clone>(buffer: &mut Vec<T>) {
    buffer.resize(buffer.len() * 2, T::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record as (line, cells), as this reader reads `input`.
    fn ours(input: &[u8], quoting: bool, chunk: usize) -> Vec<(usize, Vec<Vec<u8>>)> {
        let source = io::BufReader::with_capacity(chunk, io::Cursor::new(input.to_vec()));
        let mut records = Records::new(Box::new(source), b',', quoting, usize::MAX);
        let mut all = Vec::new();
        while let Ok(Some(raw)) = records.next() {
            let cells = std::iter::once(0)
                .chain(raw.ends.iter().copied())
                .zip(raw.ends)
                .map(|(start, &end)| raw.bytes[start..end].to_vec())
                .collect();
            all.push((raw.line, cells));
        }
        all
    }

    /// The same, as the `csv` crate's reader reads it.
    fn theirs(input: &[u8], quoting: bool) -> Vec<(usize, Vec<Vec<u8>>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .quoting(quoting)
            .from_reader(input);
        let mut all = Vec::new();
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let line = record.position().map_or(0, |p| p.line() as usize);
            all.push((line, record.iter().map(<[u8]>::to_vec).collect()));
        }
        all
    }

    proptest::proptest! {
        /// Records, cells and line numbers are the `csv` crate's own, for
        /// any bytes (quotes, blank lines, CR, a byte-order mark, bytes that
        /// are not UTF-8), read in any size of chunk (from 3 bytes: a
        /// byte-order mark split between two reads is not seen as one).
        #[test]
        fn records_are_read_as_the_csv_crate_reads_them(
            bytes in proptest::collection::vec(proptest::sample::select(
                &[b'a', b'b', b',', b'"', b'\n', b'\r', b' ', 0xC3, 0xA9, 0xEF, 0xBB, 0xBF][..]), 0..200),
            quoting in proptest::prelude::any::<bool>(),
            chunk in 3..70usize,
        ) {
            proptest::prop_assert_eq!(ours(&bytes, quoting, chunk), theirs(&bytes, quoting));
        }
    }

    #[test]
    fn a_row_that_never_ends_stops_at_the_limit() {
        let mut input = b"a,b\n\"open".to_vec();
        input.resize(300_000, b'x');
        let mut records = Records::new(Box::new(io::Cursor::new(input)), b',', true, 1_000);
        assert!(matches!(records.next(), Ok(Some(raw)) if raw.ends.len() == 2));
        assert!(matches!(records.next(), Err(Stop::RowTooLong(2))));
        assert!(matches!(records.next(), Ok(None)));
        assert!(records.unclosed_quote());
    }
}
