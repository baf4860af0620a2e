//! What every terminal layout shares: the shift's header lines, wrapped
//! to the width; a one-line legend of the aims shown; the totals; the
//! words for a customer with no cues or not briefed; the aims' colours.

use std::io::{self, Write};

use super::layout;
use super::renderer::plural;
use crate::model::{Header, Summary};
use crate::vocab::{Aim, AIM_MEANINGS};

/// The shift line and the purpose lines, each wrapped at word boundaries,
/// a purpose line's later lines under its first word.
pub(super) fn header(out: &mut dyn Write, header: &Header, width: usize) -> io::Result<()> {
    let shift = &header.shift;
    let title = shift.title.as_ref().map_or("Briefing", |t| t.as_str());
    let parts = [
        title.to_string(),
        shift.date.clone(),
        shift.setting.to_string(),
        header.familiarity.to_string(),
    ];
    joined(out, "", &parts, width)?;
    wrapped(out, "Aim:   ", header.purpose.achieve.as_str(), width)?;
    wrapped(out, "Avoid: ", header.purpose.avoid.as_str(), width)
}

/// `text` after `lead`, wrapped to `width` with later lines indented as
/// far as the lead.
pub(super) fn wrapped(out: &mut dyn Write, lead: &str, text: &str, width: usize) -> io::Result<()> {
    let indent = layout::width(lead);
    let room = width.saturating_sub(indent).max(12);
    for (i, line) in layout::wrap(text, room).iter().enumerate() {
        let lead = if i == 0 {
            lead.to_string()
        } else {
            " ".repeat(indent)
        };
        writeln!(out, "{lead}{line}")?;
    }
    Ok(())
}

/// `parts` joined by " · " after `lead`, a line broken only between parts
/// (a part too long for a line of its own wraps by words), so a label and
/// its meaning, or a date, never come apart.
fn joined(out: &mut dyn Write, lead: &str, parts: &[String], width: usize) -> io::Result<()> {
    let room = width.saturating_sub(layout::width(lead)).max(12);
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match lines.last_mut() {
            Some(line) if layout::width(line) + 3 + layout::width(part) <= room => {
                line.push_str(" · ");
                line.push_str(part);
            }
            _ => lines.push(part.clone()),
        }
    }
    for (i, line) in lines.iter().enumerate() {
        let lead = if i == 0 {
            lead.to_string()
        } else {
            " ".repeat(layout::width(lead))
        };
        wrapped(out, &lead, line, width)?;
    }
    Ok(())
}

/// One line (wrapped if need be) saying what each aim shown means.
pub(super) fn legend(out: &mut dyn Write, shown: &[Aim], width: usize) -> io::Result<()> {
    // The terminal's order: what to do first, then how to be.
    const ORDER: [Aim; 7] = [
        Aim::Assist,
        Aim::Care,
        Aim::Welcome,
        Aim::Thank,
        Aim::Celebrate,
        Aim::Recover,
        Aim::HeadsUp,
    ];
    let gist = |aim: Aim| {
        AIM_MEANINGS
            .iter()
            .find(|(a, ..)| *a == aim)
            .map(|(.., g)| *g)
    };
    let parts: Vec<String> = ORDER
        .into_iter()
        .filter(|aim| shown.contains(aim))
        .filter_map(|aim| Some(format!("{} = {}", aim.as_str(), gist(aim)?)))
        .collect();
    if parts.is_empty() {
        return Ok(());
    }
    joined(out, "Aims: ", &parts, width)
}

/// The totals: customers and cues, then what could not be briefed, and
/// inputs that could not be read, each counted apart.
pub(crate) fn totals(summary: &Summary) -> String {
    let mut parts = vec![
        plural(summary.customers, "customer"),
        plural(summary.cues, "cue"),
    ];
    match summary.records_not_briefed() {
        0 => {}
        n => parts.push(format!("{} not briefed (see errors)", plural(n, "record"))),
    }
    match summary.inputs_not_found {
        0 => {}
        n => parts.push(format!("{} not found", plural(n, "input"))),
    }
    match summary.inputs_unreadable {
        0 => {}
        n => parts.push(format!("{} unreadable", plural(n, "input"))),
    }
    parts.join(" · ")
}

/// What a customer who could not be briefed shows in place of cues.
pub(crate) const NOT_BRIEFED: &str =
    "No cues: their record could not be read (see errors). Greet them as usual.";

/// What a customer with nothing to add shows.
pub(crate) const NOTHING_TO_ADD: &str = "Nothing to add: a warm, usual welcome.";

/// An aim's colour, bold, as 256-colour ANSI codes (comfy-table's, so the
/// audit report and the briefing look alike).
pub(super) fn ansi_colour(aim: Aim) -> &'static str {
    match aim {
        Aim::Assist => "\x1b[38;5;14m\x1b[1m",
        Aim::Care => "\x1b[38;5;13m\x1b[1m",
        Aim::Welcome | Aim::Thank => "\x1b[38;5;10m\x1b[1m",
        Aim::Celebrate => "\x1b[38;5;11m\x1b[1m",
        Aim::Recover => "\x1b[38;5;9m\x1b[1m",
        Aim::HeadsUp => "\x1b[38;5;12m\x1b[1m",
    }
}
