//! JSON profiles and manifests. A manifest's customers are kept as raw text
//! slices and deserialized one by one, so a bad record is located in the
//! file (line, column, field path) and the others are still briefed.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::{Event, Profile, Shift, Sink};
use crate::error::{line_col, safe_message, InputError};

pub fn load(input: &str, text: &str, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    let top: BTreeMap<String, &RawValue> = match serde_json::from_str(text) {
        Ok(top) => top,
        Err(err) => {
            sink(Event::Begin {
                input: input.into(),
                shift: None,
            })?;
            return sink(Event::Error(json_error(input, &err, (0, 0), "")));
        }
    };
    if top.contains_key("customers") || top.contains_key("shift") {
        return load_manifest(input, text, top, sink);
    }
    sink(Event::Begin {
        input: input.into(),
        shift: None,
    })?;
    sink(match record::<Profile>(input, text, text, "") {
        Ok(p) => Event::Profile(Box::new(p)),
        Err(e) => Event::Error(e),
    })
}

fn load_manifest(
    input: &str,
    text: &str,
    top: BTreeMap<String, &RawValue>,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let mut shift = None;
    let mut customers = Vec::new();
    let mut errors = Vec::new();
    for (key, raw) in top {
        match key.as_str() {
            "shift" => match record::<Shift>(input, text, raw.get(), "shift") {
                Ok(s) => shift = Some(s),
                Err(e) => errors.push(e),
            },
            "customers" => match record::<Vec<&RawValue>>(input, text, raw.get(), "customers") {
                Ok(items) => customers = items.into_iter().map(RawValue::get).collect(),
                Err(e) => errors.push(e),
            },
            _ => errors.push(
                InputError::new(input, "unknown key, expected `shift` or `customers`")
                    .at(Some(line_col(text, offset_in(text, raw.get())))),
            ),
        }
    }
    sink(Event::Begin {
        input: input.into(),
        shift,
    })?;
    for error in errors {
        sink(Event::Error(error))?;
    }
    for (i, slice) in customers.into_iter().enumerate() {
        let prefix = format!("customers[{i}]");
        sink(match record::<Profile>(input, text, slice, &prefix) {
            Ok(p) => Event::Profile(Box::new(p)),
            Err(e) => Event::Error(e),
        })?;
    }
    Ok(())
}

/// Byte offset of `slice`, which borrows from `text`.
fn offset_in(text: &str, slice: &str) -> usize {
    (slice.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// Deserializes `slice` (a part of `text`), locating errors in `text`.
fn record<'a, T: serde::Deserialize<'a>>(
    input: &str,
    text: &str,
    slice: &'a str,
    prefix: &str,
) -> Result<T, InputError> {
    let base = line_col(text, offset_in(text, slice));
    parse(input, slice, base, prefix)
}

/// Deserializes one JSON text that starts at `base` (line, column) of its
/// input. Field paths are only tracked on a second pass after an error:
/// tracking them costs an allocation per key, on every record.
pub(super) fn parse<'a, T: serde::Deserialize<'a>>(
    input: &str,
    slice: &'a str,
    base: (usize, usize),
    prefix: &str,
) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_str(slice);
    let first = T::deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    first.map_err(|err| {
        let mut de = serde_json::Deserializer::from_str(slice);
        let path = match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(located) => super::join_path(prefix, &located.path().to_string()),
            Ok(_) => prefix.to_string(),
        };
        json_error(input, &err, base, &path)
    })
}

/// A located error from serde_json; `base` is where the parsed slice
/// starts in the file (line, column), `(0, 0)` for the whole file.
pub(super) fn json_error(
    input: &str,
    err: &serde_json::Error,
    base: (usize, usize),
    path: &str,
) -> InputError {
    let (line, column) = (err.line(), err.column());
    let at = match base {
        (0, 0) | (1, 1) => (line, column),
        (bl, bc) if line <= 1 => (bl, bc + column.saturating_sub(1)),
        (bl, _) => (bl + line - 1, column),
    };
    let position = (at.0 > 0).then_some(at);
    InputError::new(input, safe_message(&err.to_string()))
        .at(position)
        .path(path)
}
