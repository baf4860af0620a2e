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

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use build::{profile, Layout};
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
        let event = match row.and_then(|row| profile(input, layout, &[row])) {
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

/// One customer for each run of rows with the same `group_by` cell.
fn each_group(
    input: &str,
    layout: &Layout,
    group: usize,
    rows: Rows,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let mut customer: Vec<Row> = Vec::new();
    // Hashes of the keys already done, to catch a customer's rows apart.
    let mut done: HashSet<u64> = HashSet::new();
    for row in rows {
        let row = match row {
            Ok(row) => row,
            Err(err) => {
                let stop = err.unreadable;
                sink(Event::Error(err))?;
                if stop {
                    break;
                }
                continue;
            }
        };
        let key = row.cells[group].trim();
        if key.is_empty() {
            let header = &layout.headers[group];
            let err = InputError::new(
                input,
                format!("column `{header}` (`file.group_by`) is empty"),
            );
            sink(Event::Error(err.at(Some((row.number, group + 1)))))?;
            continue;
        }
        if customer
            .first()
            .is_some_and(|first| first.cells[group].trim() != key)
        {
            finish(input, layout, group, &mut customer, &mut done, sink)?;
        }
        customer.push(row);
    }
    finish(input, layout, group, &mut customer, &mut done, sink)
}

/// Briefs the rows gathered for one customer, unless their key was seen
/// before (rows of one customer that are not together).
fn finish(
    input: &str,
    layout: &Layout,
    group: usize,
    customer: &mut Vec<Row>,
    done: &mut HashSet<u64>,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let Some(first) = customer.first() else {
        return Ok(());
    };
    let mut hasher = DefaultHasher::new();
    first.cells[group].trim().hash(&mut hasher);
    let event = if done.insert(hasher.finish()) {
        match profile(input, layout, customer) {
            Ok(profile) => Event::Profile(profile),
            Err(err) => Event::Error(err),
        }
    } else {
        let header = &layout.headers[group];
        let rows = match customer.as_slice() {
            [one] => format!("row {}", one.number),
            [first, .., last] => format!("rows {}–{}", first.number, last.number),
            [] => unreachable!("a customer has rows"),
        };
        Event::Error(InputError::new(input, format!(
            "{rows}: an earlier customer has the same `{header}`, and rows of one customer must be together: sort the file by `{header}`, or set `file.sort_rows_up_to` in the mapping"
        )).at(Some((first.number, group + 1))))
    };
    customer.clear();
    sink(event)
}

/// Each header's column: from the mapping, or the header itself when it
/// is a field path. A header neither names is a config error.
fn layout(input: &str, mapping: &Mapping, headers: Vec<String>) -> anyhow::Result<Layout> {
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
