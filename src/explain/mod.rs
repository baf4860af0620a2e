//! `cuecard explain`: for trainers and privacy leads, per customer, each
//! cue with its rule, rung, variant and source field paths, and each
//! withheld field with its path and reason — never a value.

use std::io::{self, Write};

use serde::Serialize;

use crate::brief::Briefed;
use crate::briefing::{Cue, ErrorOut, Header, SafeText, Summary, SCHEMA_VERSION};
use crate::classify::{Reason, Withheld};
use crate::cli::Format;
use crate::render::Renderer;
use crate::vocab::Familiarity;

#[derive(Serialize, Clone)]
pub struct Explained {
    #[serde(rename = "ref")]
    pub reference: Option<SafeText>,
    pub address_as: Option<SafeText>,
    pub cues: Vec<ExplainedCue>,
    pub withheld: Vec<WithheldOut>,
}

#[derive(Serialize, Clone)]
pub struct ExplainedCue {
    #[serde(flatten)]
    pub cue: Cue,
    pub sources: Vec<SafeText>,
}

#[derive(Serialize, Clone)]
pub struct WithheldOut {
    pub path: SafeText,
    pub reason: String,
}

/// The reason a field was withheld, as trainers read it.
pub fn describe(reason: &Reason, familiarity: Familiarity) -> String {
    match reason {
        Reason::Restricted(c, t) => format!("restricted: {c} ({})", t.as_str()),
        Reason::UnknownCategory => "restricted: unknown category (withhold)".into(),
        Reason::UnknownCode => "unknown service code (withhold)".into(),
        Reason::Never(why) => format!("never cued: {why}"),
        Reason::FreeText => "free text".into(),
        Reason::Inferred => "inferred".into(),
        Reason::Identifier => "identifier".into(),
        Reason::RestrictedWord => "restricted: names a restricted subject".into(),
        Reason::RestrictedPurchase => "restricted purchase category".into(),
        Reason::AboveFamiliarity { rung } => {
            format!("above familiarity: rung {rung} > {familiarity}")
        }
        Reason::Consent => "consent".into(),
        Reason::NotCued => "not cued: over max_cues".into(),
        Reason::UnderTone => "held back: a gentle tone applies today".into(),
        Reason::NoPhrasing => "not cued: no phrasing for this rule".into(),
    }
}

fn withheld_out(withheld: Vec<Withheld>, familiarity: Familiarity) -> Vec<WithheldOut> {
    withheld
        .into_iter()
        .map(|w| WithheldOut {
            path: SafeText::new(&w.path),
            reason: describe(&w.reason, familiarity),
        })
        .collect()
}

/// The renderer for `explain` in the given format.
pub fn renderer<'w>(format: Format, out: &'w mut dyn Write) -> Box<dyn Renderer + 'w> {
    Box::new(ExplainRenderer {
        out,
        format,
        header: None,
        customers: Vec::new(),
        errors: Vec::new(),
    })
}

fn explained(b: Briefed, familiarity: Familiarity) -> Explained {
    let cues = b
        .row
        .cues
        .into_iter()
        .zip(b.sources)
        .map(|(cue, sources)| ExplainedCue {
            cue,
            sources: sources.iter().map(|s| SafeText::new(s)).collect(),
        });
    Explained {
        reference: b.row.reference,
        address_as: b.row.address_as,
        cues: cues.collect(),
        withheld: withheld_out(b.withheld, familiarity),
    }
}

struct ExplainRenderer<'w> {
    out: &'w mut dyn Write,
    format: Format,
    header: Option<Header>,
    customers: Vec<Explained>,
    errors: Vec<ErrorOut>,
}

#[derive(Serialize)]
struct ExplainDoc<'a> {
    schema_version: u32,
    #[serde(flatten)]
    header: &'a Header,
    customers: &'a [Explained],
    errors: &'a [ErrorOut],
}

impl ExplainRenderer<'_> {
    fn text(&mut self, markdown: bool) -> io::Result<()> {
        let Some(header) = &self.header else {
            return Ok(());
        };
        let (h1, h2, bullet) = if markdown {
            ("# ", "## ", "- ")
        } else {
            ("", "", "  ")
        };
        let esc = |s: &str| {
            if markdown {
                crate::render::escape_markdown(s)
            } else {
                s.to_string()
            }
        };
        let title = header
            .shift
            .title
            .as_ref()
            .map_or("Briefing", |t| t.as_str());
        writeln!(
            self.out,
            "{h1}Explanation: {} · {} · {} · {}\n",
            esc(title),
            header.shift.date,
            header.shift.setting,
            header.familiarity
        )?;
        for c in &self.customers {
            let who = c.reference.as_ref().map_or("—", |r| r.as_str());
            let name = c.address_as.as_ref().map_or("(no name)", |n| n.as_str());
            writeln!(self.out, "{h2}{} — {}", esc(who), esc(name))?;
            for cue in &c.cues {
                let rung = cue.cue.rung.map_or("—".to_string(), |r| r.to_string());
                let sources: Vec<String> = cue.sources.iter().map(|s| esc(s.as_str())).collect();
                writeln!(
                    self.out,
                    "{bullet}cue  {} (rung {rung}, {}): {}",
                    cue.cue.rule,
                    esc(&cue.cue.variant),
                    esc(cue.cue.text.as_str())
                )?;
                writeln!(self.out, "{bullet}     from {}", sources.join(", "))?;
            }
            for w in &c.withheld {
                writeln!(
                    self.out,
                    "{bullet}held {}: {}",
                    esc(w.path.as_str()),
                    w.reason
                )?;
            }
            writeln!(self.out)?;
        }
        for e in &self.errors {
            writeln!(self.out, "{bullet}not briefed: {}", esc(&e.to_string()))?;
        }
        Ok(())
    }
}

fn ndjson_line<T: Serialize>(out: &mut dyn Write, kind: &str, data: &T) -> io::Result<()> {
    let line = serde_json::json!({"type": kind, "data": data});
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

impl Renderer for ExplainRenderer<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        if self.format == Format::Ndjson {
            ndjson_line(self.out, "shift", header)?;
        }
        self.header = Some(header.clone());
        Ok(())
    }

    fn customer(&mut self, customer: Briefed) -> io::Result<()> {
        let familiarity = self
            .header
            .as_ref()
            .map_or(Familiarity::Warm, |h| h.familiarity);
        let e = explained(customer, familiarity);
        if self.format == Format::Ndjson {
            return ndjson_line(self.out, "customer", &e);
        }
        self.customers.push(e);
        Ok(())
    }

    fn error(&mut self, error: &ErrorOut) -> io::Result<()> {
        if self.format == Format::Ndjson {
            return ndjson_line(self.out, "error", error);
        }
        self.errors.push(error.clone());
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        match self.format {
            Format::Ndjson => ndjson_line(self.out, "summary", summary),
            Format::Json => {
                let Some(header) = &self.header else {
                    return Ok(());
                };
                let doc = ExplainDoc {
                    schema_version: SCHEMA_VERSION,
                    header,
                    customers: &self.customers,
                    errors: &self.errors,
                };
                serde_json::to_writer_pretty(&mut *self.out, &doc)?;
                writeln!(self.out)
            }
            Format::Table => self.text(false),
            Format::Markdown => self.text(true),
        }
    }
}
