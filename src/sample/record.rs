//! What a synthetic customer is written as: a private `Serialize` mirror of
//! the input profile (spec §2.1), which is `Deserialize`-only on purpose.
//! Keys and nesting follow the profile exactly, so every sample loads back
//! with `cuecard brief`; the round trip is tested.
//!
//! Simple values come before tables, so the TOML reads like the spec's
//! example. Dates are TOML dates in TOML and `YYYY-MM-DD` strings in JSON.

use chrono::{Datelike, NaiveDate};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// A date, written the way the output format writes dates.
#[derive(Clone, Copy)]
pub(super) struct Day {
    pub date: NaiveDate,
    pub toml: bool,
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (year, month, day) = (self.date.year(), self.date.month(), self.date.day());
        match (
            self.toml,
            u16::try_from(year),
            u8::try_from(month),
            u8::try_from(day),
        ) {
            (true, Ok(year), Ok(month), Ok(day)) => toml::value::Datetime {
                date: Some(toml::value::Date { year, month, day }),
                time: None,
                offset: None,
            }
            .serialize(s),
            _ => s.collect_str(&self.date.format("%Y-%m-%d")),
        }
    }
}

#[derive(Serialize)]
pub(super) struct Record {
    pub id: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<&'static str>,
    pub synthetic: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loyalty: Option<Loyalty>,
    #[serde(skip_serializing_if = "Today::is_empty")]
    pub today: Today,
    #[serde(skip_serializing_if = "Inferred::is_empty")]
    pub inferred: Inferred,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub preferences: Vec<Preference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occasions: Vec<Occasion>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<History>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purchases: Vec<Purchase>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sensitive: Vec<Sensitive>,
}

#[derive(Serialize)]
pub(super) struct Consent {
    pub personalise: bool,
    pub use_name: bool,
}

#[derive(Serialize, Default)]
pub(super) struct Loyalty {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier_since: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_tier: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_since: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_visits: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visits_last_90_days: Option<u32>,
}

#[derive(Serialize, Default)]
pub(super) struct Today {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub basket: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<&'static str>,
}

impl Today {
    fn is_empty(&self) -> bool {
        self.basket.is_empty() && self.services.is_empty()
    }
}

/// Model outputs, in a fixed order.
#[derive(Default)]
pub(super) struct Inferred {
    pub segment: Option<&'static str>,
    pub scores: Vec<(&'static str, f64)>,
}

impl Inferred {
    fn is_empty(&self) -> bool {
        self.segment.is_none() && self.scores.is_empty()
    }
}

impl Serialize for Inferred {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(segment) = self.segment {
            map.serialize_entry("segment", segment)?;
        }
        for (key, score) in &self.scores {
            map.serialize_entry(key, score)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
pub(super) struct Preference {
    pub topic: &'static str,
    pub value: &'static str,
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_confirmed: Option<Day>,
}

#[derive(Serialize)]
pub(super) struct Occasion {
    pub kind: &'static str,
    pub date: Day,
    pub source: &'static str,
}

#[derive(Serialize)]
pub(super) struct History {
    pub date: Day,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'static str>,
}

#[derive(Serialize)]
pub(super) struct Purchase {
    pub item: &'static str,
    pub date: Day,
    pub category: &'static str,
}

#[derive(Serialize)]
pub(super) struct Sensitive {
    pub category: &'static str,
    pub note: &'static str,
}

/// The `[shift]` of a sample manifest.
#[derive(Serialize)]
pub(super) struct Shift {
    pub title: &'static str,
    pub date: Day,
    pub setting: &'static str,
}
