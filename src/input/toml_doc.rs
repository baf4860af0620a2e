//! TOML profiles and manifests. The document is parsed once into a spanned
//! tree, then each customer is deserialized on its own, so a bad record is
//! located (line, column, field path) and the others are still briefed.

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use super::{Event, Profile, Shift, Sink};
use crate::error::{line_col, safe_message, InputError};

pub fn load(input: &str, text: &str, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(err) => {
            sink(Event::Begin {
                input: input.into(),
                shift: None,
            })?;
            let at = err.span().map(|s| line_col(text, s.start));
            return sink(Event::Error(
                InputError::new(input, safe_message(err.message())).at(at),
            ));
        }
    };
    let is_manifest = doc
        .get_ref()
        .keys()
        .any(|k| matches!(k.get_ref().as_ref(), "customers" | "shift"));
    if is_manifest {
        load_manifest(input, text, doc.into_inner(), sink)
    } else {
        sink(Event::Begin {
            input: input.into(),
            shift: None,
        })?;
        let table = whole(doc);
        sink(
            record::<Profile>(input, text, table, "", |doc| Some(whole(doc)))
                .map_or_else(Event::Error, |p| Event::Profile(Box::new(p))),
        )
    }
}

fn load_manifest(
    input: &str,
    text: &str,
    doc: DeTable<'_>,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let mut shift = None;
    let mut customers = Vec::new();
    let mut errors = Vec::new();
    for (key, value) in doc {
        match key.get_ref().as_ref() {
            "shift" => {
                match record::<Shift>(input, text, value, "shift", |doc| entry(doc, "shift")) {
                    Ok(s) => shift = Some(s),
                    Err(e) => errors.push(e),
                }
            }
            "customers" => match value.into_inner() {
                DeValue::Array(items) => customers = items.into_iter().collect(),
                _ => errors.push(
                    InputError::new(input, "wrong type, expected an array of profiles")
                        .at(Some(line_col(text, key.span().start)))
                        .path("customers"),
                ),
            },
            _ => errors.push(
                InputError::new(input, "unknown key, expected `shift` or `customers`")
                    .at(Some(line_col(text, key.span().start))),
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
    for (i, item) in customers.into_iter().enumerate() {
        let prefix = format!("customers[{i}]");
        let nth = |doc| match entry(doc, "customers")?.into_inner() {
            DeValue::Array(items) => items.into_iter().nth(i),
            _ => None,
        };
        let event = match record::<Profile>(input, text, item, &prefix, nth) {
            Ok(p) => Event::Profile(Box::new(p)),
            Err(e) => Event::Error(e),
        };
        sink(event)?;
    }
    Ok(())
}

/// Deserializes one spanned value, locating any error without its value.
///
/// The field path of an error is only tracked once there is an error: the
/// document is parsed again, `find` takes the same value out of it, and it
/// is deserialized once more through `serde_path_to_error`. Tracking the
/// path of every field of every good record cost more than a fifth of
/// reading a manifest.
fn record<'t, T: DeserializeOwned>(
    input: &str,
    text: &'t str,
    value: Spanned<DeValue<'t>>,
    prefix: &str,
    find: impl FnOnce(Spanned<DeTable<'t>>) -> Option<Spanned<DeValue<'t>>>,
) -> Result<T, InputError> {
    let start = value.span().start;
    let error = match T::deserialize(ValueDeserializer::from(value)) {
        Ok(record) => return Ok(record),
        Err(error) => error,
    };
    let located = DeTable::parse(text).ok().and_then(find).map(|again| {
        serde_path_to_error::deserialize::<_, T>(ValueDeserializer::from(again))
            .map(|_| ())
            .map_err(|err| (err.path().to_string(), err.into_inner()))
    });
    let (path, inner) = match located {
        Some(Err((path, inner))) => (path, inner),
        // Not found again (it always is): the error, without its path.
        _ => (String::new(), error),
    };
    let offset = inner.span().map_or(start, |s| s.start);
    Err(InputError::new(input, safe_message(inner.message()))
        .at(Some(line_col(text, offset)))
        .path(super::join_path(prefix, &path)))
}

/// The whole document as one value.
fn whole(doc: Spanned<DeTable<'_>>) -> Spanned<DeValue<'_>> {
    Spanned::new(doc.span(), DeValue::Table(doc.into_inner()))
}

/// The value of a top-level key.
fn entry<'t>(doc: Spanned<DeTable<'t>>, key: &str) -> Option<Spanned<DeValue<'t>>> {
    doc.into_inner()
        .into_iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}
