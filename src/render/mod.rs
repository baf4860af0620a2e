//! Staff renderers: one per output format, each writing the briefing model
//! ([`crate::model`]: header, each customer's brief, errors, totals) to any
//! `io::Write`, so tests render into a `Vec<u8>`. A renderer is handed
//! nothing else: no profile, no withheld field, no reason, no source path
//! (`tests/architecture.rs` keeps this folder from reaching them).
//! [`for_format`] is the one place a format is mapped to its printer.
//!
//! Adding a format: a file here with a [`Document`] (printed at the end)
//! or a [`Renderer`] (printed as it goes), and its line in [`for_format`].
//! `explain` reuses [`Buffered`], [`json`] and [`ndjson`] for its own model.

pub(crate) mod html;
pub(crate) mod json;
mod layout;
pub(crate) mod markdown;
pub(crate) mod ndjson;
mod renderer;
mod stacked;
mod table;
mod terminal;

pub use table::PAGE;

use std::io::Write;

pub(crate) use renderer::{
    make, names, plural, Buffered, Collected, Document, Formats, RenderOne, Renderer, Section,
    TableStyle,
};

use crate::model::CustomerBrief;
use crate::vocab::Format;

/// The staff formats, each with its printer, in the order `--help` names
/// them: the one place a format is mapped to its printer, and the list
/// `brief --format` is checked against.
#[rustfmt::skip] // A table: one line a format.
pub(crate) const FORMATS: Formats<CustomerBrief> = &[
    (Format::Table, |out, style| Buffered::boxed(out, table::Table { style })),
    (Format::Json, |out, _| Buffered::boxed(out, json::Json)),
    (Format::Ndjson, |out, _| Box::new(ndjson::Ndjson::new(out))),
    (Format::Markdown, |out, _| Buffered::boxed(out, markdown::Markdown)),
    (Format::Html, |out, _| Buffered::boxed(out, html::Html)),
];

/// The staff renderer for `format`, writing into `out`.
pub(crate) fn for_format<'w>(
    format: Format,
    out: &'w mut dyn Write,
    style: TableStyle,
) -> anyhow::Result<Box<dyn Renderer<CustomerBrief> + 'w>> {
    renderer::make(FORMATS, format, out, style)
}
