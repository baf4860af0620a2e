//! `--format markdown`: a printable handout for trainers: shift header,
//! purpose lines, a table with a row per customer, and a legend. Every cell
//! is escaped so no link, image, HTML or table break can come from data.

use std::io::{self, Write};

use super::renderer::{Collected, Document, Entry, Section};
use super::terminal::{self, NOT_BRIEFED};
use crate::model::{CustomerBrief, Header, SafeText};
use crate::vocab::{AIM_MEANINGS, RUNGS, RUNG_CAPS};

/// Prints a whole run as a Markdown handout.
pub(crate) struct Markdown;

impl Document<CustomerBrief> for Markdown {
    fn write(&self, out: &mut dyn Write, run: &Collected<CustomerBrief>) -> io::Result<()> {
        for section in &run.sections {
            header_block(out, "Briefing", &section.header)?;
            if section.customers().next().is_none() && !has_placeholder(section) {
                continue;
            }
            writeln!(
                out,
                "| {} | Address as | Cues |",
                section.header.shift.setting.ref_label()
            )?;
            writeln!(out, "| --- | --- | --- |")?;
            for entry in &section.entries {
                match entry {
                    Entry::Customer(customer) => write_row(out, customer)?,
                    Entry::NotBriefed(error) => {
                        if let Some(reference) = &error.reference {
                            let reference = escape(reference.as_str());
                            writeln!(out, "| {reference} | — | *{NOT_BRIEFED}* |")?;
                        }
                    }
                }
            }
            writeln!(out)?;
        }
        writeln!(out, "{}", terminal::totals(&run.summary))?;
        let errors: Vec<_> = run.sections.iter().flat_map(Section::errors).collect();
        if !errors.is_empty() {
            writeln!(out, "\n## Not briefed\n")?;
            for error in errors {
                writeln!(out, "- {}", escape(&error.to_string()))?;
            }
        }
        writeln!(out)?;
        legend(out)
    }
}

/// Whether a shift holds a record that could not be briefed but keeps its
/// place (its ref is known).
fn has_placeholder(section: &Section<CustomerBrief>) -> bool {
    section.errors().any(|e| e.reference.is_some())
}

fn write_row(out: &mut dyn Write, customer: &CustomerBrief) -> io::Result<()> {
    let reference = escape(SafeText::or(customer.reference.as_ref(), "—"));
    let name = escape(SafeText::or(customer.address_as.as_ref(), "—"));
    let cues: Vec<String> = customer
        .cues
        .iter()
        .map(|c| format!("*{}:* {}", c.aim.as_str(), escape(c.text.as_str())))
        .collect();
    let cues = if cues.is_empty() {
        "—".to_string()
    } else {
        cues.join(" · ")
    };
    writeln!(out, "| {reference} | {name} | {cues} |")
}

/// The top of a handout: a title naming the shift, its date, setting and
/// familiarity, and the purpose lines (principle 8: purpose first).
pub(crate) fn header_block(out: &mut dyn Write, kind: &str, header: &Header) -> io::Result<()> {
    let shift = &header.shift;
    let title = shift.title.as_ref().map_or("Shift", |t| t.as_str());
    writeln!(out, "# {kind}: {}\n", escape(title))?;
    writeln!(
        out,
        "**Date:** {} · **Setting:** {} · **Familiarity:** {}\n",
        shift.date, shift.setting, header.familiarity
    )?;
    writeln!(
        out,
        "- **Aim:** {}",
        escape(header.purpose.achieve.as_str())
    )?;
    writeln!(
        out,
        "- **Avoid:** {}\n",
        escape(header.purpose.avoid.as_str())
    )
}

/// The legend every handout ends with: what the aims and rungs mean.
pub(crate) fn legend(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Legend\n")?;
    writeln!(out, "Aims, shown beside each cue:\n")?;
    for (aim, meaning, _) in AIM_MEANINGS {
        writeln!(out, "- **{}:** {meaning}", aim.as_str())?;
    }
    writeln!(out, "\nRungs of the closeness ladder:\n")?;
    for (rung, meaning) in RUNGS {
        writeln!(out, "- **{rung}** {meaning}")?;
    }
    writeln!(out, "\n{RUNG_CAPS}")
}

/// Escapes Markdown so data renders as the same plain text. Punctuation
/// that can start emphasis, code, links, images, HTML, headings or table
/// cells is backslash-escaped (with `[` and `]` escaped, `(`, `)` and `!`
/// can form nothing and stay as typed); `&` becomes an entity; and what
/// GFM would turn into a link by itself (`scheme://`, `www.`, `a@b.c`) is
/// broken with an escape.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '@' => {
                out.push('\\');
                out.push(c);
            }
            ':' if rest.starts_with("//") => out.push_str("\\:"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out.replace("www.", "www\\.")
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// Parses `x <escaped>` as a paragraph (with tables and strikethrough,
    /// as GitHub does): only text may come out, reading as typed.
    fn reads_as_typed(data: &str) -> Result<(), String> {
        let md = format!("x {} y", escape(data));
        let mut text = String::new();
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for event in Parser::new_ext(&md, options) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                other => return Err(format!("{other:?} from {md:?}")),
            }
        }
        let want = format!("x {data} y");
        if text == want {
            Ok(())
        } else {
            Err(format!("{text:?} != {want:?}"))
        }
    }

    proptest! {
        #[test]
        fn escaped_data_is_only_text(data in "[\\[\\]()<>!`*_|~#&@:/wW. a-z0-9;=+-]{0,40}") {
            prop_assert_eq!(reads_as_typed(&data), Ok(()));
        }
    }

    #[test]
    fn escapes_markup_from_data() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("[x](http://e.vil)"), "\\[x\\](http\\://e.vil)");
        assert_eq!(
            escape("see www.e.vil or a@e.vil"),
            "see www\\.e.vil or a\\@e.vil"
        );
        assert_eq!(escape("Seating: aisle (front)"), "Seating: aisle (front)");
        assert_eq!(escape("<b>&"), "\\<b\\>&amp;");
        assert_eq!(escape("Maggie"), "Maggie");
    }
}
