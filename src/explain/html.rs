//! The explanation as one HTML page: per customer, a table of cues (rule,
//! rung, aim, variant, the cue and the fields it came from) and a table of
//! withheld fields (path and reason, never a value), laid out as the staff
//! page is (`render::html`), with the legend of aims and rungs.

use std::io::{self, Write};

use maud::{html, Markup};

use super::model::{grouped, withheld, Explained};
use crate::model::SafeText;
use crate::render::html::page;
use crate::render::html::{shift_title, write_page};
use crate::render::{plural, Collected, Document, Section};

/// Prints an explanation as one HTML page.
pub(super) struct Html;

impl Document<Explained> for Html {
    fn write(&self, out: &mut dyn Write, all: &Collected<Explained>) -> io::Result<()> {
        let footer = html! {
            p {
                (plural(all.summary.customers, "customer")) " · "
                (plural(all.summary.cues, "cue")) " · "
                (plural(withheld(all), "field")) " withheld"
            }
        };
        write_page(out, "Explanation", all, shift, &footer, true)
    }
}

fn shift(section: &Section<Explained>, n: usize, of: usize) -> Markup {
    let id = format!("s{n}");
    let title = shift_title(section, n, of);
    let label = section.header.shift.setting.ref_label();
    let customers: Vec<(String, &Explained)> = section
        .customers()
        .enumerate()
        .map(|(i, c)| (format!("{id}-c{}", i + 1), c))
        .collect();
    let refs: Vec<(String, &str)> = customers
        .iter()
        .map(|(anchor, c)| (anchor.clone(), SafeText::or(c.reference.as_ref(), "—")))
        .collect();
    html! {
        section.shift aria-labelledby=(id) {
            (page::shift_header(&section.header, &id, &title))
            p { "Fields are named by their path in the profile; no value is ever shown." }
            (page::index(&format!("{id}-index"), &id, label, &refs))
            @for (anchor, customer) in &customers { (customer_block(anchor, customer)) }
        }
    }
}

fn customer_block(anchor: &str, c: &Explained) -> Markup {
    let heading = format!("{anchor}-h");
    html! {
        article.entry #(anchor) aria-labelledby=(heading) {
            h3 #(heading) {
                span.key { (SafeText::or(c.reference.as_ref(), "—")) }
                " · "
                span.key { (SafeText::or(c.address_as.as_ref(), "(no name)")) }
            }
            (cues(c, SafeText::or(c.reference.as_ref(), "—")))
            (withheld_table(c, SafeText::or(c.reference.as_ref(), "—")))
        }
    }
}

fn cues(c: &Explained, reference: &str) -> Markup {
    html! {
        @if c.cues.is_empty() {
            p.quiet { "No cues: a warm, usual welcome." }
        } @else {
            table.cards {
                caption { "Cues for " (reference) }
                thead {
                    tr {
                        @for column in ["#", "Rule", "Rung", "Aim", "Variant", "Cue", "From"] {
                            th scope="col" { (column) }
                        }
                    }
                }
                tbody {
                    @for (i, cue) in c.cues.iter().enumerate() {
                        tr {
                            th scope="row" { (i + 1) }
                            td data-label="Rule" { (cue.cue.rule) }
                            td data-label="Rung" { (cue.cue.rung.map_or("–".to_string(), |r| r.to_string())) }
                            td data-label="Aim" { (page::aim(cue.cue.aim)) }
                            td data-label="Variant" { code { (cue.cue.variant) } }
                            td data-label="Cue" { span.text { (cue.cue.text.as_str()) } }
                            td data-label="From" {
                                @for (j, source) in cue.sources.iter().enumerate() {
                                    @if j > 0 { ", " }
                                    code { (source.as_str()) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn withheld_table(c: &Explained, reference: &str) -> Markup {
    html! {
        @if c.withheld.is_empty() {
            p.quiet { "Nothing withheld." }
        } @else {
            table.cards {
                caption { "Withheld fields of " (reference) }
                thead { tr { th scope="col" { "Field" } th scope="col" { "Reason" } } }
                tbody {
                    @for (path, reason) in grouped(&c.withheld) {
                        tr { th scope="row" { code { (path) } } td data-label="Reason" { (reason) } }
                    }
                }
            }
        }
    }
}
