//! What a run prints through, and the one place a briefed customer is cut
//! down to what its command's renderers may see: staff renderers get the
//! customer's brief alone (ref, address, cues), `explain`'s renderers get
//! the explanation (cues with their source paths, withheld fields with
//! their reasons, never a value).

use std::io::{self, Write};

use crate::briefer::Briefed;
use crate::explain::{self, Explained};
use crate::model::{CustomerBrief, ErrorOut, Header, Summary};
use crate::render::{self, RenderOne, Renderer, TableStyle};
use crate::settings::Settings;
use crate::vocab::Familiarity;

/// Which output a run prints: `brief`'s or `explain`'s.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Printout {
    Briefing,
    Explanation,
}

impl Printout {
    /// The command that prints it, as the audit log names it.
    pub(crate) fn command(self) -> &'static str {
        match self {
            Printout::Briefing => "brief",
            Printout::Explanation => "explain",
        }
    }
}

pub(crate) enum Printer<'w> {
    Staff(Box<dyn Renderer<CustomerBrief> + 'w>),
    Explain(Box<dyn Renderer<Explained> + 'w>, Familiarity),
}

impl<'w> Printer<'w> {
    /// The printer for `printout` in the settings' format, writing into `w`.
    pub(crate) fn new(
        printout: Printout,
        settings: &Settings,
        w: &'w mut dyn Write,
    ) -> anyhow::Result<Printer<'w>> {
        let style = TableStyle {
            width: settings.width,
            color: settings.color,
            jobs: settings.jobs,
        };
        Ok(match printout {
            Printout::Briefing => Printer::Staff(render::for_format(settings.format, w, style)?),
            Printout::Explanation => Printer::Explain(
                explain::renderer(settings.format, w, style)?,
                settings.tone.familiarity,
            ),
        })
    }

    /// For formats that print each customer as it is briefed: how one
    /// customer's brief is rendered on the `--jobs` threads.
    pub(crate) fn prerender(&self) -> Option<RenderOne<CustomerBrief>> {
        match self {
            Printer::Staff(render) => render.prerender(),
            Printer::Explain(..) => None,
        }
    }

    pub(crate) fn begin(&mut self, header: &Header) -> io::Result<()> {
        match self {
            Printer::Staff(render) => render.begin(header),
            Printer::Explain(render, _) => render.begin(header),
        }
    }

    pub(crate) fn customer(&mut self, briefed: Briefed) -> io::Result<()> {
        match self {
            Printer::Staff(render) => render.customer(briefed.row),
            Printer::Explain(render, familiarity) => {
                render.customer(explain::explained(briefed, *familiarity))
            }
        }
    }

    pub(crate) fn error(&mut self, error: &ErrorOut) -> io::Result<()> {
        match self {
            Printer::Staff(render) => render.error(error),
            Printer::Explain(render, _) => render.error(error),
        }
    }

    pub(crate) fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        match self {
            Printer::Staff(render) => render.finish(summary),
            Printer::Explain(render, _) => render.finish(summary),
        }
    }
}
