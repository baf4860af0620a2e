//! Tabular exports: CSV and TSV files (streamed, one row at a time) and
//! `.xlsx` / `.ods` workbooks (one sheet), turned into profiles by a
//! mapping file ([`mapping`]). Every column must be mapped or ignored
//! before a row is read: an unmapped column is a config error (78) naming
//! its header and the mapping file's line, never a cell.

mod build;
pub(crate) mod init;
pub(crate) mod mapping;
mod path;
mod rows;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use build::{profile, reference_of, Layout};
use mapping::{Column, Mapping, Target};
use path::FieldPath;
use rows::Row;
pub(crate) use rows::{Source, STDIN};

use super::event::{Event, Sink};
use crate::error::{Code, Fail, InputError};

/// What a table load needs besides the file: the mapping file given with
/// `--map`, the sheet given with `--sheet`, the row size limit.
#[derive(Clone, Copy, Default)]
pub(crate) struct TableReading<'a> {
    pub(crate) map: Option<&'a Path>,
    pub(crate) sheet: Option<&'a str>,
    pub(crate) max_bytes: usize,
}

type Rows = Box<dyn Iterator<Item = Result<Row, InputError>>>;

/// Reads a table: its mapping, then its rows, handing each customer (or a
/// located error) on as it is read.
pub(crate) fn load(
    input: &str,
    source: Source,
    reading: TableReading,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let mapping = Mapping::find(input, input != STDIN, reading.map)?;
    let sheet = reading.sheet.or(mapping.file.sheet.as_deref());
    let opened = rows::open(input, source, &mapping.file, sheet, reading.max_bytes)
        .and_then(|mut rows| Ok((rows.headers()?, rows)));
    let (headers, rows) = match opened {
        Ok(opened) => opened,
        Err(err) => return sink(Event::Error(err)),
    };
    let layout = layout(input, &mapping, headers)?;
    let group = group_column(&mapping, &layout)?;
    sink(Event::Begin {
        input: input.to_string(),
        shift: mapping.shift.clone(),
    })?;
    let rows: Rows = match (group, mapping.file.sort_rows_up_to) {
        (Some(g), Some(limit)) => match rows::sorted(input, rows, g, limit) {
            Ok(sorted) => Box::new(sorted.into_iter()),
            Err(err) => return sink(Event::Error(err)),
        },
        _ => Box::new(rows),
    };
    match group {
        None => each_row(input, &layout, rows, sink),
        Some(g) => each_group(input, &layout, g, rows, sink),
    }
}

/// One customer a row.
fn each_row(input: &str, layout: &Layout, rows: Rows, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    for row in rows {
        let event = match row
            .and_then(readable)
            .and_then(|row| profile(input, layout, &[row]))
        {
            Ok(profile) => Event::Profile(profile),
            Err(err) => Event::Error(err),
        };
        let stop = matches!(&event, Event::Error(e) if e.unreadable);
        sink(event)?;
        if stop {
            break;
        }
    }
    Ok(())
}

/// A row that can be read, or why not.
fn readable(mut row: Row) -> Result<Row, InputError> {
    match row.fault.take() {
        Some(fault) => Err(fault),
        None => Ok(row),
    }
}

/// One customer for each run of rows with the same `group_by` cell.
fn each_group(
    input: &str,
    layout: &Layout,
    group: usize,
    rows: Rows,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let mut customer = Gathering::default();
    // The key of a row lost since the last good one that may be the next
    // customer's ("": not known, so the next customer fails whatever its
    // key: fail closed).
    let mut lost: Option<String> = None;
    for row in rows {
        let mut row = match row {
            Ok(row) => row,
            Err(err) => {
                let stop = err.unreadable;
                sink(Event::Error(err))?;
                if stop {
                    break;
                }
                customer.lost_row |= !customer.rows.is_empty();
                lost = Some(String::new());
                continue;
            }
        };
        if let Some(fault) = row.fault.take() {
            // Its customer, if its key can be read, fails whole.
            sink(Event::Error(fault))?;
            let key = row.cells.get(group).map_or("", |k| k.trim());
            let theirs = customer
                .rows
                .first()
                .is_some_and(|first| first.cells[group].trim() == key);
            customer.lost_row |= theirs || key.is_empty();
            if !theirs {
                lost = Some(key.to_string());
            }
            continue;
        }
        let key = row.cells[group].trim();
        if key.is_empty() {
            let header = &layout.headers[group];
            let err = InputError::new(
                input,
                format!("column `{header}` (`file.group_by`) is empty"),
            );
            sink(Event::Error(err.at(Some((row.number, group + 1)))))?;
            customer.lost_row |= !customer.rows.is_empty();
            lost = Some(String::new());
            continue;
        }
        let next = customer
            .rows
            .first()
            .is_none_or(|first| first.cells[group].trim() != key);
        if next {
            customer.finish(input, layout, group, sink)?;
            customer.lost_row = lost.as_deref().is_some_and(|k| k.is_empty() || k == key);
        }
        lost = None;
        customer.rows.push(row);
    }
    customer.finish(input, layout, group, sink)
}

/// The rows of the customer being gathered, and the keys already done.
#[derive(Default)]
struct Gathering {
    rows: Vec<Row>,
    /// One of this customer's rows (or one beside them) could not be read.
    lost_row: bool,
    /// Each key done (hashed), with the row it started on, to catch a
    /// customer's rows apart: about 40 bytes a customer.
    done: HashMap<u64, usize>,
}

impl Gathering {
    /// Briefs the rows gathered for one customer, unless one of them was
    /// lost or their key was seen before (rows of one customer apart).
    fn finish(
        &mut self,
        input: &str,
        layout: &Layout,
        group: usize,
        sink: &mut Sink<'_>,
    ) -> anyhow::Result<()> {
        let Some(first) = self.rows.first() else {
            return Ok(());
        };
        let mut hasher = DefaultHasher::new();
        first.cells[group].trim().hash(&mut hasher);
        let earlier = *self.done.entry(hasher.finish()).or_insert(first.number);
        let rows = match self.rows.as_slice() {
            [one] => format!("row {}", one.number),
            [first, .., last] => format!("rows {}–{}", first.number, last.number),
            [] => unreachable!("a customer has rows"),
        };
        let header = &layout.headers[group];
        let problem = if earlier != first.number {
            Some(format!("{rows}: the customer from row {earlier} has the same `{header}`, and rows of one customer must be together: sort the file by `{header}`, or set `file.sort_rows_up_to` in the mapping"))
        } else if self.lost_row {
            Some(format!("{rows}: a row of this customer, or beside them, could not be read (see above), so none of their rows is briefed"))
        } else {
            None
        };
        let event = match problem {
            Some(message) => Event::Error(
                InputError::new(input, message)
                    .at(Some((first.number, group + 1)))
                    .reference(reference_of(layout, &self.rows)),
            ),
            None => match profile(input, layout, &self.rows) {
                Ok(profile) => Event::Profile(profile),
                Err(err) => Event::Error(err),
            },
        };
        self.rows.clear();
        self.lost_row = false;
        sink(event)
    }
}

/// Each header's column: from the mapping, or the header itself when it
/// is a field path. A header neither names is a config error.
fn layout(input: &str, mapping: &Mapping, headers: Vec<String>) -> anyhow::Result<Layout> {
    header_row_matches(input, mapping, &headers)?;
    let mut columns = Vec::with_capacity(headers.len());
    let mut seen = HashSet::new();
    for (i, header) in headers.iter().enumerate() {
        if !seen.insert(header.as_str()) {
            return Err(Fail::new(
                Code::Config,
                format!(
                    "{input}: the header `{header}` is given twice (columns {} and {})",
                    position(&headers, header) + 1,
                    i + 1
                ),
            ));
        }
        let column = match (mapping.columns.get(header), FieldPath::parse(header)) {
            (Some(column), _) => column.clone(),
            (None, Ok(path)) => Column::itself(path),
            (None, Err(_)) => return Err(unmapped(input, mapping, header)),
        };
        columns.push(column);
    }
    let mut targets = HashSet::new();
    for (column, header) in columns.iter().zip(&headers) {
        if let Target::Field(path) = &column.target {
            if !targets.insert(path.to_string()) {
                return Err(Fail::new(
                    Code::Config,
                    format!("{input}: two columns give `{path}` (one is `{header}`): map one of them to \"ignore\""),
                ));
            }
        }
    }
    for (header, column) in &mapping.columns {
        if !seen.contains(header.as_str()) {
            return Err(Fail::new(
                Code::Config,
                format!(
                    "{}: column `{header}` is not in {input}: check its spelling, or remove it",
                    mapping.place(column.line)
                ),
            ));
        }
    }
    for required in ["id", "name"] {
        let given = columns
            .iter()
            .any(|c| matches!(&c.target, Target::Field(p) if p.is(required)));
        if !given {
            return Err(Fail::new(
                Code::Config,
                format!("{input}: no column gives `{required}`, which every profile needs; map one to it in {}", mapping_name(input, mapping)),
            ));
        }
    }
    Ok(Layout { headers, columns })
}

/// A header row of which no column is known is likely not the header row
/// (a data row, after a wrong `skip_rows`): said without echoing it, since
/// its cells may be a customer's.
fn header_row_matches(input: &str, mapping: &Mapping, headers: &[String]) -> anyhow::Result<()> {
    let known = |h: &String| mapping.columns.contains_key(h) || FieldPath::parse(h).is_ok();
    if headers.iter().any(known) {
        return Ok(());
    }
    let hint = match &mapping.source {
        Some(source) => format!(
            "none is in {}: is the header row where `file.skip_rows` says?",
            source.display()
        ),
        None => format!("none is a field path and there is no mapping file: `cuecard map init {input}` writes one"),
    };
    Err(Fail::new(
        Code::Config,
        format!(
            "{input}: the header row has {} columns, and {hint}",
            headers.len()
        ),
    ))
}

fn position(headers: &[String], header: &str) -> usize {
    headers.iter().position(|h| h == header).unwrap_or(0)
}

fn mapping_name(input: &str, mapping: &Mapping) -> String {
    match &mapping.source {
        Some(source) => source.display().to_string(),
        None => format!("a mapping file (`cuecard map init {input}` writes one)"),
    }
}

fn unmapped(input: &str, mapping: &Mapping, header: &str) -> anyhow::Error {
    let message = match &mapping.source {
        Some(_) => format!(
            "{}: column `{header}` of {input} is not mapped: map it to a field, a `sensitive` category, or \"ignore\" under [columns]",
            mapping.place(mapping.columns_line)
        ),
        None => format!(
            "{input}: column `{header}` is not a profile field and there is no mapping file: `cuecard map init {input}` writes one to edit, saved as {input}.map.toml or given with --map"
        ),
    };
    Fail::new(Code::Config, message)
}

/// The `group_by` column's position.
fn group_column(mapping: &Mapping, layout: &Layout) -> anyhow::Result<Option<usize>> {
    let Some(group) = &mapping.file.group_by else {
        return Ok(None);
    };
    match layout.headers.iter().position(|h| h == group) {
        Some(i) => Ok(Some(i)),
        None => Err(Fail::new(
            Code::Config,
            format!(
                "{}: `file.group_by` names `{group}`, which is not a column of the file",
                mapping_name("", mapping)
            ),
        )),
    }
}
