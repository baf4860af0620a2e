//! `--format markdown`: a printable handout for trainers: shift header,
//! purpose lines, a table with a row per customer, and a legend. Every cell
//! is escaped so no link, image, HTML or table break can come from data.

use std::io::{self, Write};

use super::{Collected, Renderer};
use crate::brief::Briefed;
use crate::briefing::{CustomerBrief, ErrorOut, Header, Summary};

pub struct Markdown<'w> {
    out: &'w mut dyn Write,
    collected: Collected,
}

impl<'w> Markdown<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Markdown {
            out,
            collected: Collected::default(),
        }
    }

    fn write_row(&mut self, customer: &CustomerBrief) -> io::Result<()> {
        let reference = customer
            .reference
            .as_ref()
            .map_or("—".into(), |r| escape(r.as_str()));
        let name = customer
            .address_as
            .as_ref()
            .map_or("—".into(), |n| escape(n.as_str()));
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
        writeln!(self.out, "| {reference} | {name} | {cues} |")
    }
}

impl Renderer for Markdown<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.collected.begin(header);
        Ok(())
    }

    fn customer(&mut self, customer: Briefed) -> io::Result<()> {
        self.collected.customers.push(customer.row);
        Ok(())
    }

    fn error(&mut self, error: &ErrorOut) -> io::Result<()> {
        self.collected.errors.push(error.clone());
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let collected = std::mem::take(&mut self.collected);
        let Some(header) = collected.header else {
            return Ok(());
        };
        header_block(self.out, "Briefing", &header)?;
        writeln!(
            self.out,
            "| {} | Address as | Cues |",
            header.shift.setting.ref_label()
        )?;
        writeln!(self.out, "| --- | --- | --- |")?;
        for customer in &collected.customers {
            self.write_row(customer)?;
        }
        writeln!(
            self.out,
            "\n{} customers · {} cues",
            summary.customers, summary.cues
        )?;
        if !collected.errors.is_empty() {
            writeln!(self.out, "\n## Not briefed\n")?;
            for error in &collected.errors {
                writeln!(self.out, "- {}", escape(&error.to_string()))?;
            }
        }
        writeln!(self.out)?;
        legend(self.out)
    }
}

/// The top of a handout: a title naming the shift, its date, setting and
/// familiarity, and the purpose lines (principle 8: purpose first).
pub fn header_block(out: &mut dyn Write, kind: &str, header: &Header) -> io::Result<()> {
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
pub fn legend(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Legend\n")?;
    writeln!(out, "Aims, shown beside each cue:\n")?;
    for (aim, meaning) in AIMS {
        writeln!(out, "- **{aim}:** {meaning}")?;
    }
    writeln!(out, "\nRungs of the closeness ladder:\n")?;
    for (rung, meaning) in crate::explain::RUNGS {
        writeln!(out, "- **{rung}** {meaning}")?;
    }
    writeln!(
        out,
        "\nFamiliarity caps the rung: reserved allows 0–1, warm 0–2, familiar 0–3."
    )
}

const AIMS: &[(&str, &str)] = &[
    ("welcome", "greet them as the regular or newcomer they are"),
    ("thank", "acknowledge a long relationship"),
    ("celebrate", "mark a new tier or an occasion, lightly"),
    ("recover", "make up for trouble last time"),
    ("heads-up", "something useful to know before they ask"),
    ("assist", "an action to take; never name the reason"),
    ("care", "how to be with them today"),
];

/// Escapes Markdown so data renders as the same plain text. Punctuation
/// that can start emphasis, code, links, images, HTML, headings or table
/// cells is backslash-escaped (with `[` and `]` escaped, `(`, `)` and `!`
/// can form nothing and stay as typed); `&` becomes an entity; and what
/// GFM would turn into a link by itself (`scheme://`, `www.`, `a@b.c`) is
/// broken with an escape.
pub fn escape(text: &str) -> String {
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
