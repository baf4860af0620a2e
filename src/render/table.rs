//! The default terminal table: the shift and purpose lines, then a row per
//! cue grouped by customer (ref and name on the customer's first row), with
//! each cue's aim in its own column. Wraps to the width it is given;
//! colours the aims only when colour is allowed.
//!
//! A long shift (a full cabin of 300) is printed as pages of
//! [`PAGE`] customers, each page with the header again and the same column
//! widths, so the header is always within a screen of any row while the
//! manifest's own order (boarding, seat or room order) is kept.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Width};

use super::{Collected, Renderer, TableStyle};
use crate::brief::Briefed;
use crate::briefing::{CustomerBrief, ErrorOut, Header, Summary};
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

    fn table(
        &self,
        header: &Header,
        customers: &[CustomerBrief],
        widths: [u16; 3],
    ) -> comfy_table::Table {
        let mut table = comfy_table::Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(self.style.width);
        if self.style.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(vec![
            header.shift.setting.ref_label(),
            "Address as",
            "Aim",
            "Cue",
        ]);
        for customer in customers {
            self.add_customer(&mut table, customer);
        }
        for (i, width) in widths.into_iter().enumerate() {
            if let Some(column) = table.column_mut(i) {
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
            }
        }
        table
    }

    /// Column widths shared by every page: the widest ref, name and aim.
    fn widths(&self, header: &Header) -> [u16; 3] {
        let width = |s: &str| {
            u16::try_from(s.chars().count())
                .unwrap_or(u16::MAX)
                .saturating_add(2)
        };
        let customers = &self.collected.customers;
        let refs = customers
            .iter()
            .filter_map(|c| c.reference.as_ref())
            .map(|r| width(r.as_str()));
        let names = customers
            .iter()
            .filter_map(|c| c.address_as.as_ref())
            .map(|n| width(n.as_str()));
        let max_share = self.style.width / 4;
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

    fn add_customer(&self, table: &mut comfy_table::Table, customer: &CustomerBrief) {
        let reference = customer.reference.as_ref().map_or("—", |r| r.as_str());
        let name = customer.address_as.as_ref().map_or("—", |n| n.as_str());
        if customer.cues.is_empty() {
            table.add_row(vec![
                Cell::new(reference),
                Cell::new(name),
                Cell::new("—"),
                Cell::new("Nothing to add: a warm, usual welcome."),
            ]);
        }
        for (i, cue) in customer.cues.iter().enumerate() {
            let (r, n) = if i == 0 { (reference, name) } else { ("", "") };
            table.add_row(vec![
                Cell::new(r),
                Cell::new(n),
                self.aim_cell(cue.aim),
                Cell::new(cue.text.as_str()),
            ]);
        }
    }

    fn aim_cell(&self, aim: Aim) -> Cell {
        let cell = Cell::new(aim.as_str());
        if !self.style.color {
            return cell;
        }
        let color = match aim {
            Aim::Assist => Color::Cyan,
            Aim::Care => Color::Magenta,
            Aim::Welcome | Aim::Thank => Color::Green,
            Aim::Celebrate => Color::Yellow,
            Aim::Recover => Color::Red,
            Aim::HeadsUp => Color::Blue,
        };
        cell.fg(color).add_attribute(Attribute::Bold)
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
        let widths = self.widths(&header);
        let customers = &self.collected.customers;
        let pages: Vec<&[CustomerBrief]> = if customers.is_empty() {
            vec![&[]]
        } else {
            customers.chunks(PAGE).collect()
        };
        for page in pages {
            writeln!(self.out, "{}", self.table(&header, page, widths))?;
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

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
