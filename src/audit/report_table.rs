//! The misuse report as text: the chain's state, a table of activity per
//! operator, then each flag with why it fired. The report model holds
//! sanitised text already.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::report::{Activity, Report};
use super::verify::Verdict;

/// Prints `report` on `log` (whose chain check is `v`) as text.
pub(crate) fn print(
    log: &str,
    v: &Verdict,
    report: &Report,
    width: u16,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let since = report
        .since
        .as_ref()
        .map_or_else(String::new, |d| format!(" since {d}"));
    writeln!(
        out,
        "Audit report for `{log}`{since} (times {})",
        report.utc_offset
    )?;
    match &v.first {
        None => writeln!(out, "Chain: intact, {} records", v.lines)?,
        Some(p) => writeln!(
            out,
            "Chain: BROKEN at line {}: {} (see `cuecard audit verify`)",
            p.line, p.message
        )?,
    }
    writeln!(
        out,
        "Runs: {} by {} operator(s), {} records{}",
        report.runs,
        report.operators.len(),
        report.records,
        if report.unreadable > 0 {
            format!(", {} unreadable lines skipped", report.unreadable)
        } else {
            String::new()
        }
    )?;
    if !report.operators.is_empty() {
        writeln!(out, "\n{}", activity_table(&report.operators, width))?;
    }
    print_flags(report, out)
}

fn activity_table(operators: &[Activity], width: u16) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header([
            "Operator",
            "Runs",
            "Customers",
            "Explain",
            "Outside manifest",
            "Synthetic",
            "Last run",
            "Purposes (runs)",
        ]);
    for a in operators {
        let number = |n: usize| Cell::new(n).set_alignment(CellAlignment::Right);
        table.add_row(vec![
            Cell::new(&a.operator),
            number(a.runs),
            number(a.customers),
            number(a.explain_runs),
            number(a.outside_manifest_runs),
            number(a.synthetic_runs),
            Cell::new(&a.last_run),
            Cell::new(purposes(a)),
        ]);
    }
    table
}

fn purposes(a: &Activity) -> String {
    a.purposes
        .iter()
        .map(|p| match &p.purpose {
            Some(text) => format!("\"{text}\" ({})", p.runs),
            None => format!("none given ({})", p.runs),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn print_flags(report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
    if report.flags.is_empty() {
        writeln!(out, "\nFlags: none")?;
        return Ok(());
    }
    writeln!(out, "\nFlags ({}):", report.flags.len())?;
    let mut shown: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in &report.flags {
        // A table for a person: the first few of each kind, the rest counted
        // (`--format json` lists them all).
        let seen = shown.entry(f.kind.as_str()).or_default();
        *seen += 1;
        if *seen > FLAGS_PER_KIND {
            continue;
        }
        let who = [
            f.operator.clone(),
            f.subject.as_ref().map(|s| format!("customer {s}")),
            f.run.as_ref().map(|r| format!("run {r}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        writeln!(out, "- {} [{}] {}: {}", f.kind.as_str(), f.at, who, f.why)?;
    }
    for (kind, n) in shown.into_iter().filter(|(_, n)| *n > FLAGS_PER_KIND) {
        let more = n - FLAGS_PER_KIND;
        writeln!(
            out,
            "- … and {more} more {kind} flags (all of them: --format json)"
        )?;
    }
    Ok(())
}

/// Flags of one kind listed in the table before the rest are counted.
const FLAGS_PER_KIND: usize = 20;
