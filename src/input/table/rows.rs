//! Rows of a table, whatever the file: CSV and TSV through the `csv`
//! crate (streamed, so memory stays flat), workbooks through `calamine`
//! (one sheet, read whole). Each row comes with its number in the file;
//! a ragged row, invalid UTF-8 or an over-long row is a located error and
//! the next row is read.

use std::fs::File;
use std::io::{self, BufReader, Read};

use calamine::{open_workbook_auto, Data, Reader};

use super::mapping::FileOptions;
use crate::error::InputError;

/// One row: its number in the file (1-based, as a spreadsheet shows it)
/// and its cells, in column order.
pub(crate) struct Row {
    pub(crate) number: usize,
    pub(crate) cells: Vec<String>,
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
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Some(Source::Workbook),
            _ => None,
        }
    }
}

/// A table's rows, header first.
pub(crate) enum Rows {
    Csv {
        input: String,
        reader: csv::Reader<Box<dyn Read>>,
        record: csv::ByteRecord,
        max_bytes: usize,
        width: Option<usize>,
        broken: bool,
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
    let reader: Box<dyn Read> = if input == STDIN {
        Box::new(io::stdin())
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
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(reader);
    Ok(Rows::Csv {
        input: input.to_string(),
        reader,
        record: csv::ByteRecord::new(),
        max_bytes,
        width: None,
        broken: false,
    })
}

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
                record,
                max_bytes,
                width,
                broken,
            } => {
                if *broken {
                    return None;
                }
                loop {
                    let row = read_csv(input, reader, record, *max_bytes, *width);
                    if let Some(Err(err)) = &row {
                        *broken = err.unreadable;
                    }
                    match row {
                        Some(Ok(row)) if row.cells.iter().all(|c| c.trim().is_empty()) => continue,
                        other => return other,
                    }
                }
            }
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
    reader: &mut csv::Reader<Box<dyn Read>>,
    record: &mut csv::ByteRecord,
    max_bytes: usize,
    width: Option<usize>,
) -> Option<Result<Row, InputError>> {
    match reader.read_byte_record(record) {
        Ok(false) => None,
        Ok(true) => {
            let line = record
                .position()
                .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
            Some(csv_row(input, record, line, max_bytes, width))
        }
        Err(err) => {
            let line = err
                .position()
                .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
            let unreadable = matches!(err.kind(), csv::ErrorKind::Io(_));
            let kind = match err.kind() {
                csv::ErrorKind::Io(e) => format!("could not read: {}", e.kind()),
                _ => "malformed CSV".to_string(),
            };
            Some(Err(InputError {
                unreadable,
                ..InputError::new(input, kind).at((line > 0).then_some((line, 1)))
            }))
        }
    }
}

fn csv_row(
    input: &str,
    record: &csv::ByteRecord,
    line: usize,
    max_bytes: usize,
    width: Option<usize>,
) -> Result<Row, InputError> {
    let at = |column: usize| Some((line, column));
    if record.as_slice().len() > max_bytes {
        let message =
            format!("row longer than the limit of {max_bytes} bytes (`limits.max_input_bytes`)");
        return Err(InputError::new(input, message).at(at(1)));
    }
    if let Some(width) = width {
        if record.len() != width {
            let message = format!("row has {} cells, the header {width}", record.len());
            return Err(InputError::new(input, message).at(at(1)));
        }
    }
    let mut cells = Vec::with_capacity(record.len());
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(text) => cells.push(text.to_string()),
            Err(_) => return Err(InputError::new(input, "invalid UTF-8").at(at(i + 1))),
        }
    }
    Ok(Row {
        number: line,
        cells,
    })
}

/// A workbook's sheet (`sheet`, else the first), read whole.
fn workbook(input: &str, sheet: Option<&str>, max_bytes: usize) -> Result<Rows, InputError> {
    let fail = |message: String| InputError {
        unreadable: true,
        ..InputError::new(input, message)
    };
    let size = std::fs::metadata(input)
        .map_err(|e| InputError {
            missing: e.kind() == io::ErrorKind::NotFound,
            ..fail(format!("could not read: {}", e.kind()))
        })?
        .len();
    if size > u64::try_from(max_bytes).unwrap_or(u64::MAX) {
        return Err(fail(format!(
            "larger than the limit of {max_bytes} bytes (`limits.max_input_bytes`)"
        )));
    }
    let mut book = open_workbook_auto(input).map_err(|_| {
        fail("not a workbook cuecard can read (.xlsx, .xlsm, .xlsb, .xls or .ods)".to_string())
    })?;
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
    let range = book
        .worksheet_range(&name)
        .map_err(|_| fail(format!("could not read sheet `{name}`")))?;
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
    let mut row = vec![String::new(); left];
    for (i, cell) in cells.iter().enumerate() {
        let text = cell_text(cell).ok_or_else(|| {
            InputError::new(input, "the cell holds a spreadsheet error (such as #N/A)")
                .at(Some((number, left + i + 1)))
        })?;
        row.push(text);
    }
    Ok(Row { number, cells: row })
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
    // Errors keep their place at the front; rows sort by key, then order.
    all.sort_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => a.cells[group].trim().cmp(b.cells[group].trim()),
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
