//! The default terminal table: the shift and purpose lines, then a row per
//! cue grouped by customer (ref and name on the customer's first row), with
//! each cue's aim in its own column. Wraps to the width it is given;
//! colours the aims only when colour is allowed.
//!
//! A long shift (a full cabin of 300) is printed as pages of
//! [`PAGE`] customers, each page with the header again and the same column
//! widths, so the header is always within a screen of any row while the
//! manifest's own order (boarding, seat or room order) is kept.
//!
//! The table is drawn here in comfy-table's `UTF8_FULL_CONDENSED` look,
//! with widths and wrapping from [`layout`], rather than by comfy-table
//! (which the audit report still uses): laying out and drawing a crew's
//! 450-customer manifest through it was a third of the run, more than
//! briefing the customers (README, Performance).

use std::io::{self, Write};

use super::renderer::{Collected, Document, Entry, Section, TableStyle};
use super::terminal::{ansi_colour, NOTHING_TO_ADD, NOT_BRIEFED};
use super::{layout, stacked, terminal};
use crate::model::{CustomerBrief, Header, SafeText};
use crate::pool::WORTH_A_THREAD;
use crate::vocab::Aim;

/// Customers per page of a long table.
pub const PAGE: usize = 25;

/// Prints a whole run for a terminal: per shift its header and a table
/// (or, too narrow for a readable cue column, one block per customer),
/// then a legend of the aims shown and the totals.
pub(crate) struct Table {
    pub(crate) style: TableStyle,
}

/// The narrowest cue column, in characters, worth drawing a table for;
/// narrower, each customer is a block of its own (`stacked.rs`).
const NARROWEST_CUE: usize = 24;

impl Document<CustomerBrief> for Table {
    fn write(&self, out: &mut dyn Write, run: &Collected<CustomerBrief>) -> io::Result<()> {
        let width = usize::from(self.style.width);
        let mut aims = Vec::new();
        let mut first = true;
        for section in &run.sections {
            let (rows, starts) = rows(section);
            if !first {
                writeln!(out)?;
            }
            first = false;
            terminal::header(out, &section.header, width)?;
            // No customer to show (an empty manifest, a file not found): no
            // empty frame.
            if rows.is_empty() {
                continue;
            }
            aims.extend(rows.iter().filter_map(|r| r.aim));
            let titles = [
                section.header.shift.setting.ref_label(),
                "Address as",
                "Aim",
                "Cue",
            ];
            let widths = self.widths(section, &titles, &rows);
            if widths[3] < NARROWEST_CUE {
                stacked::write(out, section, width, self.style.color)?;
            } else {
                self.write_pages(out, &titles, &rows, &starts, &widths)?;
            }
        }
        terminal::legend(out, &aims, width)?;
        writeln!(out, "{}", terminal::totals(&run.summary))
    }
}

impl Table {
    /// The rows as pages of at most [`PAGE`] customers, as even as can be
    /// (28 customers are two pages of 14, not 25 and 3), each labelled when
    /// there is more than one.
    fn write_pages(
        &self,
        out: &mut dyn Write,
        titles: &[&str; 4],
        rows: &[Row<'_>],
        starts: &[usize],
        widths: &[usize],
    ) -> io::Result<()> {
        let count = starts.len().div_ceil(PAGE).max(1);
        let per_page = starts.len().div_ceil(count).max(1);
        // A page ends where its last customer's rows do.
        let mut bounds: Vec<usize> = starts.iter().step_by(per_page).copied().collect();
        bounds.push(rows.len());
        let pages: Vec<&[Row<'_>]> = bounds.windows(2).map(|p| &rows[p[0]..p[1]]).collect();
        // Drawn on the `--jobs` threads, after every customer is briefed,
        // when the table is long enough for threads to pay (see
        // `WORTH_A_THREAD`).
        let (color, jobs) = (self.style.color, self.style.jobs);
        let least = WORTH_A_THREAD.div_ceil(PAGE);
        let drawn = crate::pool::split(
            &pages,
            || jobs.count(),
            least,
            |rows| draw_page(color, titles, rows, widths),
        );
        let total = drawn.len();
        for (i, page) in drawn.iter().enumerate() {
            if total > 1 {
                writeln!(out, "Page {} of {total}", i + 1)?;
            }
            out.write_all(page.as_bytes())?;
        }
        Ok(())
    }

    /// Least column widths, padding included: the widest ref and name (up
    /// to a quarter of the table each) and the widest aim.
    fn lower_widths(&self, header: &Header, rows: &[Row<'_>]) -> [usize; 3] {
        let width = |s: &str| s.chars().count() + 2;
        let widest = |i: usize| {
            rows.iter()
                .map(|r| r.cells[i])
                .filter(|c| !c.is_empty())
                .map(width)
                .max()
        };
        let max_share = usize::from(self.style.width / 4);
        [
            widest(0)
                .unwrap_or(3)
                .max(width(header.shift.setting.ref_label()))
                .min(max_share),
            widest(1)
                .unwrap_or(3)
                .max(width("Address as"))
                .min(max_share),
            width("celebrate"),
        ]
    }

    /// Content widths for every page, from every row.
    fn widths(
        &self,
        section: &Section<CustomerBrief>,
        titles: &[&str; 4],
        rows: &[Row<'_>],
    ) -> Vec<usize> {
        let lower = self.lower_widths(&section.header, rows);
        column_widths(usize::from(self.style.width), lower, titles, rows)
    }
}

/// Every row of a shift, and where each customer's rows begin: a customer's
/// cues, or one row for a customer with none, or for a record that could
/// not be briefed but whose ref is known (in its place, so nobody is
/// silently missing).
fn rows(section: &Section<CustomerBrief>) -> (Vec<Row<'_>>, Vec<usize>) {
    let mut rows = Vec::new();
    let mut starts = Vec::new();
    for entry in &section.entries {
        match entry {
            Entry::Customer(customer) => {
                starts.push(rows.len());
                customer_rows(customer, &mut rows);
            }
            Entry::NotBriefed(error) => {
                if let Some(reference) = &error.reference {
                    starts.push(rows.len());
                    rows.push(Row {
                        cells: [reference.as_str(), "—", "—", NOT_BRIEFED],
                        aim: None,
                        first: true,
                    });
                }
            }
        }
    }
    (rows, starts)
}

fn customer_rows<'c>(customer: &'c CustomerBrief, rows: &mut Vec<Row<'c>>) {
    let reference = SafeText::or(customer.reference.as_ref(), "—");
    let name = SafeText::or(customer.address_as.as_ref(), "—");
    if customer.cues.is_empty() {
        rows.push(Row {
            cells: [reference, name, "—", NOTHING_TO_ADD],
            aim: None,
            first: true,
        });
    }
    for (i, cue) in customer.cues.iter().enumerate() {
        let (r, n) = if i == 0 { (reference, name) } else { ("", "") };
        rows.push(Row {
            cells: [r, n, cue.aim.as_str(), cue.text.as_str()],
            aim: Some(cue.aim),
            first: i == 0,
        });
    }
}

/// Content widths for a table `width` wide whose first three columns are
/// at least `lower` wide.
fn column_widths(
    width: usize,
    lower: [usize; 3],
    titles: &[&str; 4],
    rows: &[Row<'_>],
) -> Vec<usize> {
    let columns: Vec<layout::Column<'_>> = (0..4)
        .map(|i| layout::Column {
            lower: lower.get(i).copied(),
            cells: std::iter::once(titles[i])
                .chain(rows.iter().map(|r| r.cells[i]))
                .collect(),
        })
        .collect();
    layout::arrange(width, &columns)
}

/// A horizontal rule: left end, line, crossing, right end.
fn rule(page: &mut String, widths: &[usize], [left, line, cross, right]: [char; 4]) {
    page.push(left);
    for (i, &width) in widths.iter().enumerate() {
        if i > 0 {
            page.push(cross);
        }
        page.extend(std::iter::repeat_n(line, width + 2));
    }
    page.push(right);
    page.push('\n');
}

/// One page: the header, a rule, the page's rows, every cell wrapped to
/// its column's width (see [`layout`]).
fn draw_page(color: bool, titles: &[&str; 4], rows: &[Row<'_>], widths: &[usize]) -> String {
    let mut page = String::with_capacity(rows.len() * (widths.iter().sum::<usize>() + 40));
    // Each cell's lines, reused from row to row.
    let mut lines: [Vec<&str>; 4] = Default::default();
    rule(&mut page, widths, ['┌', '─', '┬', '┐']);
    draw_row(&mut page, color, titles, None, widths, &mut lines);
    rule(&mut page, widths, ['╞', '═', '╪', '╡']);
    for (i, row) in rows.iter().enumerate() {
        // A light rule between customers, so wrapped cues do not run into
        // the next seat.
        if row.first && i > 0 {
            rule(&mut page, widths, ['├', '┈', '┼', '┤']);
        }
        draw_row(&mut page, color, &row.cells, row.aim, widths, &mut lines);
    }
    rule(&mut page, widths, ['└', '─', '┴', '┘']);
    page
}

/// A row's lines: each cell padded to its width, the aim coloured when
/// colour is on. `lines` holds each cell's lines while the row is drawn.
fn draw_row<'c>(
    page: &mut String,
    color: bool,
    cells: &[&'c str; 4],
    aim: Option<Aim>,
    widths: &[usize],
    lines: &mut [Vec<&'c str>; 4],
) {
    for ((cell, &w), wrapped) in cells.iter().zip(widths).zip(lines.iter_mut()) {
        wrapped.clear();
        layout::wrap_into(cell, w, wrapped);
    }
    let height = lines.iter().map(Vec::len).max().unwrap_or(1);
    for at in 0..height {
        page.push('│');
        for (i, (cell, &width)) in lines.iter().zip(widths).enumerate() {
            let text = cell.get(at).copied();
            let colour = aim.filter(|_| i == 2 && color && text.is_some());
            if let Some(aim) = colour {
                page.push_str(ansi_colour(aim));
            }
            let text = text.unwrap_or("");
            page.push(' ');
            page.push_str(text);
            pad(page, width.saturating_sub(layout::width(text)) + 1);
            if colour.is_some() {
                page.push_str("\x1b[0m");
            }
            page.push(if i + 1 == widths.len() { '│' } else { '┆' });
        }
        page.push('\n');
    }
}

/// Appends `n` spaces, a slice at a time: pushing them one `char` at a
/// time was most of drawing a cell's padding.
fn pad(page: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let step = n.min(SPACES.len());
        page.push_str(&SPACES[..step]);
        n -= step;
    }
}

/// A table row: ref, name, aim and cue, the aim to colour, and whether it
/// is a customer's first.
struct Row<'a> {
    cells: [&'a str; 4],
    aim: Option<Aim>,
    first: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::presets::UTF8_FULL_CONDENSED;
    use comfy_table::{Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Width};

    /// The table as comfy-table's dynamic arrangement drew it before.
    fn comfy(width: u16, lower: [usize; 3], titles: &[&str; 4], rows: &[Row<'_>]) -> String {
        let mut table = comfy_table::Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width)
            .enforce_styling()
            .set_header(titles.to_vec());
        for row in rows {
            let aim = match row.aim {
                Some(_) => Cell::new(row.cells[2])
                    .fg(Color::Cyan)
                    .add_attribute(Attribute::Bold),
                None => Cell::new(row.cells[2]),
            };
            table.add_row(vec![
                Cell::new(row.cells[0]),
                Cell::new(row.cells[1]),
                aim,
                Cell::new(row.cells[3]),
            ]);
        }
        for (i, w) in lower.into_iter().enumerate() {
            let w = Width::Fixed(u16::try_from(w).unwrap());
            table
                .column_mut(i)
                .unwrap()
                .set_constraint(ColumnConstraint::LowerBoundary(w));
        }
        format!("{table}\n")
    }

    #[test]
    fn a_page_looks_as_comfy_table_drew_it() {
        let cues = [
            "Let them know someone will be waiting, and help them find the greeter.",
            "Keep a cooler cabin in mind for them.",
            "Something fragile is with them — handle their things with extra care.",
            "Ask Mr Ó Súilleabháin whether anything would make things easier today.",
            "Unbreakablewordthatisfarlongerthananycolumnwouldeverbe, then short words.",
            "日本語のお客様 — ゆっくり 話して ください",
            "Two  spaces   and a very very very long line that has to wrap more than once at narrow widths.",
        ];
        let names = [
            "Hiroshi Fitzgerald",
            "Ms Andersson",
            "Dr Okafor",
            "Bartholomew Featherstonehaugh-Smythe",
        ];
        let rows: Vec<Row<'_>> = cues
            .iter()
            .enumerate()
            .map(|(i, cue)| Row {
                cells: [
                    ["1A", "", "22K"][i % 3],
                    names[i % 4],
                    ["assist", "heads-up", "—"][i % 3],
                    cue,
                ],
                aim: (i % 3 != 2).then_some(Aim::Assist),
                first: false,
            })
            .collect();
        let titles = ["Seat", "Address as", "Aim", "Cue"];
        for width in (40..=200).step_by(3) {
            for (count, share) in [(rows.len(), width / 4), (2, width / 4), (5, 12)] {
                let lower = [5, share.min(38), 11];
                let rows = &rows[..count];
                let widths = column_widths(width, lower, &titles, rows);
                let ours = draw_page(true, &titles, rows, &widths);
                let theirs = comfy(width as u16, lower, &titles, rows);
                assert_eq!(ours, theirs, "width {width}, {count} rows, share {share}");
            }
        }
    }
}
