//! Numbers and dates in words, relative to the briefing date (principle 1:
//! no raw number or date from a profile is ever printed).
//!
//! Hand-written rather than a crate: crates such as `chrono-humanize` or
//! `timeago` print digits ("3 months ago") and fixed English buckets, while
//! cues need soft, digit-free phrases ("a few months ago", "last week") and
//! occasion phrasing ("on Saturday") that no crate offers.

use chrono::{Datelike, NaiveDate};

const SMALL: [&str; 11] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Whole calendar months from `earlier` to `later` (not counting a part month).
fn months_between(earlier: NaiveDate, later: NaiveDate) -> i32 {
    let mut months =
        (later.year() - earlier.year()) * 12 + later.month() as i32 - earlier.month() as i32;
    if later.day() < earlier.day() {
        months -= 1;
    }
    months
}

/// Whole years from `earlier` to `later`.
pub(crate) fn years_between(earlier: NaiveDate, later: NaiveDate) -> i32 {
    months_between(earlier, later).div_euclid(12)
}

/// "yesterday", "last week", "about two years ago", "over a decade ago".
pub(crate) fn ago(today: NaiveDate, date: NaiveDate) -> String {
    let days = (today - date).num_days();
    match days {
        i64::MIN..=-1 => return "recently".into(),
        0 => return "today".into(),
        1 => return "yesterday".into(),
        2..=6 if date.iso_week() == today.iso_week() => return "earlier this week".into(),
        2..=6 => return "a few days ago".into(),
        7..=13 => return "last week".into(),
        _ => {}
    }
    let same_month = date.year() == today.year() && date.month() == today.month();
    if same_month {
        return "earlier this month".into();
    }
    let calendar_months =
        (today.year() - date.year()) * 12 + today.month() as i32 - date.month() as i32;
    if days <= 27 {
        return "a few weeks ago".into();
    }
    if calendar_months == 1 || days < 45 {
        return "last month".into();
    }
    months_ago(months_between(date, today))
}

fn months_ago(months: i32) -> String {
    match months {
        ..=2 => "a couple of months ago".into(),
        3..=5 => "a few months ago".into(),
        6..=9 => "about half a year ago".into(),
        10..=14 => "about a year ago".into(),
        15..=20 => "about a year and a half ago".into(),
        21..=119 => {
            let years = ((months + 6) / 12).clamp(2, 9) as usize;
            format!("about {} years ago", SMALL[years])
        }
        _ => "over a decade ago".into(),
    }
}

/// How an occasion's date reads from the briefing date, if it is close
/// enough to mention (from two days ago to three days ahead).
pub(crate) fn occasion_when(today: NaiveDate, date: NaiveDate) -> Option<String> {
    let days = (date - today).num_days();
    let text = match days {
        -2 => "a couple of days ago".to_string(),
        -1 => "yesterday".to_string(),
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        2..=3 => format!("on {}", weekday(date)),
        _ => return None,
    };
    Some(text)
}

fn weekday(date: NaiveDate) -> &'static str {
    match date.weekday() {
        chrono::Weekday::Mon => "Monday",
        chrono::Weekday::Tue => "Tuesday",
        chrono::Weekday::Wed => "Wednesday",
        chrono::Weekday::Thu => "Thursday",
        chrono::Weekday::Fri => "Friday",
        chrono::Weekday::Sat => "Saturday",
        chrono::Weekday::Sun => "Sunday",
    }
}

/// The next or most recent yearly return of `date` nearest to `today`
/// (birthdays and anniversaries recur; 29 February falls on 28 February).
pub(crate) fn nearest_anniversary(today: NaiveDate, date: NaiveDate) -> NaiveDate {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, date.month(), date.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
            .unwrap_or(today)
    };
    [today.year() - 1, today.year(), today.year() + 1]
        .into_iter()
        .map(on)
        .min_by_key(|d| (*d - today).num_days().abs())
        .unwrap_or(today)
}

/// Membership length in words, when it is long enough to mention.
pub(crate) fn tenure(today: NaiveDate, since: NaiveDate) -> Option<&'static str> {
    match years_between(since, today) {
        10.. => Some("for over a decade"),
        5..=9 => Some("for many years"),
        2..=4 => Some("for years"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ago_boundaries() {
        let today = d("2026-11-22"); // a Sunday
        let cases = [
            ("2026-11-22", "today"),
            ("2026-11-21", "yesterday"),
            ("2026-11-18", "earlier this week"),
            ("2026-11-15", "last week"),
            ("2026-11-09", "last week"),
            ("2026-11-02", "earlier this month"),
            ("2026-10-30", "a few weeks ago"),
            ("2026-10-02", "last month"),
            ("2026-09-14", "a couple of months ago"),
            ("2026-07-01", "a few months ago"),
            ("2026-04-01", "about half a year ago"),
            ("2025-11-20", "about a year ago"),
            ("2025-05-01", "about a year and a half ago"),
            ("2024-09-12", "about two years ago"),
            ("2020-01-01", "about seven years ago"),
            ("2016-11-22", "over a decade ago"),
            ("2027-01-01", "recently"),
        ];
        for (date, want) in cases {
            assert_eq!(ago(today, d(date)), want, "{date}");
        }
    }

    #[test]
    fn ago_across_month_ends_and_leap_years() {
        assert_eq!(ago(d("2024-03-01"), d("2024-02-29")), "yesterday");
        assert_eq!(ago(d("2025-01-02"), d("2024-12-31")), "earlier this week");
        assert_eq!(ago(d("2025-01-06"), d("2025-01-02")), "a few days ago");
        assert_eq!(ago(d("2025-03-31"), d("2025-02-28")), "last month");
        assert_eq!(ago(d("2026-03-01"), d("2026-01-31")), "last month");
    }

    #[test]
    fn occasions_near_the_date() {
        let today = d("2026-11-22");
        assert_eq!(occasion_when(today, d("2026-11-24")).unwrap(), "on Tuesday");
        assert_eq!(occasion_when(today, d("2026-11-23")).unwrap(), "tomorrow");
        assert_eq!(occasion_when(today, d("2026-11-26")), None);
        assert_eq!(occasion_when(today, d("2026-11-19")), None);
        assert_eq!(nearest_anniversary(today, d("1980-11-23")), d("2026-11-23"));
        assert_eq!(
            nearest_anniversary(d("2026-12-31"), d("1990-01-01")),
            d("2027-01-01")
        );
        assert_eq!(
            nearest_anniversary(d("2027-02-27"), d("2000-02-29")),
            d("2027-02-28")
        );
    }

    #[test]
    fn tenure_in_words() {
        let today = d("2026-11-22");
        assert_eq!(tenure(today, d("2009-04-01")), Some("for over a decade"));
        assert_eq!(tenure(today, d("2020-01-01")), Some("for many years"));
        assert_eq!(tenure(today, d("2025-12-01")), None);
    }
}
