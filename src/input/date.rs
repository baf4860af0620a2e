//! Calendar dates as they arrive in profiles: TOML local dates or ISO
//! `YYYY-MM-DD` strings in JSON. Errors say what was expected and never echo
//! the value, which may be a customer's data.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// A date from input. Only the date part of a TOML datetime is kept.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date(pub NaiveDate);

const EXPECTED: &str = "a date written YYYY-MM-DD";

impl Date {
    /// Parses `YYYY-MM-DD`, or the date part of an RFC 3339 date-time
    /// whose time is itself well formed ("2026-11-22T25:00:00" is not).
    pub(crate) fn parse(text: &str) -> Option<Date> {
        let day = text.get(..10)?;
        let rest = &text[10..];
        if !rest.is_empty() && !rest.strip_prefix(['T', 't', ' ']).is_some_and(is_time) {
            return None;
        }
        // By hand: chrono's format-string parser is the slowest part of
        // reading a profile, and the layout here is fixed.
        let b = day.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let digits = &b[r];
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?).map(Date)
    }
}

/// An RFC 3339 / TOML time of day: `HH:MM`, optional `:SS` and fraction,
/// then optional `Z` or `±HH:MM`.
fn is_time(text: &str) -> bool {
    let two = |s: &str, max: u32| {
        s.len() == 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let (clock, zone) = match text.find(['Z', 'z', '+', '-']) {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    let zone_ok = match zone.as_bytes().first() {
        None => true,
        Some(b'Z' | b'z') => zone.len() == 1,
        Some(_) => zone[1..]
            .split_once(':')
            .is_some_and(|(h, m)| two(h, 23) && two(m, 59)),
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let fraction_ok = !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit());
    let mut parts = clock.split(':');
    let hm = matches!((parts.next(), parts.next()), (Some(h), Some(m)) if two(h, 23) && two(m, 59));
    let seconds_ok = match (parts.next(), parts.next()) {
        (None, None) => fraction == "0",
        (Some(s), None) => two(s, 60),
        _ => false,
    };
    zone_ok && fraction_ok && hm && seconds_ok
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Date(<redacted>)")
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        Date::parse(v).ok_or_else(|| E::custom(format_args!("expected {EXPECTED}")))
    }

    /// TOML hands dates over as a one-entry map holding the date's text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let Some((_, text)) = map.next_entry::<de::IgnoredAny, String>()? else {
            return Err(de::Error::custom(format_args!("expected {EXPECTED}")));
        };
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        self.visit_str(&text)
    }
}

/// By hand, as the `Deserialize` is: a string in JSON, a local date in TOML
/// (which tools see as the same string once TOML is read as JSON).
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A calendar date, YYYY-MM-DD (in TOML, a local date)"
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        d: Date,
    }

    #[test]
    fn reads_toml_dates_and_json_strings() {
        let t: Holder = toml::from_str("d = 2026-11-22").unwrap();
        let j: Holder = serde_json::from_str(r#"{"d": "2026-11-22"}"#).unwrap();
        assert!(t.d == j.d);
        let dt: Holder = toml::from_str("d = 2026-11-22T08:00:00Z").unwrap();
        assert!(dt.d == j.d);
    }

    #[test]
    fn rejects_bad_dates_without_echoing_them() {
        let err = serde_json::from_str::<Holder>(r#"{"d": "2026-02-30-secret"}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(!err.contains("secret"), "{err}");
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2026-2-3").is_none());
        assert!(Date::parse("2026/02/03").is_none());
        assert!(Date::parse("20a6-02-03").is_none());
        assert!(Date::parse("2026-12-31xyz").is_none());
        assert_eq!(
            Date::parse("2026-12-31").unwrap().0,
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        assert!(Date::parse("2024-02-29").is_some());
    }

    #[test]
    fn a_time_after_the_date_must_be_a_time() {
        for good in [
            "2026-11-22T08:00:00",
            "2026-11-22T08:00:00Z",
            "2026-11-22 08:00:00.123+10:00",
            "2026-11-22t23:59:60-05:30",
            "2026-11-22T08:00",
        ] {
            assert!(Date::parse(good).is_some(), "{good}");
        }
        for bad in [
            "2026-02-03 xyz",
            "2026-11-22T25:00:00",
            "2026-11-22T08:61:00",
            "2026-11-22T",
            "2026-11-22T08:00:00+25:00",
            "2026-11-22T08:00:00Zsecret",
            "2026-11-22T08:00:00.",
            "2026-11-22T8:00:00",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }
}
