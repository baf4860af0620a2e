//! Generates N realistic profiles (about 600 bytes each, with loyalty,
//! preferences, occasions, history, purchases, today's basket and service
//! codes, sensitive entries, inferred data and notes) as NDJSON for
//! `benches/run.sh`. Deterministic: the same N gives the same bytes.
//!
//! With `--csv`, the same profiles as one flat CSV row each, headers being
//! field paths, as `cuecard sample --format csv` writes them.
//!
//! Usage: cargo run --release --example gen_profiles -- 200000 [--csv] > profiles.ndjson

use std::io::{self, BufWriter, Write};

use serde_json::json;

#[path = "../src/sample/csv_flat.rs"]
mod csv_flat;

const FIRST: &[&str] = &[
    "Maggie", "Tomás", "Aiko", "Kwame", "Priya", "Lars", "Amara", "Hamish", "Elif", "Raj",
];
const FAMILY: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Ferreira",
    "Park",
    "Marchetti",
    "Musa",
    "Hayashi",
    "Costa",
];
const DRINKS: &[&str] = &[
    "sparkling water, no ice",
    "green tea",
    "black coffee, no sugar",
    "an oat flat white",
    "orange juice",
];
const CODES: &[&str] = &[
    "INFT", "WCHR", "KSML", "VGML", "BSCT", "MEDA", "DOCS", "LANG", "UMNR", "RQST", "CHLD", "ZZZZ",
];
const CATEGORIES: &[&str] = &[
    "bereavement",
    "health",
    "religion",
    "life_event",
    "political",
    "financial_hardship",
];
const BOOKS: &[&str] = &[
    "A Tale of Two Cities",
    "Middlemarch",
    "The Remains of the Day",
    "Persuasion",
];

/// SplitMix64: a fixed generator, so the data is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn date(&mut self, year_from: u64, years: u64) -> String {
        format!(
            "{}-{:02}-{:02}",
            year_from + self.below(years),
            1 + self.below(12),
            1 + self.below(28)
        )
    }
}

fn profile(i: u64, rng: &mut Rng) -> serde_json::Value {
    let first = rng.pick(FIRST);
    let family = rng.pick(FAMILY);
    let book = rng.pick(BOOKS);
    let seat = ["A", "C", "D", "F", "H", "K"][rng.below(6) as usize];
    let tier = ["Blue", "Silver", "Gold", "Platinum"][rng.below(4) as usize];
    let source = ["stated", "observed"][rng.below(2) as usize];
    let kind = ["disruption", "complaint", "compliment"][rng.below(3) as usize];
    let basket = if rng.below(5) == 0 {
        vec![book]
    } else {
        vec![]
    };
    let sensitive = if rng.below(4) == 0 {
        vec![json!({"category": rng.pick(CATEGORIES), "note": "private"})]
    } else {
        vec![]
    };
    json!({
        "id": format!("FF-{:08}", i),
        "ref": format!("{}{seat}", 1 + rng.below(60)),
        "name": format!("{first} {family}"),
        "preferred_name": first,
        "title": "Mx",
        "family_name": family,
        "loyalty": {
            "tier": tier,
            "tier_since": format!("2026-{:02}-{:02}", 1 + rng.below(11), 1 + rng.below(28)),
            "member_since": rng.date(2005, 21),
            "lifetime_visits": rng.below(400),
            "visits_last_90_days": rng.below(12)
        },
        "preferences": [
            {"topic": "drink", "value": rng.pick(DRINKS), "source": source,
             "last_confirmed": rng.date(2023, 4)},
            {"topic": "seat", "value": "window seat", "source": "stated", "last_confirmed": rng.date(2025, 2)}
        ],
        "occasions": [{"kind": "birthday", "date": rng.date(1950, 55), "source": "stated"}],
        "history": [{"date": format!("2026-{:02}-02", 1 + rng.below(11)), "kind": kind,
                     "summary": "missed connection"}],
        "purchases": [{"item": book, "date": rng.date(2022, 4), "category": "books"}],
        "today": {"basket": basket, "services": [rng.pick(CODES), rng.pick(CODES)]},
        "sensitive": sensitive,
        "inferred": {"segment": "Frequent Flyer", "value_score": 0.5},
        "notes": "agent note"
    })
}

fn main() -> anyhow::Result<()> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let csv = std::env::args().any(|a| a == "--csv");
    let mut rng = Rng(7);
    let mut out = BufWriter::new(io::stdout().lock());
    if csv {
        // Asked for 0..n twice: each pass starts the generator afresh.
        let mut customer = |i| {
            if i == 0 {
                rng = Rng(7);
            }
            Ok(profile(i, &mut rng))
        };
        return csv_flat::write(n, &mut customer, &mut out);
    }
    for i in 0..n {
        serde_json::to_writer(&mut out, &profile(i, &mut rng))?;
        out.write_all(b"\n")?;
    }
    Ok(out.flush()?)
}
