//! JSON profiles and manifests. A manifest's customers are kept as raw text
//! slices and deserialized one by one, so a bad record is located in the
//! file (line, column, field path) and the others are still briefed.

use serde_json::value::RawValue;

use super::event::{join_path, Event, Sink};
use super::profile::{Profile, Shift};
use super::unique::Entries;
use crate::error::{safe_message, InputError, Locator};

pub(super) fn load(input: &str, text: &str, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    load_located(input, &Locator::new(text), sink)
}

/// Loads the locator's text; errors are located through it, so a
/// manifest of many bad records is still read in one pass.
fn load_located(input: &str, at: &Locator<'_>, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    let text = at.text();
    let top = match serde_json::from_str::<Entries<String, &RawValue>>(text) {
        Ok(Entries(top)) => top,
        Err(err) => {
            sink(Event::Begin {
                input: input.into(),
                shift: None,
            })?;
            return sink(Event::Error(json_error(input, &err, (0, 0), "")));
        }
    };
    if top.iter().any(|(k, _)| k == "customers" || k == "shift") {
        return load_manifest(input, at, top, sink);
    }
    sink(Event::Begin {
        input: input.into(),
        shift: None,
    })?;
    sink(match record::<Profile>(input, at, text, "") {
        Ok(p) => Event::Profile(Box::new(p)),
        Err(e) => Event::Error(e),
    })
}

/// A manifest's top-level keys, in the order written. Every customer of
/// every `customers` array is briefed; a key given twice is also an error,
/// so neither copy is dropped without a word, and the first `shift` holds.
fn load_manifest(
    input: &str,
    at: &Locator<'_>,
    top: Vec<(String, &RawValue)>,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let mut shift = None;
    let mut customers = Vec::new();
    let mut errors = Vec::new();
    let mut seen = (false, false);
    for (key, raw) in top {
        let located = |message: &str| {
            InputError::new(input, message).at(Some(at.line_col(offset_in(at.text(), raw.get()))))
        };
        let (first, duplicate) = match key.as_str() {
            "shift" => (!std::mem::replace(&mut seen.0, true), "shift"),
            "customers" => (!std::mem::replace(&mut seen.1, true), "customers"),
            _ => {
                errors.push(located("unknown key, expected `shift` or `customers`"));
                continue;
            }
        };
        if !first {
            errors.push(located(&format!("duplicate key `{duplicate}`")).path(duplicate));
        }
        match key.as_str() {
            "shift" if first => match record::<Shift>(input, at, raw.get(), "shift") {
                Ok(s) => shift = Some(s),
                Err(e) => errors.push(e),
            },
            "shift" => {}
            _ => match record::<Vec<&RawValue>>(input, at, raw.get(), "customers") {
                Ok(items) => customers.extend(items.into_iter().map(RawValue::get)),
                Err(e) => errors.push(e),
            },
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
        sink(match record::<Profile>(input, at, slice, &prefix) {
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

/// Deserializes `slice` (a part of the locator's text), locating errors in
/// the whole text.
fn record<'a, T: serde::Deserialize<'a>>(
    input: &str,
    at: &Locator<'_>,
    slice: &'a str,
    prefix: &str,
) -> Result<T, InputError> {
    parse(
        input,
        slice,
        || at.line_col(offset_in(at.text(), slice)),
        prefix,
    )
}

/// Deserializes one JSON text that starts at `base()` (line, column) of its
/// input, asked only on an error. Field paths are only tracked on a second
/// pass after an error: tracking them costs an allocation per key, on
/// every record.
pub(super) fn parse<'a, T: serde::Deserialize<'a>>(
    input: &str,
    slice: &'a str,
    base: impl FnOnce() -> (usize, usize),
    prefix: &str,
) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_str(slice);
    let first = T::deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    first.map_err(|err| {
        let mut de = serde_json::Deserializer::from_str(slice);
        let path = match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(located) => join_path(prefix, &located.path().to_string()),
            Ok(_) => prefix.to_string(),
        };
        json_error(input, &err, base(), &path).reference(json_ref(slice))
    })
}

/// The `ref` of a JSON record that could not be read, if it is a string:
/// so staff output can keep the customer's place.
fn json_ref(slice: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct RefOnly {
        #[serde(rename = "ref")]
        reference: Option<String>,
    }
    serde_json::from_str::<RefOnly>(slice).ok()?.reference
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads `text` through `at`, and counts the errors.
    fn errors_in(at: &Locator<'_>) -> usize {
        let mut errors = 0;
        load_located("m.json", at, &mut |event| {
            if let Event::Error(_) = event {
                errors += 1;
            }
            Ok(())
        })
        .unwrap();
        errors
    }

    /// A manifest of `n` customers, each on its own line, bad ones with a
    /// number for a name.
    fn manifest(n: usize, bad: bool) -> String {
        let name = if bad { "5" } else { "\"N\"" };
        let customers: Vec<String> = (0..n)
            .map(|i| format!("{{\"id\": \"c{i}\", \"name\": {name}}}"))
            .collect();
        format!("{{\"customers\": [\n{}\n]}}\n", customers.join(",\n"))
    }

    #[test]
    fn good_records_are_never_located() {
        let text = manifest(2_000, false);
        let at = Locator::new(&text);
        assert_eq!(errors_in(&at), 0);
        assert_eq!(at.scanned(), 0);
    }

    /// Each bad record was located from the top of the file: 40,000
    /// customers took seconds, 160,000 minutes.
    #[test]
    fn bad_records_are_located_in_one_pass_over_the_file() {
        for n in [1_000, 4_000] {
            let text = manifest(n, true);
            let at = Locator::new(&text);
            assert_eq!(errors_in(&at), n);
            // One pass, give or take a restart for a key written earlier.
            assert!(at.scanned() <= 2 * text.len(), "{n}: {}", at.scanned());
        }
    }

    #[test]
    fn a_key_given_twice_drops_nothing() {
        let text =
            r#"{"customers": [{"id": "a", "name": "A"}], "customers": [{"id": "b", "name": "B"}]}"#;
        let mut seen = Vec::new();
        load("m.json", text, &mut |event| {
            seen.push(match event {
                Event::Profile(p) => p.id.clone(),
                Event::Error(e) => e.to_string(),
                _ => return Ok(()),
            });
            Ok(())
        })
        .unwrap();
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert!(
            seen[0].contains("m.json:1:56") && seen[0].contains("duplicate key `customers`"),
            "{seen:?}"
        );
        assert_eq!(seen[1..], ["a", "b"]);
    }
}
