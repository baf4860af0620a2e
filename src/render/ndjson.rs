//! `--format ndjson`: a `shift` line, then one `customer` line per customer
//! as soon as it is briefed, `error` lines, and a last `summary` line.

use std::io::{self, Write};

use serde::Serialize;

use super::Renderer;
use crate::brief::Briefed;
use crate::briefing::{ErrorOut, Header, Summary};

pub struct Ndjson<'w> {
    out: &'w mut dyn Write,
}

impl<'w> Ndjson<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Ndjson { out }
    }

    fn line<T: Serialize>(&mut self, kind: &str, data: &T) -> io::Result<()> {
        #[derive(Serialize)]
        struct Line<'a, T> {
            #[serde(rename = "type")]
            kind: &'a str,
            data: &'a T,
        }
        serde_json::to_writer(&mut *self.out, &Line { kind, data })?;
        self.out.write_all(b"\n")
    }
}

impl Renderer for Ndjson<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.line("shift", header)
    }

    fn customer(&mut self, customer: Briefed) -> io::Result<()> {
        self.line("customer", &customer.row)
    }

    fn prerender(&self) -> Option<fn(&Briefed) -> Vec<u8>> {
        Some(customer_line)
    }

    fn rendered(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    fn error(&mut self, error: &ErrorOut) -> io::Result<()> {
        self.line("error", error)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.line("summary", summary)
    }
}

/// One `customer` line, rendered on its own (see `Renderer::prerender`).
fn customer_line(customer: &Briefed) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(512);
    let mut line = Ndjson { out: &mut bytes };
    // Writing into a Vec cannot fail.
    let _ = line.line("customer", &customer.row);
    bytes
}
