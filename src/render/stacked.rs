//! The terminal layout for narrow screens: where a table could not give
//! the cue a readable column, each customer is a block of their own — ref
//! and name, then each cue with its aim, wrapped at word boundaries (a word
//! is split only when it is wider than the whole line) — with a light rule
//! between customers.

use std::io::{self, Write};

use super::renderer::{Entry, Section};
use super::terminal::{ansi_colour, NOTHING_TO_ADD, NOT_BRIEFED};
use super::{layout, terminal};
use crate::model::{CustomerBrief, SafeText};

/// A cue's later lines start this far in.
const HANG: &str = "    ";

pub(super) fn write(
    out: &mut dyn Write,
    section: &Section<CustomerBrief>,
    width: usize,
    color: bool,
) -> io::Result<()> {
    let rule = "┈".repeat(width.max(12));
    writeln!(out, "{rule}")?;
    for entry in &section.entries {
        match entry {
            Entry::Customer(customer) => write_customer(out, customer, width, color)?,
            Entry::NotBriefed(error) => match &error.reference {
                Some(reference) => {
                    terminal::wrapped(out, "", reference.as_str(), width)?;
                    terminal::wrapped(out, "  ", NOT_BRIEFED, width)?;
                }
                None => continue,
            },
        }
        writeln!(out, "{rule}")?;
    }
    Ok(())
}

fn write_customer(
    out: &mut dyn Write,
    customer: &CustomerBrief,
    width: usize,
    color: bool,
) -> io::Result<()> {
    let reference = SafeText::or(customer.reference.as_ref(), "—");
    let name = SafeText::or(customer.address_as.as_ref(), "—");
    terminal::wrapped(out, "", &format!("{reference} · {name}"), width)?;
    if customer.cues.is_empty() {
        return terminal::wrapped(out, "  ", NOTHING_TO_ADD, width);
    }
    for cue in &customer.cues {
        let aim = cue.aim.as_str();
        let text = format!("{aim} · {}", cue.text);
        let room = width.saturating_sub(HANG.len()).max(12);
        for (i, line) in layout::wrap(&text, room).iter().enumerate() {
            if i > 0 {
                writeln!(out, "{HANG}{line}")?;
            } else if color && line.starts_with(aim) {
                let rest = &line[aim.len()..];
                writeln!(out, "  {}{aim}\x1b[0m{rest}", ansi_colour(cue.aim))?;
            } else {
                writeln!(out, "  {line}")?;
            }
        }
    }
    Ok(())
}
