//! The explanation as a Markdown handout: shift header and purpose lines,
//! a section per customer with a table of cues (rule, rung, variant, cue,
//! source fields) and a table of withheld fields (path, reason), then the
//! legend. Text from input is escaped; paths and variants are our own
//! words and go in code spans.

use std::io::{self, Write};

use super::model::{grouped, withheld, Explained};
use crate::model::SafeText;
use crate::render::markdown::{escape, header_block, legend};
use crate::render::{Collected, Document};

/// Prints an explanation as a Markdown handout.
pub(super) struct Markdown;

impl Document<Explained> for Markdown {
    fn write(&self, out: &mut dyn Write, all: &Collected<Explained>) -> io::Result<()> {
        for section in &all.sections {
            header_block(out, "Explanation", &section.header)?;
            writeln!(
                out,
                "Fields are named by their path in the profile; no value is ever shown.\n"
            )?;
            for customer in section.customers() {
                write_customer(out, customer)?;
            }
            let mut errors = section.errors().peekable();
            if errors.peek().is_some() {
                writeln!(out, "## Not briefed\n")?;
                for error in errors {
                    writeln!(out, "- {}", escape(&error.to_string()))?;
                }
                writeln!(out)?;
            }
        }
        writeln!(
            out,
            "{} customers · {} cues · {} fields withheld\n",
            all.summary.customers,
            all.summary.cues,
            withheld(all)
        )?;
        legend(out)
    }
}

fn write_customer(out: &mut dyn Write, c: &Explained) -> io::Result<()> {
    let reference = escape(SafeText::or(c.reference.as_ref(), "—"));
    let name = escape(SafeText::or(c.address_as.as_ref(), "(no name)"));
    writeln!(out, "## {reference} · {name}\n")?;
    if c.cues.is_empty() {
        writeln!(out, "No cues: a warm, usual welcome.\n")?;
    } else {
        writeln!(out, "| # | Rule | Rung | Aim | Variant | Cue | From |")?;
        writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |")?;
        for (i, cue) in c.cues.iter().enumerate() {
            let c = &cue.cue;
            let rung = c.rung.map_or("–".to_string(), |r| r.to_string());
            let sources: Vec<String> = cue.sources.iter().map(|s| code(s.as_str())).collect();
            writeln!(
                out,
                "| {} | {} | {rung} | {} | {} | {} | {} |",
                i + 1,
                c.rule,
                c.aim.as_str(),
                code(&c.variant),
                escape(c.text.as_str()),
                sources.join(", ")
            )?;
        }
        writeln!(out)?;
    }
    if c.withheld.is_empty() {
        return writeln!(out, "Nothing withheld.\n");
    }
    writeln!(out, "| Withheld field | Reason |")?;
    writeln!(out, "| --- | --- |")?;
    for (path, reason) in grouped(&c.withheld) {
        // Reasons are cuecard's own words, never input: no escaping needed.
        writeln!(out, "| {} | {reason} |", code(&path))?;
    }
    writeln!(out)
}

/// A code span for our own identifiers (paths, variant ids); anything that
/// could end the span or a table cell falls back to escaped text.
fn code(text: &str) -> String {
    if text.contains(['`', '|']) || text.trim() != text || text.is_empty() {
        escape(text)
    } else {
        format!("`{text}`")
    }
}
