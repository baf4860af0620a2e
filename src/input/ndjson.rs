//! NDJSON streams (spec §2.3): one JSON profile per line, read and handed on
//! line by line so memory stays flat however long the stream is. A bad line
//! is reported with its line number and the next line is read.

use std::io::BufRead;

use super::event::{Event, Lines, Parsed, Sink, Unparsed};
use super::profile::Profile;
use crate::error::InputError;

/// Lines handed on at a time: enough to share between cores, few enough
/// that output keeps flowing and that a batch's profiles and cues stay in
/// a core's cache between its stages. At 512 the same stream took a fifth
/// more CPU on two cores; 64 and 128 were alike.
const BATCH: usize = 128;

pub(super) fn load(
    input: &str,
    mut reader: impl BufRead,
    max_bytes: usize,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let mut batch = Lines::default();
    let mut line_no = 0usize;
    loop {
        line_no += 1;
        let start = batch.bytes.len();
        let problem = match read_line(&mut reader, &mut batch.bytes, max_bytes) {
            Ok(Line::End) => break,
            Ok(Line::Read) => {
                batch.lines.push((line_no, start..batch.bytes.len()));
                None
            }
            Ok(Line::TooLong) => Some(
                InputError::new(
                    input,
                    format!("line longer than the limit of {max_bytes} bytes (`limits.max_input_bytes`)"),
                )
                .at(Some((line_no, 1))),
            ),
            Err(err) => Some(InputError {
                unreadable: true,
                ..InputError::new(input, format!("could not read: {}", err.kind())).at(Some((line_no, 1)))
            }),
        };
        if problem.is_some() {
            batch.bytes.truncate(start);
        }
        if batch.lines.len() >= BATCH || problem.is_some() {
            flush(input, &mut batch, sink)?;
        }
        if let Some(problem) = problem {
            let stop = problem.unreadable;
            sink(Event::Error(problem))?;
            if stop {
                return Ok(());
            }
        }
    }
    flush(input, &mut batch, sink)
}

fn flush(input: &str, batch: &mut Lines, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    if batch.lines.is_empty() {
        return Ok(());
    }
    // The next batch gets room for as much as this one held, so its
    // buffer is not grown (and copied) line by line.
    let room = batch.bytes.len() + batch.bytes.len() / 8;
    let lines = std::mem::take(batch);
    batch.bytes.reserve(room);
    batch.lines.reserve(BATCH);
    sink(Event::Batch {
        input: input.to_string(),
        batch: Box::new(lines),
    })
}

enum Line {
    Read,
    TooLong,
    End,
}

/// Reads one line into `buf`, or skips it whole if it exceeds `max_bytes`.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max_bytes: usize,
) -> std::io::Result<Line> {
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let n = std::io::Read::take(&mut *reader, limit).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(Line::End);
    }
    if n > max_bytes && buf.last() != Some(&b'\n') {
        skip_rest_of_line(reader)?;
        return Ok(Line::TooLong);
    }
    Ok(Line::Read)
}

fn skip_rest_of_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        if let Some(i) = chunk.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(());
        }
        let n = chunk.len();
        reader.consume(n);
    }
}

impl Unparsed for Lines {
    fn len(&self) -> usize {
        self.lines.len()
    }

    fn read(self: Box<Self>, input: &str, each: &mut dyn FnMut(Parsed)) {
        self.lines()
            .filter_map(|line| parse_line(input, line.number, line.bytes))
            .for_each(each);
    }
}

/// Parses one stream line: `None` for a blank line.
fn parse_line(
    input: &str,
    line_no: usize,
    bytes: &[u8],
) -> Option<Result<Box<Profile>, InputError>> {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let bytes = if line_no == 1 {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    } else {
        bytes
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let column = String::from_utf8_lossy(&bytes[..err.valid_up_to()])
                .chars()
                .count()
                + 1;
            return Some(Err(
                InputError::new(input, "invalid UTF-8").at(Some((line_no, column)))
            ));
        }
    };
    Some(super::json_doc::parse::<Profile>(input, text, || (line_no, 1), "").map(Box::new))
}
