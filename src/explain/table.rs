//! The explanation as plain text for a terminal: the shift and purpose
//! lines, then a block per customer — numbered cues (rule, rung, variant,
//! the cue itself and the fields it came from), then the withheld fields
//! in a two-column list of path and reason — and a legend. Long lines wrap
//! at the given width.

use std::io::{self, Write};

use super::model::{grouped, withheld, Explained, ExplainedCue};
use crate::model::SafeText;
use crate::render::{plural, Collected, Document};
use crate::vocab::RUNGS;

/// Left margin of a cue's second and later lines.
const INDENT: usize = 7;

/// Withheld paths longer than this put their reason on the next line.
const WIDEST_PATH: usize = 32;

/// Prints an explanation as plain text, wrapped to `width` columns.
pub(super) struct Table {
    pub(super) width: u16,
}

impl Document<Explained> for Table {
    fn write(&self, out: &mut dyn Write, all: &Collected<Explained>) -> io::Result<()> {
        let width = usize::from(self.width).max(40);
        for (i, section) in all.sections.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            let h = &section.header;
            let title = h.shift.title.as_ref().map_or("Briefing", |t| t.as_str());
            writeln!(
                out,
                "Explanation · {title} · {} · {} · familiarity {}",
                h.shift.date, h.shift.setting, h.familiarity
            )?;
            writeln!(out, "Aim:   {}", h.purpose.achieve)?;
            writeln!(out, "Avoid: {}", h.purpose.avoid)?;
            writeln!(
                out,
                "Fields are named by their path in the profile; no value is ever shown."
            )?;
            for customer in section.customers() {
                writeln!(out)?;
                write_customer(out, customer, width)?;
            }
            for error in section.errors() {
                writeln!(out, "\nnot briefed: {error}")?;
            }
        }
        writeln!(
            out,
            "\n{} · {} · {} withheld",
            plural(all.summary.customers, "customer"),
            plural(all.summary.cues, "cue"),
            plural(withheld(all), "field")
        )?;
        write_legend(out, width)
    }
}

fn write_customer(out: &mut dyn Write, c: &Explained, width: usize) -> io::Result<()> {
    let reference = SafeText::or(c.reference.as_ref(), "—");
    let name = SafeText::or(c.address_as.as_ref(), "(no name)");
    let head = format!("── {reference} · {name} ");
    let rule = "─".repeat(width.min(72).saturating_sub(head.chars().count()));
    writeln!(out, "{head}{rule}")?;
    if c.cues.is_empty() {
        writeln!(out, "Cues: none (a warm, usual welcome)")?;
    } else {
        writeln!(out, "Cues")?;
    }
    for (i, cue) in c.cues.iter().enumerate() {
        write_cue(out, i + 1, cue, width)?;
    }
    if c.withheld.is_empty() {
        return writeln!(out, "Withheld: nothing");
    }
    writeln!(out, "Withheld")?;
    let lines = grouped(&c.withheld);
    let column = lines
        .iter()
        .map(|(path, _)| path.chars().count())
        .filter(|&n| n <= WIDEST_PATH)
        .max()
        .unwrap_or(0);
    for (path, reason) in lines {
        if path.chars().count() > column {
            writeln!(out, "  {path}")?;
            writeln!(out, "  {:column$}  {reason}", "")?;
        } else {
            writeln!(out, "  {path:<column$}  {reason}")?;
        }
    }
    Ok(())
}

fn write_cue(out: &mut dyn Write, n: usize, cue: &ExplainedCue, width: usize) -> io::Result<()> {
    let c = &cue.cue;
    let rung = c.rung.map_or("–".to_string(), |r| r.to_string());
    writeln!(
        out,
        "  {n:>2}.  {} · rung {rung} · {} · {}",
        c.rule,
        c.aim.as_str(),
        c.variant
    )?;
    let pad = " ".repeat(INDENT);
    for line in wrap(&format!("“{}”", c.text), width.saturating_sub(INDENT)) {
        writeln!(out, "{pad}{line}")?;
    }
    let sources: Vec<&str> = cue.sources.iter().map(SafeText::as_str).collect();
    for line in wrap(
        &format!("from {}", sources.join(", ")),
        width.saturating_sub(INDENT),
    ) {
        writeln!(out, "{pad}{line}")?;
    }
    Ok(())
}

fn write_legend(out: &mut dyn Write, width: usize) -> io::Result<()> {
    writeln!(out, "\nRungs of the closeness ladder")?;
    for (rung, meaning) in RUNGS {
        writeln!(out, "  {rung}  {meaning}")?;
    }
    let familiarity = "Familiarity caps the rung: reserved 0–1, warm 0–2, familiar 0–3. Withheld \
         fields never reach staff, and staff output never says that anything was withheld.";
    writeln!(out)?;
    for line in wrap(familiarity, width) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Greedy word wrap; a word longer than the width gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(20);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words() {
        let lines = wrap("one two three four five six seven eight nine ten", 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "one two three four five six seven eight nine ten"
        );
        assert_eq!(wrap("", 20), [""]);
    }
}
