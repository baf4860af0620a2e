//! A customer's rows → a profile: each mapped cell is read as its field's
//! kind (text, count, yes/no, date, list), placed at its path, and the
//! whole is read by the same strict profile type as every other input, so
//! a CSV customer is checked exactly as a JSON one. Messages name the row,
//! the column's header and the field path, never a cell.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::cell::read_cell;
use super::mapping::{Column, Target};
use super::path::{FieldPath, Index};
use super::plan::Plan;
use super::record::trim;
use super::rows::Row;
use crate::error::{safe_message, InputError};
use crate::input::event::join_path;
use crate::input::profile::Profile;

/// The file's columns, in order: each header and what it becomes.
pub(crate) struct Layout {
    pub(crate) headers: Vec<String>,
    pub(crate) columns: Vec<Column>,
    /// The columns as a plan, if they are plain enough for one.
    pub(crate) plan: Option<Plan>,
}

impl Layout {
    pub(crate) fn new(headers: Vec<String>, columns: Vec<Column>) -> Layout {
        Layout {
            plan: Plan::new(&columns),
            headers,
            columns,
        }
    }
}

/// Reads one customer's rows into a profile.
pub(crate) fn profile(
    input: &str,
    layout: &Layout,
    rows: &[Row],
) -> Result<Box<Profile>, InputError> {
    if let (Some(plan), [row]) = (&layout.plan, rows) {
        if let Some(profile) = plan.profile(&layout.columns, row) {
            return Ok(profile);
        }
    }
    // Read plainly first, moving the tree's text into the profile; only a
    // profile that fails is built and read again to find the path of
    // what failed (tracking it costs a third of a customer's time).
    match Profile::deserialize(tree(input, layout, rows)?) {
        Ok(profile) => Ok(Box::new(profile)),
        Err(_) => Err(located(input, layout, rows)),
    }
}

/// The customer's rows as a profile's JSON tree.
pub(super) fn tree(input: &str, layout: &Layout, rows: &[Row]) -> Result<Value, InputError> {
    let mut root = Value::Object(Map::new());
    let mut per_row = PerRow::default();
    for (n, row) in rows.iter().enumerate() {
        for (i, (column, cell)) in layout.columns.iter().zip(row.cells.iter()).enumerate() {
            let cell = if column.trim { trim(cell) } else { cell };
            if cell.is_empty() {
                continue;
            }
            match &column.target {
                Target::Ignore => {}
                Target::Sensitive(category) => push_sensitive(&mut root, category),
                Target::Field(path) => {
                    // The ref is found only for a customer who fails, so
                    // they keep their place.
                    let fail = |message: String| {
                        InputError::new(input, about(&layout.headers[i], &column.target, &message))
                            .at(Some((row.number, i + 1)))
                            .reference(reference_of(layout, rows))
                            .path(path.to_string())
                    };
                    let value = read_cell(column, path.kind, cell).map_err(fail)?;
                    place(&mut root, path, (n, &mut per_row), value).map_err(fail)?;
                }
            }
        }
    }
    Ok(root)
}

/// Why a customer's tree is not a profile, with the path, column and row
/// of what failed.
fn located(input: &str, layout: &Layout, rows: &[Row]) -> InputError {
    let first = rows.first().map_or(0, |r| r.number);
    let reference = reference_of(layout, rows);
    let root = match tree(input, layout, rows) {
        Ok(root) => root,
        Err(err) => return err,
    };
    let Err(err) = serde_path_to_error::deserialize::<_, Profile>(root) else {
        return InputError::new(input, "this customer's rows are not a profile")
            .at(Some((first, 1)))
            .reference(reference);
    };
    let path = join_path("", &err.path().to_string());
    let message = safe_message(&err.inner().to_string());
    let (message, at) = match header_of(layout, &path) {
        Some((i, header)) => (
            about(header, &layout.columns[i].target, &message),
            (first, i + 1),
        ),
        None => (message, (first, 1)),
    };
    InputError::new(input, message)
        .at(Some(at))
        .path(path)
        .reference(reference)
}

/// A message about a column's cell: it names the column's header, unless
/// the header is the field path the message is shown with.
fn about(header: &str, target: &Target, message: &str) -> String {
    match target {
        Target::Field(path) if path.to_string() == header => message.to_string(),
        _ => format!("column `{header}`: {message}"),
    }
}

/// The customer's `ref` as its first row gives it (after `values`), so
/// their place is kept if they fail.
pub(crate) fn reference_of(layout: &Layout, rows: &[Row]) -> Option<String> {
    let first = rows.first()?;
    let (i, column) = layout
        .columns
        .iter()
        .enumerate()
        .find(|(_, c)| matches!(&c.target, Target::Field(p) if p.is("ref")))?;
    let cell = first.cells.get(i)?;
    let cell = if column.trim { trim(cell) } else { cell };
    match column.values.get(cell) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => None,
        None => (!cell.is_empty()).then(|| cell.to_string()),
    }
}

/// The column whose field is `path` (or holds it), for a message.
fn header_of<'a>(layout: &'a Layout, path: &str) -> Option<(usize, &'a str)> {
    layout
        .columns
        .iter()
        .enumerate()
        .find_map(|(i, c)| match &c.target {
            Target::Field(p) if !path.is_empty() && plain(p).starts_with(&unindexed(path)) => {
                Some((i, layout.headers[i].as_str()))
            }
            _ => None,
        })
}

/// `preferences[0].source` → `preferences.source`.
fn unindexed(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A path as the profile reader writes it: `preferences[0].value`-style
/// indexes are not known here, so keyed and per-row steps compare by name.
fn plain(path: &FieldPath) -> String {
    path.segments
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

fn push_sensitive(root: &mut Value, category: &str) {
    let entry = serde_json::json!({ "category": category });
    if let Some(list) = object(root)
        .entry("sensitive")
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
    {
        if !list.contains(&entry) {
            list.push(entry);
        }
    }
}

fn object(value: &mut Value) -> &mut Map<String, Value> {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    match value {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

/// For each `name[]` list (by its path), the row that made its last
/// element: a row's cells share one element, and a row with none of them
/// adds none (no gaps).
#[derive(Default)]
struct PerRow(std::collections::HashMap<String, usize>);

/// Puts `value` at `path` for the customer's `row`-th row. A field given
/// twice with different values (two rows that disagree) is an error; a
/// list gathers the items of every row.
fn place(
    root: &mut Value,
    path: &FieldPath,
    (row, per_row): (usize, &mut PerRow),
    value: Value,
) -> Result<(), String> {
    let mut node = root;
    let last = path.segments.len() - 1;
    for (i, segment) in path.segments.iter().enumerate() {
        let slot = object(node).entry(segment.name.clone());
        if segment.index == Index::None {
            node = slot.or_insert(Value::Null);
            if i == last {
                return set(node, value);
            }
            continue;
        }
        let list = slot.or_insert_with(|| Value::Array(Vec::new()));
        node = match &segment.index {
            Index::None => unreachable!("handled above"),
            Index::PerRow => {
                let key = path.segments[..=i]
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                let fresh = per_row.0.insert(key, row) != Some(row);
                let Value::Array(items) = list else {
                    return Err("a list and a single value at the same path".to_string());
                };
                if fresh || items.is_empty() {
                    items.push(Value::Object(Map::new()));
                }
                items.last_mut().ok_or("an empty list")?
            }
            index => element(list, index)?,
        };
        if i < last {
            continue;
        }
        return set(node, value);
    }
    Ok(())
}

/// The element of a list a step names, made if it is not there yet.
fn element<'a>(list: &'a mut Value, index: &Index) -> Result<&'a mut Value, String> {
    let Value::Array(items) = list else {
        return Err("a list and a single value at the same path".to_string());
    };
    let at = match index {
        Index::None | Index::PerRow => unreachable!("handled by `place`"),
        Index::At(n) => *n,
        Index::Key { field, value } => match items
            .iter()
            .position(|e| e.get(*field).and_then(Value::as_str) == Some(value))
        {
            Some(at) => at,
            None => {
                items.push(serde_json::json!({ *field: value }));
                items.len() - 1
            }
        },
    };
    while items.len() <= at {
        items.push(Value::Object(Map::new()));
    }
    Ok(&mut items[at])
}

fn set(node: &mut Value, value: Value) -> Result<(), String> {
    match (node, value) {
        (node @ Value::Null, value) => {
            *node = value;
            Ok(())
        }
        (Value::Array(items), Value::Array(more)) => {
            for item in more {
                if !items.contains(&item) {
                    items.push(item);
                }
            }
            Ok(())
        }
        (node, value) if *node == value => Ok(()),
        _ => Err("rows of this customer disagree on this field".to_string()),
    }
}
