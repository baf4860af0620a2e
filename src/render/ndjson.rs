//! `--format ndjson`: a `shift` line, then one `customer` line per customer
//! as soon as it is briefed, `error` lines, and a last `summary` line.

use std::io::{self, Write};
use std::marker::PhantomData;

use serde::Serialize;

use super::renderer::{RenderOne, Renderer};
use crate::model::{ErrorOut, Header, Summary};

/// Prints each piece of a run as one JSON line, for any customer model.
pub(crate) struct Ndjson<'w, C> {
    out: &'w mut dyn Write,
    customer: PhantomData<fn(C)>,
}

impl<'w, C> Ndjson<'w, C> {
    pub(crate) fn new(out: &'w mut dyn Write) -> Self {
        Ndjson {
            out,
            customer: PhantomData,
        }
    }
}

impl<C: Serialize> Renderer<C> for Ndjson<'_, C> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        write_line(&mut *self.out, "shift", header)
    }

    fn customer(&mut self, customer: C) -> io::Result<()> {
        write_line(&mut *self.out, "customer", &customer)
    }

    fn prerender(&self) -> Option<RenderOne<C>> {
        Some(customer_line)
    }

    fn error(&mut self, error: &ErrorOut) -> io::Result<()> {
        write_line(&mut *self.out, "error", error)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        write_line(&mut *self.out, "summary", summary)
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
fn customer_line<C: Serialize>(customer: &C, bytes: &mut Vec<u8>) {
    // Writing into a Vec cannot fail.
    let _ = write_line(bytes, "customer", customer);
}
