//! `cuecard sample --format csv`: the sample as one flat CSV row per
//! customer, with headers that are profile field paths (`loyalty.tier`,
//! `preferences[0].value`), so `cuecard brief` reads it back with no
//! mapping file. Lists of words are joined with `;`. Two passes over the
//! generated customers (the first finds the columns), so memory stays flat.

//!
//! The benchmark's generator (benches/gen_profiles.rs) writes its profiles
//! the same way, so this file stands alone: it uses nothing of the crate.

use std::collections::HashSet;
use std::io::Write;

use serde_json::Value;

/// Writes `count` customers as CSV: `customer(i)` gives customer `i`,
/// and is asked for `0..count` twice, in order.
pub(crate) fn write(
    count: u64,
    customer: &mut dyn FnMut(u64) -> anyhow::Result<Value>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut columns: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut cells = Vec::new();
    for i in 0..count {
        cells.clear();
        flatten("", &customer(i)?, &mut cells);
        for (path, _) in &cells {
            if seen.insert(path.clone()) {
                columns.push(path.clone());
            }
        }
    }
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&columns)?;
    let mut row = vec![String::new(); columns.len()];
    for i in 0..count {
        cells.clear();
        flatten("", &customer(i)?, &mut cells);
        row.iter_mut().for_each(String::clear);
        for (path, text) in cells.drain(..) {
            if let Some(at) = columns.iter().position(|c| *c == path) {
                row[at] = text;
            }
        }
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// Each leaf of `value` as (field path, text): objects by key, lists of
/// words joined with `;`, lists of tables by index.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((prefix.to_string(), b.to_string())),
        Value::Number(n) => out.push((prefix.to_string(), n.to_string())),
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let words: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            if !words.is_empty() {
                out.push((prefix.to_string(), words.join(";")));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), item, out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, item, out);
            }
        }
    }
}
