//! What every renderer is: the [`Renderer`] contract the run loop prints
//! through, and [`Buffered`], which gathers a run for the formats that
//! print it whole at the end ([`Document`]).

use std::io::{self, Write};

use crate::error::{Code, Fail};
use crate::model::{ErrorOut, Header, Summary};
use crate::pool::Jobs;
use crate::vocab::Format;

/// Renders one customer on its own, appending to the buffer (see
/// [`Renderer::prerender`]).
pub(crate) type RenderOne<C> = fn(&C, &mut Vec<u8>);

/// Receives a run piece by piece, in input order: the header, then
/// customers (`C`: a staff brief, or `explain`'s model) and errors, then
/// the totals.
pub(crate) trait Renderer<C> {
    /// The shift header; called once, before anything else.
    fn begin(&mut self, header: &Header) -> io::Result<()>;
    fn customer(&mut self, customer: C) -> io::Result<()>;

    /// For formats that print each customer as soon as it is briefed: the
    /// pure function that renders one, so a batch is rendered on the
    /// `--jobs` threads; its bytes then go to the output in input order, in
    /// place of a call to [`Renderer::customer`].
    fn prerender(&self) -> Option<RenderOne<C>> {
        None
    }
    fn error(&mut self, error: &ErrorOut) -> io::Result<()>;
    /// The end of the run: buffered formats print everything now.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// How the table looks.
#[derive(Clone, Copy)]
pub(crate) struct TableStyle {
    pub(crate) width: u16,
    pub(crate) color: bool,
    /// Threads a long table's pages may be drawn on (`--jobs`).
    pub(crate) jobs: Jobs,
}

/// Makes the renderer of one format, writing into the given output.
pub(crate) type Make<C> = for<'w> fn(&'w mut dyn Write, TableStyle) -> Box<dyn Renderer<C> + 'w>;

/// A command's formats, each with the renderer that prints it.
pub(crate) type Formats<C> = &'static [(Format, Make<C>)];

/// The formats in a command's list, in order.
pub(crate) fn names<C>(formats: Formats<C>) -> Vec<Format> {
    formats.iter().map(|(format, _)| *format).collect()
}

/// The renderer for `format` from a command's `formats`.
pub(crate) fn make<'w, C>(
    formats: Formats<C>,
    format: Format,
    out: &'w mut dyn Write,
    style: TableStyle,
) -> anyhow::Result<Box<dyn Renderer<C> + 'w>> {
    match formats.iter().find(|(f, _)| *f == format) {
        Some((_, make)) => Ok(make(out, style)),
        // Settings check `--format` against the same list first.
        None => Err(Fail::new(
            Code::Internal,
            format!("`--format {format}` reached a renderer"),
        )),
    }
}

/// A whole run, as the formats that print at the end receive it: a
/// section per shift, then the totals.
pub(crate) struct Collected<C> {
    pub(crate) sections: Vec<Section<C>>,
    pub(crate) summary: Summary,
}

/// One shift's part of a run: its header, then its customers and the
/// records that could not be briefed, in input order.
pub(crate) struct Section<C> {
    pub(crate) header: Header,
    pub(crate) entries: Vec<Entry<C>>,
}

/// A customer briefed, or a record (or input) that could not be.
pub(crate) enum Entry<C> {
    Customer(C),
    NotBriefed(ErrorOut),
}

impl<C> Section<C> {
    pub(crate) fn customers(&self) -> impl Iterator<Item = &C> {
        self.entries.iter().filter_map(|e| match e {
            Entry::Customer(c) => Some(c),
            Entry::NotBriefed(_) => None,
        })
    }

    pub(crate) fn errors(&self) -> impl Iterator<Item = &ErrorOut> {
        self.entries.iter().filter_map(|e| match e {
            Entry::NotBriefed(error) => Some(error),
            Entry::Customer(_) => None,
        })
    }
}

/// A format that prints a whole run at its end (JSON, Markdown, tables).
pub(crate) trait Document<C> {
    fn write(&self, out: &mut dyn Write, run: &Collected<C>) -> io::Result<()>;
}

/// Gathers a run for a [`Document`] and prints it when the run ends.
pub(crate) struct Buffered<'w, C, D> {
    out: &'w mut dyn Write,
    document: D,
    sections: Vec<Section<C>>,
    /// Errors reported before the first header (an input that could not
    /// be read before anything was): they open the first section.
    early: Vec<Entry<C>>,
}

impl<'w, C, D> Buffered<'w, C, D> {
    pub(crate) fn new(out: &'w mut dyn Write, document: D) -> Self {
        Buffered {
            out,
            document,
            sections: Vec::new(),
            early: Vec::new(),
        }
    }

    fn entries(&mut self) -> &mut Vec<Entry<C>> {
        match self.sections.last_mut() {
            Some(section) => &mut section.entries,
            None => &mut self.early,
        }
    }
}

impl<'w, C: 'w, D: Document<C> + 'w> Buffered<'w, C, D> {
    /// A renderer that prints `document` into `out` when the run ends.
    pub(crate) fn boxed(out: &'w mut dyn Write, document: D) -> Box<dyn Renderer<C> + 'w> {
        Box::new(Buffered::new(out, document))
    }
}

impl<C, D: Document<C>> Renderer<C> for Buffered<'_, C, D> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        let entries = std::mem::take(&mut self.early);
        self.sections.push(Section {
            header: header.clone(),
            entries,
        });
        Ok(())
    }

    fn customer(&mut self, customer: C) -> io::Result<()> {
        self.entries().push(Entry::Customer(customer));
        Ok(())
    }

    fn error(&mut self, error: &ErrorOut) -> io::Result<()> {
        self.entries().push(Entry::NotBriefed(error.clone()));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let run = Collected {
            sections: std::mem::take(&mut self.sections),
            summary: summary.clone(),
        };
        self.document.write(self.out, &run)
    }
}

/// `n` and the word, plural unless `n` is one: "1 cue", "3 cues".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
