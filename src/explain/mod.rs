//! `cuecard explain`: for trainers and privacy leads, per customer, each
//! cue with its rule, rung, variant and source field paths, and each
//! withheld field with its path and reason — never a value.
//!
//! The model here ([`Explained`]) is built from a briefed customer's row,
//! cue sources and withheld list, so like the briefing it holds no profile
//! field. JSON and NDJSON are this model serialised; `table` and
//! `markdown` lay it out for reading.

mod html;
mod markdown;
mod model;
mod table;

use std::io::Write;

pub(crate) use model::{explained, Explained, Explanation};

use crate::render::json::Json;
use crate::render::ndjson::Ndjson;
use crate::render::{self, Buffered, Formats, Renderer, TableStyle};
use crate::vocab::Format;

/// `explain`'s formats, each with its printer: the list `explain --format`
/// is checked against.
#[rustfmt::skip] // A table: one line a format.
pub(crate) const FORMATS: Formats<Explained> = &[
    (Format::Table, |out, style| Buffered::boxed(out, table::Table { width: style.width })),
    (Format::Json, |out, _| Buffered::boxed(out, Json)),
    (Format::Ndjson, |out, _| Box::new(Ndjson::new(out))),
    (Format::Markdown, |out, _| Buffered::boxed(out, markdown::Markdown)),
    (Format::Html, |out, _| Buffered::boxed(out, html::Html)),
];

/// The renderer for `explain` in the given format.
pub(crate) fn renderer<'w>(
    format: Format,
    out: &'w mut dyn Write,
    style: TableStyle,
) -> anyhow::Result<Box<dyn Renderer<Explained> + 'w>> {
    render::make(FORMATS, format, out, style)
}
