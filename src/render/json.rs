//! `--format json`: one document, the serialised [`Briefing`] (spec §6).

use std::io::{self, Write};

use super::{Collected, Renderer};
use crate::brief::Briefed;
use crate::briefing::{Briefing, ErrorOut, Header, Summary, SCHEMA_VERSION};

pub struct Json<'w> {
    out: &'w mut dyn Write,
    collected: Collected,
}

impl<'w> Json<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Json {
            out,
            collected: Collected::default(),
        }
    }
}

impl Renderer for Json<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.collected.begin(header);
        Ok(())
    }

    fn customer(&mut self, customer: Briefed) -> io::Result<()> {
        self.collected.customers.push(customer.row);
        Ok(())
    }

    fn error(&mut self, error: &ErrorOut) -> io::Result<()> {
        self.collected.errors.push(error.clone());
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        let collected = std::mem::take(&mut self.collected);
        let Some(header) = collected.header else {
            return Ok(());
        };
        let briefing = Briefing {
            schema_version: SCHEMA_VERSION,
            header,
            customers: collected.customers,
            errors: collected.errors,
        };
        serde_json::to_writer_pretty(&mut *self.out, &briefing)?;
        writeln!(self.out)
    }
}
