//! Rows of a table, whatever the file: CSV and TSV through the `csv`
//! crate's parser (`csv_core`, streamed, so memory stays flat), workbooks through `calamine`
//! (one sheet, read whole). Each row comes with its number in the file;
//! a ragged row, invalid UTF-8 or an over-long row is a located error and
//! the next row is read.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use calamine::{open_workbook_auto_from_rs, open_workbook_from_rs, Data, Reader, Sheets};

use super::csv_records::{Raw, Records, Stop};
use super::limits::{MAX_CELLS, MAX_COLUMNS, NOT_A_WORKBOOK};
use super::mapping::FileOptions;
use super::record::Record;
use crate::error::InputError;

/// One row: its number in the file (1-based, as a spreadsheet shows it)
/// and its cells, in column order (in one buffer: two allocations a row,
/// not one a cell).
pub(crate) struct Row {
    pub(crate) number: usize,
    pub(crate) cells: Record,
    /// Why the row cannot be read, if it cannot: its cells are kept (as
    /// far as they go) only so the customer it belongs to is known.
    pub(crate) fault: Option<InputError>,
}

/// How stdin is named in messages, and read when it holds a table.
pub(crate) const STDIN: &str = "<stdin>";

/// How a table is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Csv,
    Tsv,
    Workbook,
}

impl Source {
    /// The kind of table a file name says, if any.
    pub(crate) fn by_name(input: &str) -> Option<Source> {
        let lower = input.to_ascii_lowercase();
        let ext = std::path::Path::new(&lower)
            .extension()?
            .to_str()?
            .to_string();
        match ext.as_str() {
            "csv" => Some(Source::Csv),
            "tsv" | "tab" => Some(Source::Tsv),
            "xlsx" | "xlsm" | "ods" => Some(Source::Workbook),
            _ => None,
        }
    }
}

/// A table's rows, header first.
#[allow(
    clippy::large_enum_variant,
    reason = "one a file, never moved in a loop"
)]
pub(crate) enum Rows {
    Csv {
        input: String,
        reader: Records,
        max_bytes: usize,
        width: Option<usize>,
        broken: bool,
        /// The next row, read ahead: the last row of a file that ends
        /// inside quotes swallowed the rest, and is refused.
        ahead: Option<Option<Result<Row, InputError>>>,
    },
    Sheet {
        input: String,
        rows: std::vec::IntoIter<Result<Row, InputError>>,
    },
}

/// Opens `input` ([`STDIN`]: stdin) and skips `skip_rows`.
pub(crate) fn open(
    input: &str,
    source: Source,
    file: &FileOptions,
    sheet: Option<&str>,
    max_bytes: usize,
) -> Result<Rows, InputError> {
    let mut rows = match source {
        Source::Workbook => workbook(input, sheet, max_bytes)?,
        Source::Csv | Source::Tsv => csv_rows(input, source, file, max_bytes)?,
    };
    for _ in 0..file.skip_rows {
        match rows.next_raw() {
            Some(Err(err)) if err.unreadable => return Err(err),
            Some(_) => {}
            None => break,
        }
    }
    Ok(rows)
}

fn csv_rows(
    input: &str,
    source: Source,
    file: &FileOptions,
    max_bytes: usize,
) -> Result<Rows, InputError> {
    let bytes: Box<dyn BufRead> = if input == STDIN {
        Box::new(BufReader::with_capacity(1 << 16, io::stdin()))
    } else {
        let opened = File::open(input).map_err(|e| InputError {
            unreadable: true,
            missing: e.kind() == io::ErrorKind::NotFound,
            ..InputError::new(input, format!("could not read: {}", e.kind()))
        })?;
        Box::new(BufReader::with_capacity(1 << 16, opened))
    };
    let delimiter = match (&file.delimiter, source) {
        (Some(d), _) => d.as_bytes()[0],
        (None, Source::Tsv) => b'\t',
        (None, _) => b',',
    };
    // A tab-separated export means a quote as a quote.
    let quoting = source != Source::Tsv;
    Ok(Rows::Csv {
        input: input.to_string(),
        reader: Records::new(bytes, delimiter, quoting, max_bytes),
        max_bytes,
        width: None,
        broken: false,
        ahead: None,
    })
}

const ROW_TOO_LONG: &str =
    "a row runs past the size limit (`limits.max_input_bytes`): is a quote left open?";

impl Rows {
    /// The header row: each column's name, trimmed (a byte-order mark at
    /// the start is dropped).
    pub(crate) fn headers(&mut self) -> Result<Vec<String>, InputError> {
        let row = match self.next_raw() {
            Some(row) => row?,
            None => return Err(self.error("no header row: the file is empty")),
        };
        let headers: Vec<String> = row
            .cells
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 {
                    h.trim_start_matches('\u{feff}')
                } else {
                    h
                };
                h.trim().to_string()
            })
            .collect();
        if let Some(i) = headers.iter().position(String::is_empty) {
            return Err(self
                .error("a column has no header")
                .at(Some((row.number, i + 1))));
        }
        if let Rows::Csv { width, .. } = self {
            *width = Some(headers.len());
        }
        Ok(headers)
    }

    fn error(&self, message: &str) -> InputError {
        let input = match self {
            Rows::Csv { input, .. } | Rows::Sheet { input, .. } => input.as_str(),
        };
        InputError::new(input, message)
    }

    /// The next row as it is in the file, blank rows left out.
    fn next_raw(&mut self) -> Option<Result<Row, InputError>> {
        match self {
            Rows::Sheet { rows, .. } => rows.next(),
            Rows::Csv {
                input,
                reader,
                max_bytes,
                width,
                broken,
                ahead,
            } => loop {
                if *broken {
                    return None;
                }
                let row = match ahead.take() {
                    Some(row) => row,
                    None => read_csv(input, reader, *max_bytes, *width),
                };
                let next = read_csv(input, reader, *max_bytes, *width);
                let last = next.is_none();
                *ahead = Some(next);
                let row = match row {
                    Some(Ok(row)) if last && reader.unclosed_quote() => Some(Err(InputError::new(
                        input,
                        "a quote opened on this row is never closed: the rest of the file was read as one cell",
                    )
                    .at(Some((row.number, 1))))),
                    other => other,
                };
                if let Some(Err(err)) = &row {
                    *broken = err.unreadable;
                }
                match row {
                    Some(Ok(row)) if row.cells.iter().all(|c| c.trim().is_empty()) => continue,
                    other => return other,
                }
            },
        }
    }
}

impl Iterator for Rows {
    type Item = Result<Row, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_raw()
    }
}

fn read_csv(
    input: &str,
    reader: &mut Records,
    max_bytes: usize,
    width: Option<usize>,
) -> Option<Result<Row, InputError>> {
    match reader.next() {
        Ok(None) => None,
        Ok(Some(raw)) => Some(Ok(csv_row(input, raw, max_bytes, width))),
        Err(stop) => {
            let (message, line) = match stop {
                Stop::RowTooLong(line) => (ROW_TOO_LONG.to_string(), Some((line, 1))),
                Stop::Io(kind) => (format!("could not read: {kind}"), None),
            };
            Some(Err(InputError {
                unreadable: true,
                ..InputError::new(input, message).at(line)
            }))
        }
    }
}

fn csv_row(input: &str, raw: Raw<'_>, max_bytes: usize, width: Option<usize>) -> Row {
    let at = |column: usize| Some((raw.line, column));
    let mut fault = None;
    if raw.bytes.len() > max_bytes {
        let message =
            format!("row longer than the limit of {max_bytes} bytes (`limits.max_input_bytes`)");
        fault = Some(InputError::new(input, message).at(at(1)));
    }
    if let Some(width) = width.filter(|w| raw.ends.len() != *w) {
        let message = format!("row has {} cells, the header {width}", raw.ends.len());
        fault = fault.or_else(|| Some(InputError::new(input, message).at(at(1))));
    }
    let (cells, bad) = Record::from_bytes(raw.bytes, raw.ends);
    if let Some(column) = bad {
        fault = fault.or_else(|| Some(InputError::new(input, "invalid UTF-8").at(at(column + 1))));
    }
    Row {
        number: raw.line,
        cells,
        fault,
    }
}

/// A workbook's bytes, or `None` if there are more than `max_bytes`.
fn read_whole(input: &str, max_bytes: usize) -> io::Result<Option<Vec<u8>>> {
    let limit = u64::try_from(max_bytes).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    File::open(input)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() <= max_bytes).then_some(bytes))
}

type Book = Sheets<Cursor<Vec<u8>>>;

/// A workbook, read as its name says (as `calamine::open_workbook_auto`
/// reads a file), else as whatever it turns out to be.
fn open_book(input: &str, bytes: Vec<u8>) -> Result<Book, calamine::Error> {
    let lower = input.to_ascii_lowercase();
    let data = Cursor::new(bytes);
    Ok(
        match std::path::Path::new(&lower)
            .extension()
            .and_then(|e| e.to_str())
        {
            Some("xlsx" | "xlsm") => Sheets::Xlsx(open_workbook_from_rs(data)?),
            Some("ods") => Sheets::Ods(open_workbook_from_rs(data)?),
            _ => open_workbook_auto_from_rs(data)?,
        },
    )
}

/// A workbook's sheet (`sheet`, else the first), read whole.
fn workbook(input: &str, sheet: Option<&str>, max_bytes: usize) -> Result<Rows, InputError> {
    let fail = |message: String| InputError {
        unreadable: true,
        ..InputError::new(input, message)
    };
    // Read once: the guards below check the very bytes calamine reads.
    let bytes = read_whole(input, max_bytes).map_err(|e| InputError {
        missing: e.kind() == io::ErrorKind::NotFound,
        ..fail(format!("could not read: {}", e.kind()))
    })?;
    let Some(bytes) = bytes else {
        return Err(fail(format!(
            "larger than the limit of {max_bytes} bytes (`limits.max_input_bytes`)"
        )));
    };
    // calamine lays out every sheet of an .ods as it opens it, and reads
    // an .xlsx's shared strings and styles whole.
    super::ods::check(&bytes).map_err(fail)?;
    super::xlsx::check(&bytes, max_bytes).map_err(fail)?;
    let mut book = open_book(input, bytes).map_err(|_| fail(NOT_A_WORKBOOK.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .cloned()
            .ok_or_else(|| {
                fail(format!(
                    "no sheet named `{wanted}`; the sheets are: {}",
                    names.join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| fail("the workbook has no sheets".to_string()))?,
    };
    // An .xlsx sheet is read cell by cell, so a lone cell far out (XFD1048576)
    // is refused rather than laid out as a grid of millions of cells.
    if let Sheets::Xlsx(xlsx) = &mut book {
        let rows = xlsx_rows(input, xlsx, &name).map_err(fail)?;
        return Ok(Rows::Sheet {
            input: input.to_string(),
            rows: rows.into_iter(),
        });
    }
    let range = book
        .worksheet_range(&name)
        .map_err(|_| fail(format!("could not read sheet `{name}`")))?;
    let (height, width) = range.get_size();
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(fail(format!(
            "sheet `{name}` spans more than {MAX_CELLS} cells"
        )));
    }
    let top = range.start().map_or(0, |(row, _)| row as usize);
    let left = range.start().map_or(0, |(_, col)| col as usize);
    let rows: Vec<Result<Row, InputError>> = range
        .rows()
        .enumerate()
        .filter(|(_, cells)| !cells.iter().all(|c| matches!(c, Data::Empty)))
        .map(|(i, cells)| sheet_row(input, top + i + 1, left, cells))
        .collect();
    Ok(Rows::Sheet {
        input: input.to_string(),
        rows: rows.into_iter(),
    })
}

fn sheet_row(input: &str, number: usize, left: usize, cells: &[Data]) -> Result<Row, InputError> {
    let mut row = Vec::with_capacity(cells.len());
    let mut fault = None;
    for (i, cell) in cells.iter().enumerate() {
        let text = cell_text(cell).unwrap_or_else(|| {
            let message = "the cell holds a spreadsheet error (such as #N/A)";
            fault = fault
                .take()
                .or_else(|| Some(InputError::new(input, message).at(Some((number, left + i + 1)))));
            String::new()
        });
        row.push(text);
    }
    Ok(Row {
        number,
        cells: Record::from(row),
        fault,
    })
}

/// An .xlsx sheet's rows, read cell by cell; columns from the leftmost
/// cell to the rightmost, rows only where there are cells.
fn xlsx_rows(
    input: &str,
    xlsx: &mut calamine::Xlsx<Cursor<Vec<u8>>>,
    name: &str,
) -> Result<Vec<Result<Row, InputError>>, String> {
    let unreadable = |_| format!("could not read sheet `{name}`");
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut grid: std::collections::BTreeMap<u32, Vec<(u32, Data)>> = Default::default();
    let (mut left, mut right) = (u32::MAX, 0);
    let mut cells = 0;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let data = Data::from(cell.get_value().clone());
        if matches!(data, Data::Empty) {
            continue;
        }
        if column >= MAX_COLUMNS {
            return Err(format!(
                "sheet `{name}` has a cell beyond column {MAX_COLUMNS}"
            ));
        }
        (left, right) = (left.min(column), right.max(column));
        grid.entry(row).or_default().push((column, data));
        cells += 1;
        if cells > MAX_CELLS {
            return Err(format!("sheet `{name}` has more than {MAX_CELLS} cells"));
        }
    }
    let width = (right + 1).saturating_sub(left) as usize;
    if grid.len().saturating_mul(width) > MAX_CELLS {
        return Err(format!("sheet `{name}` spans more than {MAX_CELLS} cells"));
    }
    Ok(grid
        .into_iter()
        .map(|(row, cells)| {
            let mut dense = vec![Data::Empty; width];
            for (column, data) in cells {
                dense[(column - left) as usize] = data;
            }
            sheet_row(input, row as usize + 1, left as usize, &dense)
        })
        .collect())
}

/// A cell as text: whole numbers without `.0`, dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> Option<String> {
    Some(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        #[allow(
            clippy::cast_possible_truncation,
            reason = "checked to be whole and in range"
        )]
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime()?.format("%Y-%m-%d").to_string(),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::Error(_) => return None,
    })
}

/// All rows, sorted by the `group` column (stable), so that one
/// customer's rows come together; at most `limit` rows are held.
pub(crate) fn sorted(
    input: &str,
    rows: Rows,
    group: usize,
    limit: usize,
) -> Result<Vec<Result<Row, InputError>>, InputError> {
    let mut all = Vec::new();
    for row in rows {
        if all.len() == limit {
            let message = format!("more than {limit} rows to sort (`file.sort_rows_up_to`): raise it, or sort the file by the `group_by` column");
            return Err(InputError::new(input, message));
        }
        all.push(row);
    }
    fn key(row: &Row, group: usize) -> &str {
        row.cells.get(group).map_or("", |k| k.trim())
    }
    // Errors keep their place at the front; rows sort by key, then order.
    all.sort_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => key(a, group).cmp(key(b, group)),
        (Err(_), Ok(_)) => std::cmp::Ordering::Less,
        (Ok(_), Err(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => std::cmp::Ordering::Equal,
    });
    Ok(all)
}

/// The header row of a table, for `cuecard map init`.
pub(crate) fn read_headers(
    input: &str,
    file: &FileOptions,
    sheet: Option<&str>,
) -> Result<Vec<String>, InputError> {
    let source = Source::by_name(input).unwrap_or(Source::Csv);
    open(input, source, file, sheet, usize::MAX)?.headers()
}
