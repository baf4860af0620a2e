//! `--format html`: one self-contained page for a tablet or the galley
//! printer. A card per customer on phones and tablets, a table on wide
//! screens and on paper (the header repeated on every page, no customer
//! split across pages, page numbers), an index of refs that jumps to each
//! customer, and a find box when scripts run. The markup is written with
//! maud, which escapes every spliced value; see [`page`] for the shell.

pub(crate) mod page;

use std::io::{self, Write};

use maud::{html, Markup};

use super::renderer::{Collected, Document, Entry, Section};
use super::terminal::{totals, NOTHING_TO_ADD, NOT_BRIEFED};
use crate::model::{CustomerBrief, SafeText};
use page::Page;

/// Prints a whole run as one HTML page.
pub(crate) struct Html;

impl Document<CustomerBrief> for Html {
    fn write(&self, out: &mut dyn Write, run: &Collected<CustomerBrief>) -> io::Result<()> {
        let footer = html! { p { (totals(&run.summary)) } };
        write_page(out, "Briefing", run, shift, &footer, false)
    }
}

/// Writes a whole page: each shift laid out by `shift` (given its
/// position and the count), the records not briefed, the legend (with the
/// rungs when `rungs`), and `footer`.
pub(crate) fn write_page<C>(
    out: &mut dyn Write,
    kind: &str,
    run: &Collected<C>,
    shift: fn(&Section<C>, usize, usize) -> Markup,
    footer: &Markup,
    rungs: bool,
) -> io::Result<()> {
    let errors: Vec<_> = run.sections.iter().flat_map(Section::errors).collect();
    let main = html! {
        @for (n, section) in run.sections.iter().enumerate() {
            (shift(section, n + 1, run.sections.len()))
        }
        (page::not_briefed(&errors))
        (page::legend(rungs))
    };
    let page = Page {
        kind,
        subject: &subject(run),
        ref_word: &ref_word(run),
    };
    out.write_all(
        page::document(&page, &main, footer)
            .into_string()
            .as_bytes(),
    )
}

/// What the page is about: the shift's title, or how many shifts.
fn subject<C>(run: &Collected<C>) -> String {
    match run.sections.as_slice() {
        [one] => shift_title(one, 1, 1),
        sections => format!("{} shifts", sections.len()),
    }
}

/// A shift's title, or "Shift" (numbered when there are several).
pub(crate) fn shift_title<C>(section: &Section<C>, n: usize, of: usize) -> String {
    match (&section.header.shift.title, of) {
        (Some(title), _) => title.as_str().to_string(),
        (None, 1) => "Shift".to_string(),
        (None, _) => format!("Shift {n}"),
    }
}

/// The word the find box offers: the first shift's ref column, in lower
/// case ("seat", "room"), or "ref" when shifts differ.
fn ref_word<C>(run: &Collected<C>) -> String {
    let mut labels = run
        .sections
        .iter()
        .map(|s| s.header.shift.setting.ref_label());
    match labels.next() {
        Some(first) if labels.all(|l| l == first) => first.to_lowercase(),
        _ => "ref".to_string(),
    }
}

/// One shift: its header, the index of refs, and the table of customers.
fn shift(section: &Section<CustomerBrief>, n: usize, of: usize) -> Markup {
    let id = format!("s{n}");
    let title = shift_title(section, n, of);
    let label = section.header.shift.setting.ref_label();
    let rows: Vec<(String, &Entry<CustomerBrief>)> = section
        .entries
        .iter()
        .filter(|e| shown(e))
        .enumerate()
        .map(|(i, e)| (format!("{id}-c{}", i + 1), e))
        .collect();
    let refs: Vec<(String, &str)> = rows
        .iter()
        .map(|(anchor, e)| (anchor.clone(), reference(e)))
        .collect();
    html! {
        section.shift aria-labelledby=(id) {
            (page::shift_header(&section.header, &id, &title))
            (page::index(&format!("{id}-index"), &id, label, &refs))
            @if !rows.is_empty() {
                table.cards.brief {
                    caption { (label) "s and cues: " (title) }
                    thead {
                        tr.shift-line { td colspan="3" { (title) " · " (section.header.shift.date) } }
                        tr {
                            th scope="col" { (label) }
                            th scope="col" { "Address as" }
                            th scope="col" { "Cues" }
                        }
                    }
                    tbody { @for (anchor, entry) in &rows { (row(anchor, entry)) } }
                }
            }
        }
    }
}

/// Whether an entry has a row: every customer, and a record that could not
/// be briefed but whose ref is known (it keeps its place).
fn shown(entry: &Entry<CustomerBrief>) -> bool {
    match entry {
        Entry::Customer(_) => true,
        Entry::NotBriefed(error) => error.reference.is_some(),
    }
}

fn reference(entry: &Entry<CustomerBrief>) -> &str {
    match entry {
        Entry::Customer(c) => SafeText::or(c.reference.as_ref(), "—"),
        Entry::NotBriefed(e) => SafeText::or(e.reference.as_ref(), "—"),
    }
}

fn row(anchor: &str, entry: &Entry<CustomerBrief>) -> Markup {
    html! {
        tr.entry #(anchor) {
            th.key scope="row" { (reference(entry)) }
            @match entry {
                Entry::Customer(c) => {
                    td.name.key { (SafeText::or(c.address_as.as_ref(), "—")) }
                    td { (cues(c)) }
                }
                Entry::NotBriefed(_) => {
                    td.name { "—" }
                    td { p.quiet { (NOT_BRIEFED) } }
                }
            }
        }
    }
}

fn cues(customer: &CustomerBrief) -> Markup {
    html! {
        @if customer.cues.is_empty() {
            p.quiet { (NOTHING_TO_ADD) }
        } @else {
            ul.cues {
                @for cue in &customer.cues {
                    li { (page::aim(cue.aim)) " " span.text { (cue.text.as_str()) } }
                }
            }
        }
    }
}
