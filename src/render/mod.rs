//! Renderers: one per output format, each writing the [`Briefing`] model to
//! any `io::Write` (so tests render into a `Vec<u8>`). `renderer()` is the
//! single place a format is mapped to its printer.
//!
//! [`Briefing`]: crate::briefing::Briefing

mod json;
mod layout;
mod markdown;
pub use markdown::{
    escape as escape_markdown, header_block as markdown_header, legend as markdown_legend,
};
mod ndjson;
pub mod sanitize;
mod table;

pub use table::PAGE;

use std::io::{self, Write};

use crate::brief::Briefed;
use crate::briefing::{CustomerBrief, ErrorOut, Header, Summary};
use crate::cli::Format;
use crate::settings::Jobs;

/// Renders one customer on its own, after what is in the buffer (see
/// [`Renderer::prerender`]).
pub type Render = fn(&Briefed, &mut Vec<u8>);

/// Receives a briefing piece by piece, in input order.
pub trait Renderer {
    /// The shift header; called once, before anything else.
    fn begin(&mut self, header: &Header) -> io::Result<()>;
    /// One briefed customer; staff formats read only its `row`.
    fn customer(&mut self, customer: Briefed) -> io::Result<()>;

    /// For formats that print each customer as soon as it is briefed: the
    /// pure function that renders one, so a batch is rendered on the
    /// `--jobs` threads; its bytes then go to the output in input order, in
    /// place of a call to [`Renderer::customer`].
    fn prerender(&self) -> Option<Render> {
        None
    }
    fn error(&mut self, error: &ErrorOut) -> io::Result<()>;
    /// The end of the run: buffered formats print everything now.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// How the table looks.
#[derive(Clone, Copy)]
pub struct TableStyle {
    pub width: u16,
    pub color: bool,
    /// Threads a long table's pages may be drawn on (`--jobs`).
    pub jobs: Jobs,
}

pub fn renderer<'w>(
    format: Format,
    out: &'w mut dyn Write,
    style: TableStyle,
) -> Box<dyn Renderer + 'w> {
    match format {
        Format::Table => Box::new(table::Table::new(out, style)),
        Format::Json => Box::new(json::Json::new(out)),
        Format::Ndjson => Box::new(ndjson::Ndjson::new(out)),
        Format::Markdown => Box::new(markdown::Markdown::new(out)),
    }
}

/// Buffers a whole briefing for the formats that print it at the end.
#[derive(Default)]
struct Collected {
    header: Option<Header>,
    customers: Vec<CustomerBrief>,
    errors: Vec<ErrorOut>,
}

impl Collected {
    fn begin(&mut self, header: &Header) {
        self.header = Some(header.clone());
    }
}
