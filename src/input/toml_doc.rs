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
        let table = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
        sink(
            record::<Profile>(input, text, table, "")
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
            "shift" => match record::<Shift>(input, text, value, "shift") {
                Ok(s) => shift = Some(s),
                Err(e) => errors.push(e),
            },
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
        let event = match record::<Profile>(input, text, item, &prefix) {
            Ok(p) => Event::Profile(Box::new(p)),
            Err(e) => Event::Error(e),
        };
        sink(event)?;
    }
    Ok(())
}

/// Deserializes one spanned value, locating any error without its value.
fn record<T: DeserializeOwned>(
    input: &str,
    text: &str,
    value: Spanned<DeValue<'_>>,
    prefix: &str,
) -> Result<T, InputError> {
    let start = value.span().start;
    serde_path_to_error::deserialize(ValueDeserializer::from(value)).map_err(|err| {
        let path = super::join_path(prefix, &err.path().to_string());
        let inner = err.into_inner();
        let offset = inner.span().map_or(start, |s| s.start);
        InputError::new(input, safe_message(inner.message()))
            .at(Some(line_col(text, offset)))
            .path(path)
    })
}
