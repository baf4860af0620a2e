//! A guard for .ods workbooks, run before calamine opens one: calamine
//! reads every sheet of an .ods whole as it opens the file, writing each
//! repeated cell or row out, so a file of a few hundred bytes can ask for
//! billions of cells. What it would build is counted here, not built.

use std::io::{self, BufReader, Cursor, Read};

use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_WORKBOOK_TEXT, NOT_A_WORKBOOK};

/// The most rows an .ods sheet may have, blank ones included: the last row
/// calamine can number (its grid's places are `u32`).
const MAX_ROW: u64 = u32::MAX as u64;

/// Refuses an .ods that calamine would lay out past the limits. calamine
/// reads every sheet of an .ods whole as it opens the file, writing each
/// `table:number-columns-repeated` and `table:number-rows-repeated` out as
/// that many cells, so a file of a few hundred bytes can ask for billions.
/// Its content.xml is read here first as a stream, as calamine reads it,
/// and what it would come to is counted, not built. A file that is not a
/// zip holding a content.xml (an .xlsx) is left to calamine.
pub(super) fn check(workbook: &[u8]) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(workbook)) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml =
        quick_xml::Reader::from_reader(BufReader::new(content.take(MAX_WORKBOOK_TEXT + 1)));
    // calamine's settings, so both see the same elements.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let counted = OdsTally::default().workbook(&mut xml);
    if xml.buffer_position() > MAX_WORKBOOK_TEXT {
        return Err(format!(
            "its content.xml unpacks to more than {MAX_WORKBOOK_TEXT} bytes"
        ));
    }
    counted
}

type OdsXml<'z> = quick_xml::Reader<BufReader<io::Take<zip::read::ZipFile<'z, Cursor<&'z [u8]>>>>>;

/// What calamine would hold for an .ods, over all its sheets.
#[derive(Default)]
struct OdsTally {
    /// Cells of the rows as read, before rows are repeated.
    read: u64,
    /// Cells of the sheets' grids: rows repeated, and each row as wide as
    /// the sheet's rightmost cell.
    grid: u64,
    /// Bytes of the cells' text (their XML, as an upper bound), repeats
    /// included; a number or a yes/no holds none.
    text: u64,
}

/// Where a sheet's rows with cells are, as its rows are read.
#[derive(Default)]
struct OdsSheet {
    /// Rows so far, blank or not.
    rows: u64,
    /// Rows from the first with a cell to the last so far.
    span: u64,
    /// Rows without cells since the last with one.
    gap: u64,
    /// One past the rightmost cell.
    width: u64,
}

/// One row as calamine would read it.
struct OdsRow {
    /// Cells it keeps: up to its last, blank ones before a cell included.
    kept: u64,
    /// The column of its last cell with a value, if any has one.
    last: Option<u64>,
    /// Bytes of its cells' text, column repeats included.
    text: u64,
}

/// Any fault in the XML: calamine would not read it either (or, for an
/// element that never ends, would never stop reading).
fn ods_unreadable<E>(_: E) -> String {
    NOT_A_WORKBOOK.to_string()
}

fn ods_is(name: quick_xml::name::QName<'_>, wanted: &[&[u8]]) -> bool {
    wanted.contains(&name.as_ref())
}

impl OdsTally {
    /// Each sheet, as calamine finds them: a `table:table` with a name.
    fn workbook(mut self, xml: &mut OdsXml<'_>) -> Result<(), String> {
        use quick_xml::events::Event;
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf).map_err(ods_unreadable)? {
                Event::Start(e) if ods_is(e.name(), &[b"table:table"]) => {
                    let name = e.try_get_attribute(b"table:name").map_err(ods_unreadable)?;
                    if let Some(name) = name {
                        let name = name.decode_and_unescape_value(xml.decoder());
                        let name = name.map_err(ods_unreadable)?.to_string();
                        self.sheet(xml, &name)?;
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    /// A sheet's rows (in row groups too), up to its end.
    fn sheet(&mut self, xml: &mut OdsXml<'_>, name: &str) -> Result<(), String> {
        use quick_xml::events::Event;
        let mut sheet = OdsSheet::default();
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf).map_err(ods_unreadable)? {
                Event::Start(e) if ods_is(e.name(), &[b"table:table-row"]) => {
                    let repeats = ods_count(&e, b"table:number-rows-repeated", xml)?;
                    let row = ods_row(xml)?;
                    self.add(&mut sheet, &row, repeats)
                        .map_err(|why| format!("sheet `{name}` {why}"))?;
                }
                Event::End(e) if ods_is(e.name(), &[b"table:table"]) => {
                    self.grid = self
                        .grid
                        .saturating_add(sheet.span.saturating_mul(sheet.width));
                    return Ok(());
                }
                // calamine would read on for ever.
                Event::Eof => return Err(NOT_A_WORKBOOK.to_string()),
                _ => {}
            }
            buf.clear();
        }
    }

    /// Counts a row, `repeats` times, and says which limit it passes.
    fn add(&mut self, sheet: &mut OdsSheet, row: &OdsRow, repeats: u64) -> Result<(), String> {
        self.read = self.read.saturating_add(row.kept);
        self.text = self.text.saturating_add(row.text.saturating_mul(repeats));
        // calamine adds up blank rows' repeats unchecked (a panic, in a
        // debug build, past 2^64); no spreadsheet has this many rows.
        sheet.rows = sheet.rows.saturating_add(repeats);
        if sheet.rows > MAX_ROW {
            return Err(format!("has rows beyond row {MAX_ROW}"));
        }
        let Some(last) = row.last else {
            // A blank row is laid out only between rows with cells.
            if sheet.span > 0 {
                sheet.gap = sheet.gap.saturating_add(repeats);
            }
            return self.within(sheet);
        };
        if last >= u64::from(MAX_COLUMNS) {
            return Err(format!("has a cell beyond column {MAX_COLUMNS}"));
        }
        sheet.span = sheet.span.saturating_add(sheet.gap).saturating_add(repeats);
        sheet.gap = 0;
        sheet.width = sheet.width.max(last + 1);
        self.within(sheet)
    }

    /// Whether the workbook, with the sheet being read, stays within the
    /// limits.
    fn within(&self, sheet: &OdsSheet) -> Result<(), String> {
        let cells = MAX_CELLS as u64;
        let grid = self
            .grid
            .saturating_add(sheet.span.saturating_mul(sheet.width));
        if self.read > cells || grid > cells {
            Err(format!(
                "would span more than {MAX_CELLS} cells once its repeated cells are written out"
            ))
        } else if self.text > MAX_WORKBOOK_TEXT {
            Err(format!(
                "would hold more than {MAX_WORKBOOK_TEXT} bytes of text once its repeated cells are written out"
            ))
        } else {
            Ok(())
        }
    }
}

/// A cell's elements, as calamine names them.
const ODS_CELLS: &[&[u8]] = &[b"table:table-cell", b"table:covered-table-cell"];

/// A count an element gives in `key` (1 if none), as calamine reads it.
fn ods_count(
    e: &quick_xml::events::BytesStart<'_>,
    key: &[u8],
    xml: &OdsXml<'_>,
) -> Result<u64, String> {
    match e.try_get_attribute(key).map_err(ods_unreadable)? {
        None => Ok(1),
        Some(a) => a
            .decode_and_unescape_value(xml.decoder())
            .map_err(ods_unreadable)?
            .parse()
            .map_err(ods_unreadable),
    }
}

/// A row's cells, up to its end. calamine refuses anything else in a row.
fn ods_row(xml: &mut OdsXml<'_>) -> Result<OdsRow, String> {
    use quick_xml::events::Event;
    let mut row = OdsRow {
        kept: 0,
        last: None,
        text: 0,
    };
    // The column the next cell starts at.
    let mut at: u64 = 0;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(ods_unreadable)? {
            Event::Start(e) if ods_is(e.name(), ODS_CELLS) => {
                let repeats = ods_count(&e, b"table:number-columns-repeated", xml)?;
                let cell = ods_cell(&e)?;
                let tag = e.len() as u64;
                let bytes = tag.saturating_add(ods_cell_content(xml, e.name(), cell.text_inside)?);
                let text = if cell.holds_text { bytes } else { 0 };
                // Blank cells are written out when any cell follows them.
                row.kept = at;
                if cell.valued && repeats > 0 {
                    row.kept = at.saturating_add(repeats);
                    row.last = Some(row.kept - 1);
                    row.text = row.text.saturating_add(text.saturating_mul(repeats));
                }
                at = at.saturating_add(repeats);
            }
            Event::End(e) if ods_is(e.name(), &[b"table:table-row"]) => return Ok(row),
            _ => return Err(NOT_A_WORKBOOK.to_string()),
        }
        buf.clear();
    }
}

/// A cell as calamine reads it.
struct OdsCell {
    /// It has a value or a formula, so calamine keeps it.
    valued: bool,
    /// Its text is read from inside it (a string cell with no
    /// `office:string-value`).
    text_inside: bool,
    /// It holds text (a string, a date or time kept as text, a formula):
    /// each copy of it is that text again.
    holds_text: bool,
}

/// What a cell is, from its attributes as calamine reads them (a
/// value-type after a value is not looked at).
fn ods_cell(e: &quick_xml::events::BytesStart<'_>) -> Result<OdsCell, String> {
    let (mut value, mut string, mut text, mut formula) = (false, false, false, false);
    for a in e.attributes() {
        let a = a.map_err(ods_unreadable)?;
        match a.key.as_ref() {
            b"office:value" | b"office:boolean-value" => value = true,
            b"office:string-value" | b"office:date-value" | b"office:time-value" => {
                (value, text) = (true, true);
            }
            b"office:value-type" if !value => string = &*a.value == b"string",
            b"table:formula" => formula = !a.value.is_empty(),
            _ => {}
        }
    }
    Ok(OdsCell {
        valued: value || string || formula,
        text_inside: string && !value,
        holds_text: text || string || formula,
    })
}

/// Reads past a cell's content as calamine does; the bytes it spans, and
/// the spaces its `text:s` elements stand for.
fn ods_cell_content(
    xml: &mut OdsXml<'_>,
    name: quick_xml::name::QName<'_>,
    text_inside: bool,
) -> Result<u64, String> {
    let from = xml.buffer_position();
    let spaces = if text_inside {
        ods_text(xml)?
    } else {
        let mut buf = Vec::new();
        xml.read_to_end_into(name, &mut buf)
            .map_err(ods_unreadable)?;
        0
    };
    Ok((xml.buffer_position() - from).saturating_add(spaces))
}

/// A string cell's text, up to the first cell end (as calamine stops);
/// the spaces its `text:s` elements stand for.
fn ods_text(xml: &mut OdsXml<'_>) -> Result<u64, String> {
    use quick_xml::events::Event;
    let mut spaces: u64 = 0;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(ods_unreadable)? {
            Event::End(e) if ods_is(e.name(), ODS_CELLS) => return Ok(spaces),
            Event::Start(e) if ods_is(e.name(), &[b"text:s"]) => {
                spaces = spaces.saturating_add(ods_count(&e, b"text:c", xml)?);
            }
            Event::Start(e) if ods_is(e.name(), &[b"office:annotation"]) => {
                ods_annotation(xml)?;
            }
            Event::Eof => return Err(NOT_A_WORKBOOK.to_string()),
            _ => {}
        }
        buf.clear();
    }
}

/// Reads past a note on a cell. One that never ends would keep calamine
/// reading forever.
fn ods_annotation(xml: &mut OdsXml<'_>) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(ods_unreadable)? {
            Event::End(e) if ods_is(e.name(), &[b"office:annotation"]) => return Ok(()),
            Event::Eof => return Err(NOT_A_WORKBOOK.to_string()),
            _ => {}
        }
        buf.clear();
    }
}
