//! Whether a cell is already a date as cuecard writes one, `YYYY-MM-DD`:
//! asked of every date cell, and of a mapping's `values` for a date field.

/// Whether a cell is already a real date written `YYYY-MM-DD` (as it
/// would be written back), without the cost of a format string.
pub(super) fn is_iso_date(cell: &str) -> bool {
    let b = cell.as_bytes();
    let number = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(
            (number(0..4), number(5..7), number(8..10)),
            (Some(y), Some(m), Some(d)) if i32::try_from(y).ok().and_then(|y| chrono::NaiveDate::from_ymd_opt(y, m, d)).is_some()
        )
}
