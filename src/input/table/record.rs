//! One row's cells, in one buffer: the text of every cell end to end,
//! and where each ends. A wide export's row is mostly empty cells, and
//! this keeps asking which are empty a pass over a slice of numbers.

use std::ops::Index;

/// A row's cells, in column order. Its `Debug` says how many cells it
/// has, never what they hold (they are a customer's values).
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Record {
    text: Box<str>,
    /// Where each cell ends in `text`.
    ends: Box<[usize]>,
}

impl Record {
    /// A row as the CSV reader gives it: the cells' bytes end to end, and
    /// where each ends. A cell that is not UTF-8 is read lossily, and its
    /// column (from 0) returned beside the record.
    pub(crate) fn from_bytes(bytes: &[u8], ends: &[usize]) -> (Record, Option<usize>) {
        // Cells split only at ASCII bytes, so a row that is all ASCII is
        // valid throughout; otherwise each cell must be valid on its own.
        if let Ok(text) = std::str::from_utf8(bytes) {
            if text.is_ascii() || split_at_boundaries(text, ends) {
                let record = Record {
                    text: text.into(),
                    ends: ends.into(),
                };
                return (record, None);
            }
        }
        let mut bad = None;
        let cells: Vec<String> = starts(ends)
            .zip(ends)
            .enumerate()
            .map(|(i, (start, &end))| {
                let cell = &bytes[start..end];
                if std::str::from_utf8(cell).is_err() {
                    bad = bad.or(Some(i));
                }
                String::from_utf8_lossy(cell).into_owned()
            })
            .collect();
        (Record::from(cells), bad)
    }

    /// Cell `i`, if the row has one.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        starts(&self.ends)
            .zip(self.ends.iter())
            .map(|(start, &end)| &self.text[start..end])
    }

    /// The columns (from 0) whose cells are not empty, found without
    /// looking at the text.
    pub(crate) fn filled(&self) -> impl Iterator<Item = usize> + '_ {
        starts(&self.ends)
            .zip(self.ends.iter())
            .enumerate()
            .filter(|(_, (start, &end))| *start != end)
            .map(|(i, _)| i)
    }
}

/// A cell without whitespace at either end, as `str::trim` gives it; a
/// cell that starts and ends with a visible ASCII character (nearly every
/// cell) is handed back without a look at its characters.
pub(crate) fn trim(cell: &str) -> &str {
    let plain =
        |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' '));
    match plain(cell.as_bytes().first()) && plain(cell.as_bytes().last()) {
        true => cell,
        false => cell.trim(),
    }
}

/// Where each cell starts, given where each ends.
fn starts(ends: &[usize]) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(ends.iter().copied())
}

/// Whether every cell boundary falls between characters.
fn split_at_boundaries(text: &str, ends: &[usize]) -> bool {
    ends.iter().all(|&end| text.is_char_boundary(end))
}

impl<S: Into<String>> From<Vec<S>> for Record {
    fn from(cells: Vec<S>) -> Record {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(cells.len());
        for cell in cells {
            text.push_str(&cell.into());
            ends.push(text.len());
        }
        Record {
            text: text.into(),
            ends: ends.into(),
        }
    }
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Record {{ {} cells, <redacted> }}", self.ends.len())
    }
}

impl Index<usize> for Record {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i).expect("a cell within the row")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends_of(cells: &[&[u8]]) -> (Vec<u8>, Vec<usize>) {
        let mut bytes = Vec::new();
        let mut ends = Vec::new();
        for cell in cells {
            bytes.extend_from_slice(cell);
            ends.push(bytes.len());
        }
        (bytes, ends)
    }

    #[test]
    fn cells_read_back_as_they_were_given() {
        let cells: [&[u8]; 4] = [b"a", b"", "é".as_bytes(), b"xyz"];
        let (bytes, ends) = ends_of(&cells);
        let (record, bad) = Record::from_bytes(&bytes, &ends);
        assert_eq!(bad, None);
        assert_eq!(record.iter().collect::<Vec<_>>(), ["a", "", "é", "xyz"]);
        assert_eq!(record.get(2), Some("é"));
        assert_eq!(record.get(4), None);
        assert_eq!(&record[3], "xyz");
        assert_eq!(record.filled().collect::<Vec<_>>(), [0, 2, 3]);
        assert_eq!(record, Record::from(vec!["a", "", "é", "xyz"]));
    }

    #[test]
    fn a_character_split_across_two_cells_is_invalid_in_the_first() {
        // Together the two cells are "é"; apart, neither is UTF-8.
        let (bytes, ends) = ends_of(&[b"ok", &[0xC3], &[0xA9]]);
        let (record, bad) = Record::from_bytes(&bytes, &ends);
        assert_eq!(bad, Some(1));
        assert_eq!(record.iter().count(), 3);
        assert_eq!(&record[0], "ok");
        assert_eq!(&record[1], "\u{FFFD}");
    }

    #[test]
    fn an_invalid_cell_is_named_by_its_column() {
        let (bytes, ends) = ends_of(&[b"ok", "é".as_bytes(), &[b'a', 0xFF]]);
        let (record, bad) = Record::from_bytes(&bytes, &ends);
        assert_eq!(bad, Some(2));
        assert_eq!(&record[1], "é");
        assert_eq!(&record[2], "a\u{FFFD}");
    }

    #[test]
    fn cells_are_trimmed_as_str_trim_trims_them() {
        let cells = [
            "",
            " ",
            "a",
            " a ",
            "\ta\r\n",
            "a\u{b}",
            "\u{c}a",
            "\u{1c}a\u{1f}",
            "a\u{a0}",
            "\u{3000}a",
            "é",
            " é ",
            "a b",
            "\u{85}",
            "x\u{2029}",
        ];
        for cell in cells {
            assert_eq!(trim(cell), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn debug_output_never_shows_a_cell() {
        let record = Record::from(vec!["Ann Okafor", "bereaved"]);
        let shown = format!("{record:?}");
        assert_eq!(shown, "Record { 2 cells, <redacted> }");
    }

    #[test]
    fn an_empty_row_has_no_cells() {
        let (record, bad) = Record::from_bytes(b"", &[]);
        assert_eq!(bad, None);
        assert_eq!(record.iter().count(), 0);
        assert_eq!(record.filled().count(), 0);
    }
}
