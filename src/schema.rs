//! `cuecard schema`: the JSON Schema of each format, generated (schemars)
//! from the very types that parse input — [`Profile`], [`Manifest`],
//! [`Config`] — and that the JSON output serialises — [`Briefing`],
//! [`Explanation`] — so the schemas cannot drift from the code. Other tools
//! use them to check what they send and read.
//!
//! TOML inputs follow the same schemas once read as JSON (a TOML date is
//! then a `YYYY-MM-DD` string).

use std::borrow::Cow;
use std::io::Write;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::briefing::Briefing;
use crate::cli::SchemaKind;
use crate::config::Config;
use crate::explain::Explanation;
use crate::input::profile::{Manifest, Profile};
use crate::restricted::{Category, Treatment};

/// The schema of one format.
pub fn schema(kind: SchemaKind) -> Schema {
    let (mut schema, about) = match kind {
        SchemaKind::Profile => (
            schemars::schema_for!(Profile),
            "One customer profile, in TOML or JSON, or one NDJSON line.",
        ),
        SchemaKind::Manifest => (
            schemars::schema_for!(Manifest),
            "A shift's manifest: `shift` plus `customers`.",
        ),
        SchemaKind::Config => (
            schemars::schema_for!(Config),
            "A cuecard config file. Every key may be left out: a user file \
             overrides the built-in config key by key.",
        ),
        SchemaKind::Briefing => (
            schemars::schema_for!(Briefing),
            "The output of `cuecard brief --format json`.",
        ),
        SchemaKind::Explanation => (
            schemars::schema_for!(Explanation<'static>),
            "The output of `cuecard explain --format json`: per customer, each cue with \
             the fields it came from and each withheld field with its reason; never values.",
        ),
    };
    schema.insert("description".into(), about.into());
    schema
}

/// Prints a schema as pretty JSON.
pub fn write(kind: SchemaKind, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(&schema(kind))?;
    text.push('\n');
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// A config file may leave any key out: it overrides the built-in config.
pub(crate) fn every_key_optional(schema: &mut Schema) {
    schema.remove("required");
}

/// The `[restricted]` table: a treatment for each restricted category,
/// and no other key (the config's own validation says the same).
pub(crate) struct RestrictedTable;

impl JsonSchema for RestrictedTable {
    fn schema_name() -> Cow<'static, str> {
        "RestrictedTable".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let treatment = generator.subschema_for::<Treatment>();
        let properties: serde_json::Map<String, serde_json::Value> = Category::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), treatment.clone().to_value()))
            .collect();
        json_schema!({
            "description": "How each restricted category is treated: withhold, tone or assist.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_describe_strict_objects() {
        let profile = schema(SchemaKind::Profile).to_value();
        assert_eq!(profile["additionalProperties"], false);
        assert_eq!(profile["required"], serde_json::json!(["id", "name"]));
        assert_eq!(
            profile["properties"]["ref"]["type"],
            serde_json::json!(["string", "null"])
        );
        let config = schema(SchemaKind::Config).to_value();
        assert!(config.get("required").is_none());
        let restricted = &config["$defs"]["RestrictedTable"];
        assert_eq!(restricted["additionalProperties"], false);
        assert!(restricted["properties"]["bereavement"].is_object());
    }
}
