//! `--format json`: one document, the briefing model serialised (its
//! schema is `model::Briefing`; `explain` writes its own customers in the
//! same shape).

use std::io::{self, Write};

use serde::Serialize;

use super::renderer::{Collected, Document};
use crate::model::{ErrorOut, Header, SCHEMA_VERSION};

/// Prints a whole run as one pretty-printed JSON document.
pub(crate) struct Json;

/// A shift's document: the header's fields, then customers and errors.
#[derive(Serialize)]
struct Doc<'a, C> {
    schema_version: u32,
    #[serde(flatten)]
    header: &'a Header,
    customers: Vec<&'a C>,
    errors: Vec<&'a ErrorOut>,
}

/// One document per shift: a run over one manifest (the usual case) is one
/// document; several manifests give one after another, as `jq` reads them.
impl<C: Serialize> Document<C> for Json {
    fn write(&self, out: &mut dyn Write, run: &Collected<C>) -> io::Result<()> {
        for section in &run.sections {
            let doc = Doc {
                schema_version: SCHEMA_VERSION,
                header: &section.header,
                customers: section.customers().collect(),
                errors: section.errors().collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        Ok(())
    }
}
