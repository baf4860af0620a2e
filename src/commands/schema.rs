//! `cuecard schema`: the JSON Schema of each format, generated (schemars)
//! from the very types that parse input — [`Profile`], [`Manifest`],
//! [`Config`] — and that the JSON output serialises — [`Briefing`],
//! [`Explanation`] — so the schemas cannot drift from the code. Other tools
//! use them to check what they send and read.
//!
//! TOML inputs follow the same schemas once read as JSON (a TOML date is
//! then a `YYYY-MM-DD` string).

use std::io::Write;

use schemars::Schema;

use crate::cli::SchemaKind;
use crate::config::Config;
use crate::error::{Code, Fail};
use crate::explain::Explanation;
use crate::input::profile::{Manifest, Profile};
use crate::input::table::mapping::MappingSchema;
use crate::model::Briefing;

/// The schema of one format.
pub(crate) fn schema(kind: SchemaKind) -> Schema {
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
        SchemaKind::Mapping => (
            schemars::schema_for!(MappingSchema),
            "A mapping file (TOML): what each column of a CSV or spreadsheet export becomes \
             in a profile. Every column must be listed, mapped or ignored.",
        ),
    };
    schema.insert("description".into(), about.into());
    schema
}

/// Prints a schema as pretty JSON; without a kind, says which there are.
pub(super) fn write(kind: Option<SchemaKind>, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(kind) = kind else {
        return Err(Fail::new(
            Code::Usage,
            "`cuecard schema` needs a kind: profile, manifest, config, briefing, explanation or mapping (e.g. `cuecard schema profile`)",
        ));
    };
    let mut text = serde_json::to_string_pretty(&schema(kind))?;
    text.push('\n');
    out.write_all(text.as_bytes())?;
    Ok(())
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
