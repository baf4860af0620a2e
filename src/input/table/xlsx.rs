//! A guard for .xlsx workbooks, run before calamine opens one: calamine
//! reads a workbook's shared strings, styles and relationships whole as it
//! opens the file, so a file of a megabyte whose parts unpack to gigabytes
//! could fill memory before a sheet is read. Each part is unpacked here
//! first as a stream, and counted, not kept.

use std::io::{self, BufReader, Cursor, Read};

use quick_xml::events::Event;

use super::limits::{MAX_CELLS, MAX_WORKBOOK_TEXT, XLSX_UNPACKED_PER_BYTE};

/// Refuses an .xlsx whose parts unpack to more than
/// [`XLSX_UNPACKED_PER_BYTE`] times the input limit `max_bytes` (and never
/// more than [`MAX_WORKBOOK_TEXT`]), or whose shared strings are more than
/// one for every 16 of those bytes (and never more than [`MAX_CELLS`]).
/// A file that is not a zip is left to calamine, which refuses it.
pub(super) fn check(workbook: &[u8], max_bytes: usize) -> Result<(), String> {
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_mul(XLSX_UNPACKED_PER_BYTE)
        .min(MAX_WORKBOOK_TEXT);
    let most_strings = usize::try_from(limit / 16)
        .unwrap_or(usize::MAX)
        .min(MAX_CELLS);
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(workbook)) else {
        return Ok(());
    };
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let shared = part.name().eq_ignore_ascii_case("xl/sharedStrings.xml");
        let budget = limit + 1 - unpacked;
        let mut part = part.take(budget);
        if shared {
            shared_strings(&mut part, most_strings)?;
        }
        // The rest, counted; a part that does not unpack is calamine's to
        // refuse if it reads it, and what it gave still counts.
        let _ = io::copy(&mut part, &mut io::sink());
        unpacked += budget - part.limit();
        if unpacked > limit {
            return Err(format!(
                "it unpacks to more than {limit} bytes ({XLSX_UNPACKED_PER_BYTE} × `limits.max_input_bytes`, at most {MAX_WORKBOOK_TEXT})"
            ));
        }
    }
    Ok(())
}

/// Counts the shared strings (`<si>` elements, as calamine reads them)
/// as the part is unpacked, up to the end of its XML or its first fault.
fn shared_strings(part: &mut impl Read, most: usize) -> Result<(), String> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    // calamine's settings, so both see the same elements.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut strings = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"si" => {
                strings += 1;
                if strings > most {
                    return Err(format!(
                        "it holds more than {most} shared strings (one for every 16 bytes it may unpack to, at most {MAX_CELLS})"
                    ));
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}
