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

use super::{layout, Collected, Renderer, TableStyle};
use crate::brief::Briefed;
use crate::briefing::{CustomerBrief, ErrorOut, Header, Summary};
use crate::pipeline::WORTH_A_THREAD;
use crate::vocab::Aim;

/// Customers per page of a long table.
pub const PAGE: usize = 25;

pub struct Table<'w> {
    out: &'w mut dyn Write,
    style: TableStyle,
    collected: Collected,
}

impl<'w> Table<'w> {
    pub fn new(out: &'w mut dyn Write, style: TableStyle) -> Self {
        Table {
            out,
            style,
            collected: Collected::default(),
        }
    }

    fn write_header(&mut self, header: &Header) -> io::Result<()> {
        let shift = &header.shift;
        let title = shift.title.as_ref().map_or("Briefing", |t| t.as_str());
        writeln!(
            self.out,
            "{title} · {} · {} · {}",
            shift.date, shift.setting, header.familiarity
        )?;
        writeln!(self.out, "Aim:   {}", header.purpose.achieve)?;
        writeln!(self.out, "Avoid: {}", header.purpose.avoid)
    }

    /// Least column widths, padding included: the widest ref and name (up
    /// to a quarter of the table each) and the widest aim.
    fn lower_widths(&self, header: &Header, customers: &[CustomerBrief]) -> [usize; 3] {
        let width = |s: &str| s.chars().count() + 2;
        let refs = customers
            .iter()
            .filter_map(|c| c.reference.as_ref())
            .map(|r| width(r.as_str()));
        let names = customers
            .iter()
            .filter_map(|c| c.address_as.as_ref())
            .map(|n| width(n.as_str()));
        let max_share = usize::from(self.style.width / 4);
        [
            refs.max()
                .unwrap_or(3)
                .max(width(header.shift.setting.ref_label()))
                .min(max_share),
            names
                .max()
                .unwrap_or(3)
                .max(width("Address as"))
                .min(max_share),
            width("celebrate"),
        ]
    }

    /// Every customer's rows, and where each customer's rows begin.
    fn rows(customers: &[CustomerBrief]) -> (Vec<Row<'_>>, Vec<usize>) {
        let mut rows = Vec::new();
        let mut starts = Vec::with_capacity(customers.len());
        for customer in customers {
            starts.push(rows.len());
            let reference = customer.reference.as_ref().map_or("—", |r| r.as_str());
            let name = customer.address_as.as_ref().map_or("—", |n| n.as_str());
            if customer.cues.is_empty() {
                rows.push(Row {
                    cells: [
                        reference,
                        name,
                        "—",
                        "Nothing to add: a warm, usual welcome.",
                    ],
                    aim: None,
                });
            }
            for (i, cue) in customer.cues.iter().enumerate() {
                let (r, n) = if i == 0 { (reference, name) } else { ("", "") };
                rows.push(Row {
                    cells: [r, n, cue.aim.as_str(), cue.text.as_str()],
                    aim: Some(cue.aim),
                });
            }
        }
        (rows, starts)
    }

    /// Content widths for every page, from every row.
    fn widths(
        &self,
        header: &Header,
        customers: &[CustomerBrief],
        titles: &[&str; 4],
        rows: &[Row<'_>],
    ) -> Vec<usize> {
        let lower = self.lower_widths(header, customers);
        column_widths(usize::from(self.style.width), lower, titles, rows)
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

/// An aim's colour, bold, as 256-colour ANSI codes (comfy-table's, so the
/// audit report and the briefing look alike).
fn ansi_colour(aim: Aim) -> &'static str {
    match aim {
        Aim::Assist => "\x1b[38;5;14m\x1b[1m",
        Aim::Care => "\x1b[38;5;13m\x1b[1m",
        Aim::Welcome | Aim::Thank => "\x1b[38;5;10m\x1b[1m",
        Aim::Celebrate => "\x1b[38;5;11m\x1b[1m",
        Aim::Recover => "\x1b[38;5;9m\x1b[1m",
        Aim::HeadsUp => "\x1b[38;5;12m\x1b[1m",
    }
}

impl Renderer for Table<'_> {
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
        let Some(header) = self.collected.header.clone() else {
            return Ok(());
        };
        self.write_header(&header)?;
        let titles = [header.shift.setting.ref_label(), "Address as", "Aim", "Cue"];
        let collected = std::mem::take(&mut self.collected);
        let (rows, starts) = Self::rows(&collected.customers);
        let widths = self.widths(&header, &collected.customers, &titles, &rows);
        // A page ends where its last customer's rows do.
        let mut bounds: Vec<usize> = starts.iter().step_by(PAGE).copied().collect();
        bounds.push(rows.len());
        if bounds.len() == 1 {
            bounds.insert(0, 0);
        }
        let pages: Vec<&[Row<'_>]> = bounds.windows(2).map(|p| &rows[p[0]..p[1]]).collect();
        // Drawn on the `--jobs` threads, after every customer is briefed,
        // when the table is long enough for threads to pay (see
        // `WORTH_A_THREAD`).
        let (color, jobs) = (self.style.color, self.style.jobs);
        let least = WORTH_A_THREAD.div_ceil(PAGE);
        let drawn = crate::pipeline::split(
            &pages,
            || jobs.count(),
            least,
            |rows| draw_page(color, &titles, rows, &widths),
        );
        for page in drawn {
            self.out.write_all(page.as_bytes())?;
        }
        let customers = plural(summary.customers, "customer");
        let cues = plural(summary.cues, "cue");
        match summary.errors {
            0 => writeln!(self.out, "{customers} · {cues}"),
            n => writeln!(
                self.out,
                "{customers} · {cues} · {} not briefed (see errors)",
                plural(n, "record")
            ),
        }
    }
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
    for row in rows {
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

/// A table row: ref, name, aim and cue, and the aim to colour.
struct Row<'a> {
    cells: [&'a str; 4],
    aim: Option<Aim>,
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
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
