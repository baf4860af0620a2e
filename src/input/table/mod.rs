//! Tabular exports: CSV and TSV files (streamed, one row at a time) and
//! `.xlsx` / `.ods` workbooks (one sheet), turned into profiles by a
//! mapping file ([`mapping`]). Every column must be mapped or ignored
//! before a row is read: an unmapped column is a config error (78) naming
//! its header and the mapping file's line, never a cell.

mod build;
mod cell;
mod csv_records;
pub(crate) mod init;
mod iso;
mod limits;
pub(crate) mod mapping;
mod ods;
mod path;
mod plan;
mod record;
mod rows;
mod xlsx;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use build::{profile, reference_of, Layout};
use mapping::{Column, Mapping, Target};
use path::FieldPath;
use rows::Row;
pub(crate) use rows::{Source, STDIN};

use super::event::{Event, Parsed, Sink, Unparsed};
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
    let layout = Arc::new(layout(input, &mapping, headers)?);
    let group = group_column(&mapping, &layout)?;
    sink(Event::Begin {
        input: input.to_string(),
        shift: mapping.shift.clone(),
    })?;
    let mut out = Batcher::new(input, layout, sink);
    let rows: Rows = match (group, mapping.file.sort_rows_up_to) {
        (Some(g), Some(limit)) => match rows::sorted(input, rows, g, limit) {
            Ok(sorted) => Box::new(sorted.into_iter()),
            Err(err) => return out.sink(Event::Error(err)),
        },
        _ => Box::new(rows),
    };
    match group {
        None => each_row(rows, &mut out)?,
        Some(g) => each_group(g, rows, &mut out)?,
    }
    out.flush()
}

/// Customers as they are read, each as their rows, handed on in batches
/// to be made into profiles on the workers ([`RowBatch::read`]).
struct Batcher<'a, 's> {
    input: &'a str,
    layout: Arc<Layout>,
    batch: RowBatch,
    sink: &'a mut Sink<'s>,
}

/// Customers (or rows) handed on at a time, as NDJSON hands on lines.
const BATCH: usize = 128;

impl<'a, 's> Batcher<'a, 's> {
    fn new(input: &'a str, layout: Arc<Layout>, sink: &'a mut Sink<'s>) -> Self {
        Batcher {
            input,
            batch: RowBatch::new(Arc::clone(&layout)),
            layout,
            sink,
        }
    }

    /// One customer's rows.
    fn customer(&mut self, rows: impl IntoIterator<Item = Row>) -> anyhow::Result<()> {
        let start = self.batch.rows.len();
        self.batch.rows.extend(rows);
        let end = self.batch.rows.len();
        self.push(Pending::Customer(start..end))
    }

    /// A row or customer that cannot be read, in its place among the rest.
    fn error(&mut self, error: InputError) -> anyhow::Result<()> {
        self.push(Pending::Error(error))
    }

    fn push(&mut self, pending: Pending) -> anyhow::Result<()> {
        self.batch.items.push(pending);
        if self.batch.items.len() >= BATCH || self.batch.rows.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Hands on what is gathered.
    fn flush(&mut self) -> anyhow::Result<()> {
        if self.batch.items.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, RowBatch::new(Arc::clone(&self.layout)));
        (self.sink)(Event::Batch {
            input: self.input.to_string(),
            batch: Box::new(batch),
        })
    }

    /// An event out of line with the batches (after those before it).
    fn sink(&mut self, event: Event) -> anyhow::Result<()> {
        self.flush()?;
        (self.sink)(event)
    }
}

/// A table's customers, read but not made into profiles yet.
struct RowBatch {
    layout: Arc<Layout>,
    rows: Vec<Row>,
    items: Vec<Pending>,
}

/// A customer, as their rows in the batch, or why they cannot be read.
enum Pending {
    Customer(std::ops::Range<usize>),
    Error(InputError),
}

impl RowBatch {
    fn new(layout: Arc<Layout>) -> RowBatch {
        RowBatch {
            layout,
            rows: Vec::with_capacity(BATCH),
            items: Vec::with_capacity(BATCH),
        }
    }
}

impl Unparsed for RowBatch {
    /// How many customers (and errors) there are.
    fn len(&self) -> usize {
        self.items.len()
    }

    /// Makes each customer's profile, in order, handing each on.
    fn read(self: Box<Self>, input: &str, each: &mut dyn FnMut(Parsed)) {
        for pending in self.items {
            each(match pending {
                Pending::Customer(rows) => profile(input, &self.layout, &self.rows[rows]),
                Pending::Error(error) => Err(error),
            });
        }
    }
}

/// One customer a row.
fn each_row(rows: Rows, out: &mut Batcher<'_, '_>) -> anyhow::Result<()> {
    for row in rows {
        match row.and_then(readable) {
            Ok(row) => out.customer([row])?,
            Err(err) => {
                let stop = err.unreadable;
                out.error(err)?;
                if stop {
                    break;
                }
            }
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
fn each_group(group: usize, rows: Rows, out: &mut Batcher<'_, '_>) -> anyhow::Result<()> {
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
                out.error(err)?;
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
            out.error(fault)?;
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
            let header = &out.layout.headers[group];
            let err = InputError::new(
                out.input,
                format!("column `{header}` (`file.group_by`) is empty"),
            );
            out.error(err.at(Some((row.number, group + 1))))?;
            customer.lost_row |= !customer.rows.is_empty();
            lost = Some(String::new());
            continue;
        }
        let next = customer
            .rows
            .first()
            .is_none_or(|first| first.cells[group].trim() != key);
        if next {
            customer.finish(group, out)?;
            customer.lost_row = lost.as_deref().is_some_and(|k| k.is_empty() || k == key);
        }
        lost = None;
        customer.rows.push(row);
    }
    customer.finish(group, out)
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
    fn finish(&mut self, group: usize, out: &mut Batcher<'_, '_>) -> anyhow::Result<()> {
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
        let header = &out.layout.headers[group];
        let problem = if earlier != first.number {
            Some(format!("{rows}: the customer from row {earlier} has the same `{header}`, and rows of one customer must be together: sort the file by `{header}`, or set `file.sort_rows_up_to` in the mapping"))
        } else if self.lost_row {
            Some(format!("{rows}: a row of this customer, or beside them, could not be read (see above), so none of their rows is briefed"))
        } else {
            None
        };
        self.lost_row = false;
        match problem {
            Some(message) => {
                let error = InputError::new(out.input, message)
                    .at(Some((first.number, group + 1)))
                    .reference(reference_of(&out.layout, &self.rows));
                self.rows.clear();
                out.error(error)
            }
            None => out.customer(self.rows.drain(..)),
        }
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
    Ok(Layout::new(headers, columns))
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
