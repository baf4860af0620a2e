//! `cuecard sample`: synthetic customers for training, so that trainers
//! never practise on real people. Every profile has `synthetic = true`, and
//! names, items and codes come from built-in lists (`lists`): no network,
//! no data files.
//!
//! Deterministic: customer `i` depends only on the seed, the setting, the
//! date and `i` (a SplitMix64 stream, `rng`), so the same flags give the
//! same bytes and a smaller `--count` is a prefix of a larger one. Each
//! customer is written as soon as it is made, so a million of them stream
//! in constant memory. `people` decides what each customer shows; `record`
//! is how a customer is written, loadable by `cuecard brief`.

mod lists;
mod people;
mod record;
mod rng;

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use crate::vocab::Setting;
use people::People;
use record::{Day, Record, Shift};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub setting: Setting,
    pub count: u64,
    pub seed: u64,
    pub layout: Layout,
    /// The shift date; every date in the profiles is relative to it.
    pub today: NaiveDate,
}

/// How the sample is written: a manifest (TOML or JSON) or an NDJSON stream
/// of profiles (no shift: pass `--setting` to `brief`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Toml,
    Json,
    Ndjson,
}

/// Writes the sample to `out`, one customer at a time.
pub fn write(spec: &Spec, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut people = People::new(
        spec.setting,
        spec.seed,
        spec.today,
        spec.layout == Layout::Toml,
    );
    match spec.layout {
        Layout::Toml => write_toml(spec, &mut people, out),
        Layout::Json => write_json(spec, &mut people, out),
        Layout::Ndjson => write_ndjson(spec, &mut people, out),
    }
}

fn shift(spec: &Spec) -> Shift {
    Shift {
        title: lists::place(spec.setting).title,
        date: Day {
            date: spec.today,
            toml: spec.layout == Layout::Toml,
        },
        setting: spec.setting.as_str(),
    }
}

/// The command that makes this sample again.
fn provenance(spec: &Spec) -> String {
    format!(
        "cuecard sample --setting {} --count {} --seed {} --today {}",
        spec.setting,
        spec.count,
        spec.seed,
        spec.today.format("%Y-%m-%d")
    )
}

fn write_toml(spec: &Spec, people: &mut People, out: &mut dyn Write) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct Head {
        shift: Shift,
    }
    #[derive(Serialize)]
    struct One<'a> {
        customers: [&'a Record; 1],
    }
    writeln!(
        out,
        "# Synthetic customers for training: not real people (every profile has\n\
         # `synthetic = true`). Made by `{}`.\n",
        provenance(spec)
    )?;
    out.write_all(toml::to_string(&Head { shift: shift(spec) })?.as_bytes())?;
    for i in 0..spec.count {
        let record = people.person(i);
        let text = toml::to_string(&One {
            customers: [&record],
        })?;
        writeln!(out, "\n{}", text.trim_end())?;
    }
    Ok(())
}

/// A manifest document with one customer per line, so it streams too.
fn write_json(spec: &Spec, people: &mut People, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut line = Vec::with_capacity(1024);
    out.write_all(b"{\n  \"shift\": ")?;
    serde_json::to_writer(&mut line, &shift(spec))?;
    out.write_all(&line)?;
    out.write_all(b",\n  \"customers\": [")?;
    for i in 0..spec.count {
        line.clear();
        line.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        serde_json::to_writer(&mut line, &people.person(i))?;
        out.write_all(&line)?;
    }
    out.write_all(if spec.count == 0 {
        b"]\n}\n"
    } else {
        b"\n  ]\n}\n"
    })?;
    Ok(())
}

/// One profile per line, written as it is made.
fn write_ndjson(spec: &Spec, people: &mut People, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut line = Vec::with_capacity(1024);
    for i in 0..spec.count {
        line.clear();
        serde_json::to_writer(&mut line, &people.person(i))?;
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}
