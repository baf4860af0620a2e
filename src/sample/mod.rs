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

mod csv_flat;
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
pub(crate) struct Spec {
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
pub(crate) enum Layout {
    Toml,
    Json,
    Ndjson,
    /// One flat row per customer, headers that are field paths.
    Csv,
}

/// Writes the sample to `out`, one customer at a time.
pub(crate) fn write(spec: &Spec, out: &mut dyn Write) -> anyhow::Result<()> {
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
        Layout::Csv => {
            let mut customer = |i| Ok(serde_json::to_value(people.person(i))?);
            csv_flat::write(spec.count, &mut customer, out)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(layout: Layout, count: u64) -> Spec {
        Spec {
            setting: Setting::Flight,
            count,
            seed: 7,
            layout,
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        }
    }

    /// Accepts `room` bytes, then fails like a closed pipe.
    struct Closing {
        room: usize,
        seen: usize,
    }

    impl Write for Closing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.seen >= self.room {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.seen += buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn writes_each_customer_as_it_is_made() {
        for layout in [Layout::Toml, Layout::Json, Layout::Ndjson] {
            let mut out = Closing {
                room: 50_000,
                seen: 0,
            };
            let err = write(&spec(layout, u64::MAX), &mut out).unwrap_err();
            assert!(err.downcast_ref::<std::io::Error>().is_some(), "{layout:?}");
            assert!(out.seen >= 50_000, "{layout:?}");
        }
    }

    #[test]
    fn empty_samples_are_still_documents() {
        let mut json = Vec::new();
        write(&spec(Layout::Json, 0), &mut json).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(doc["customers"], serde_json::json!([]));
        let mut toml_text = Vec::new();
        write(&spec(Layout::Toml, 0), &mut toml_text).unwrap();
        let doc: toml::Table = toml::from_str(std::str::from_utf8(&toml_text).unwrap()).unwrap();
        assert_eq!(doc["shift"]["setting"].as_str(), Some("flight"));
    }

    #[test]
    fn toml_and_json_hold_the_same_customers() {
        let mut json = Vec::new();
        write(&spec(Layout::Json, 30), &mut json).unwrap();
        let mut toml_text = Vec::new();
        write(&spec(Layout::Toml, 30), &mut toml_text).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let toml: toml::Table = toml::from_str(std::str::from_utf8(&toml_text).unwrap()).unwrap();
        let ids = |v: Vec<serde_json::Value>| -> Vec<String> {
            v.iter().map(|c| c["id"].to_string()).collect()
        };
        let from_toml: Vec<serde_json::Value> = toml["customers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| serde_json::json!({"id": c["id"].as_str()}))
            .collect();
        assert_eq!(
            ids(json["customers"].as_array().unwrap().clone()),
            ids(from_toml)
        );
    }
}
