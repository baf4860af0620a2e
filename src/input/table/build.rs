//! A customer's rows → a profile: each mapped cell is read as its field's
//! kind (text, count, yes/no, date, list), placed at its path, and the
//! whole is read by the same strict profile type as every other input, so
//! a CSV customer is checked exactly as a JSON one. Messages name the row,
//! the column's header and the field path, never a cell.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::mapping::{Column, Target};
use super::path::{FieldPath, Index, Kind};
use super::rows::Row;
use crate::error::{safe_message, InputError};
use crate::input::event::join_path;
use crate::input::profile::Profile;

/// The file's columns, in order: each header and what it becomes.
pub(crate) struct Layout {
    pub(crate) headers: Vec<String>,
    pub(crate) columns: Vec<Column>,
}

/// Reads one customer's rows into a profile.
pub(crate) fn profile(
    input: &str,
    layout: &Layout,
    rows: &[Row],
) -> Result<Box<Profile>, InputError> {
    let mut root = Value::Object(Map::new());
    let mut per_row = PerRow::default();
    // The ref first, so a customer whose later cell is bad keeps its place.
    let known = reference_of(layout, rows);
    for (n, row) in rows.iter().enumerate() {
        for (i, (column, cell)) in layout.columns.iter().zip(&row.cells).enumerate() {
            let fail = |message: String| {
                InputError::new(input, about(&layout.headers[i], &column.target, &message))
                    .at(Some((row.number, i + 1)))
                    .reference(known.clone())
            };
            let cell = if column.trim {
                cell.trim()
            } else {
                cell.as_str()
            };
            if cell.is_empty() {
                continue;
            }
            match &column.target {
                Target::Ignore => {}
                Target::Sensitive(category) => push_sensitive(&mut root, category),
                Target::Field(path) => {
                    let value = read_cell(column, path.kind, cell)
                        .map_err(|m| fail(m).path(path.to_string()))?;
                    place(&mut root, path, (n, &mut per_row), value)
                        .map_err(|m| fail(m).path(path.to_string()))?;
                }
            }
        }
    }
    // Read plainly first; only a profile that fails is read again to
    // find the path of what failed.
    if let Ok(profile) = Profile::deserialize(&root) {
        return Ok(Box::new(profile));
    }
    let first = rows.first().map_or(0, |r| r.number);
    let reference = known.clone();
    serde_path_to_error::deserialize::<_, Profile>(&root)
        .map(Box::new)
        .map_err(|err| {
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
        })
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
    let cell = if column.trim {
        cell.trim()
    } else {
        cell.as_str()
    };
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

/// A cell as its field's kind, after the column's `values` are applied.
fn read_cell(column: &Column, kind: Kind, cell: &str) -> Result<Value, String> {
    if let Some(value) = column.values.get(cell) {
        return Ok(value.clone());
    }
    match kind {
        Kind::Text => Ok(Value::String(cell.to_string())),
        Kind::Count => cell
            .parse::<u32>()
            .map(Value::from)
            .map_err(|_| "not a whole number from 0 to 4294967295".to_string()),
        Kind::Flag => match cell.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Ok(Value::Bool(true)),
            "false" | "no" | "n" | "0" => Ok(Value::Bool(false)),
            _ => Err("not yes or no (true/false, yes/no, y/n, 1/0; or give `values`)".to_string()),
        },
        Kind::Date => read_date(column.date_format.as_deref(), cell),
        Kind::List => Ok(Value::Array(
            cell.split(column.split.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        )),
    }
}

/// A date in the column's format, or ISO (`2026-11-22`, as workbooks'
/// date cells are read), as ISO.
fn read_date(format: Option<&str>, cell: &str) -> Result<Value, String> {
    let parsed = format
        .and_then(|f| chrono::NaiveDate::parse_from_str(cell, f).ok())
        .or_else(|| chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok());
    match parsed {
        Some(date) => Ok(Value::String(date.format("%Y-%m-%d").to_string())),
        None => Err(match format {
            Some(f) => format!("not a date in the form `{f}`"),
            None => "not a date (YYYY-MM-DD; or give the column a `date_format`)".to_string(),
        }),
    }
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
