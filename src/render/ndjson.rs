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
        write_line(&mut *self.out, kind, data)
    }
}

impl Renderer for Ndjson<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.line("shift", header)
    }

    fn customer(&mut self, customer: Briefed) -> io::Result<()> {
        self.line("customer", &customer.row)
    }

    fn prerender(&self) -> Option<super::Render> {
        Some(customer_line)
    }

    fn error(&mut self, error: &ErrorOut) -> io::Result<()> {
        self.line("error", error)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.line("summary", summary)
    }
}

/// One `{"type": …, "data": …}` line.
fn write_line<W: Write, T: Serialize>(mut out: W, kind: &str, data: &T) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a, T> {
        #[serde(rename = "type")]
        kind: &'a str,
        data: &'a T,
    }
    serde_json::to_writer(&mut out, &Line { kind, data })?;
    out.write_all(b"\n")
}

/// One `customer` line, rendered on its own (see `Renderer::prerender`),
/// straight into a `Vec` (no dynamic writer on the hot path).
fn customer_line(customer: &Briefed, bytes: &mut Vec<u8>) {
    // Writing into a Vec cannot fail.
    let _ = write_line(bytes, "customer", &customer.row);
}
