//! Column widths and line wrapping for the terminal table, worked out once
//! per briefing (the table itself is drawn in `table.rs`).
//!
//! comfy-table's dynamic arrangement re-measures and re-splits every cell
//! of every page, one word at a time: for a crew's 450-customer manifest
//! that was a third of the whole run (README, Performance). The rules here
//! are comfy-table 7's own (`utils::arrangement::dynamic` and
//! `utils::formatting::content_split`), kept step for step so a table looks
//! as it did, with two differences: every page of a long table now shares
//! one set of widths, and ASCII text is measured by its length.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Cell padding, one space each side.
const PADDING: usize = 2;

/// comfy-table closes a line with this many columns or fewer left.
const MIN_FREE_CHARS: usize = 2;

/// One column: its least width (padding included), if any, and its cells,
/// header first.
pub(super) struct Column<'a> {
    pub lower: Option<usize>,
    pub cells: Vec<&'a str>,
}

impl Column<'_> {
    fn max_content(&self) -> usize {
        self.cells
            .iter()
            .flat_map(|cell| cell.split('\n'))
            .map(width)
            .max()
            .unwrap_or(0)
            .max(1)
    }

    /// The longest line, in bytes as comfy-table counts it here, once
    /// every line is split to `space`.
    fn longest_after_split(&self, space: usize) -> usize {
        let mut longest = 0;
        let mut parts = Vec::new();
        for line in self.cells.iter().flat_map(|cell| cell.split('\n')) {
            if width(line) > space {
                parts.clear();
                split_line_into(line, space.max(1), &mut parts);
                longest = parts.iter().map(|p| p.len()).fold(longest, usize::max);
            } else {
                longest = longest.max(line.len());
            }
        }
        longest
    }
}

/// Each column's content width (padding excluded) in a table `table_width`
/// wide with a border on both sides and between columns.
pub(super) fn arrange(table_width: usize, columns: &[Column<'_>]) -> Vec<usize> {
    let max_content: Vec<usize> = columns.iter().map(Column::max_content).collect();
    let mut fixed: Vec<Option<usize>> = columns
        .iter()
        .zip(&max_content)
        .map(|(c, &max)| c.lower.filter(|&l| max + PADDING <= l).map(content))
        .collect();
    let mut remaining = table_width.saturating_sub(columns.len() + 1);
    for width in &fixed {
        remaining = remaining.saturating_sub(width.map_or(PADDING, |w| w + PADDING));
    }
    let left = fixed.iter().filter(|w| w.is_none()).count();
    let mut state = Arranging {
        fixed: &mut fixed,
        remaining,
        left,
    };
    state.enforce_lower(columns);
    state.fit_into_average(&max_content);
    state.optimise_after_split(columns);
    if state.left > 0 {
        state.distribute();
    }
    fixed.into_iter().map(|w| w.unwrap_or(1).max(1)).collect()
}

/// A width with its padding taken off, as comfy-table stores it.
fn content(width: usize) -> usize {
    width.saturating_sub(PADDING).max(1)
}

struct Arranging<'f> {
    fixed: &'f mut [Option<usize>],
    remaining: usize,
    left: usize,
}

impl Arranging<'_> {
    fn fix(&mut self, i: usize, width: usize) {
        let width = width.max(1);
        self.fixed[i] = Some(width);
        self.remaining = self.remaining.saturating_sub(width);
        self.left -= 1;
    }

    fn average(&self) -> usize {
        self.remaining / self.left
    }

    /// Passes over the columns not fixed yet, fixing each that `rule`
    /// gives a width at the current even share of what is left, until a
    /// pass fixes none (the share is worked out again after each fix).
    fn settle(&mut self, mut rule: impl FnMut(usize, usize) -> Option<usize>) {
        let mut again = true;
        while again && self.left > 0 {
            again = false;
            let mut average = self.average();
            for i in 0..self.fixed.len() {
                if self.fixed[i].is_some() {
                    continue;
                }
                let Some(width) = rule(i, average) else {
                    continue;
                };
                self.fix(i, width);
                if self.left == 0 {
                    break;
                }
                average = self.average();
                again = true;
            }
        }
    }

    /// Columns whose least width is more than an even share get it.
    fn enforce_lower(&mut self, columns: &[Column<'_>]) {
        self.settle(|i, average| columns[i].lower.filter(|&l| average < l).map(content));
    }

    /// Columns whose content fits in an even share keep their content width.
    fn fit_into_average(&mut self, max_content: &[usize]) {
        self.settle(|i, average| Some(max_content[i]).filter(|&max| max <= average));
    }

    /// Columns that, once split to an even share, leave 3 or more columns
    /// of it unused take only what their longest line needs.
    fn optimise_after_split(&mut self, columns: &[Column<'_>]) {
        self.settle(|i, average| {
            let longest = columns[i].longest_after_split(average);
            (average.saturating_sub(longest) >= 3).then_some(longest)
        });
    }

    /// What is left is shared out, the first columns taking any excess.
    fn distribute(&mut self) {
        let remaining = self.remaining.max(self.left);
        let average = remaining / self.left;
        let mut excess = remaining - average * self.left;
        for width in self.fixed.iter_mut().filter(|w| w.is_none()) {
            let extra = usize::from(excess > 0);
            excess -= extra;
            *width = Some((average + extra).max(1));
        }
    }
}

/// A cell's text as lines no wider than `width`.
pub(super) fn wrap(text: &str, width: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    wrap_into(text, width, &mut lines);
    lines
}

/// A cell's text as lines no wider than `width`, added to `lines` (which a
/// table reuses for every cell: a fresh list for each was a fifth of the
/// allocations of a crew's run).
pub(super) fn wrap_into<'t>(text: &'t str, width: usize, lines: &mut Vec<&'t str>) {
    for line in pieces(text, b'\n') {
        if self::width(line) <= width {
            lines.push(line);
        } else {
            split_line_into(line, width, lines);
        }
    }
}

/// Display width; ASCII by its length, without the Unicode tables.
pub(super) fn width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else if s.chars().all(|c| c.is_ascii() || narrow(c)) {
        s.chars().count()
    } else {
        s.width()
    }
}

/// Characters that are one column wide whatever is next to them: accented
/// Latin letters and the dashes, quotes and ellipsis of typeset text, which
/// most cues hold. A test checks each against the Unicode tables, alone and
/// beside every other; anything else is measured by them.
fn narrow(c: char) -> bool {
    matches!(c, '\u{a1}'..='\u{ac}' | '\u{ae}'..='\u{2ff}' | '\u{2010}'..='\u{2027}')
}

/// Splits a line into lines of at most `width` columns at spaces, and
/// inside a word only when it is wider than a line (comfy-table's
/// `split_line`). Every line it makes is a piece of `line`, so it keeps
/// where the piece starts and ends, and its width, instead of building and
/// re-measuring a string for every word. The lines are added to `lines`.
fn split_line_into<'l>(line: &'l str, width: usize, lines: &mut Vec<&'l str>) {
    let mut words = pieces(line, b' ');
    let mut pending = None;
    let mut current = Piece::default();
    while let Some(next) = pending.take().or_else(|| words.next()) {
        let next_width = self::width(next);
        let gap = usize::from(!current.is_empty());
        let remaining = width.saturating_sub(current.width + gap);
        if current.width + gap + next_width <= width {
            current.extend(line, next, gap + next_width);
            current.close_if_full(line, lines, width);
            continue;
        }
        if !current.is_empty() && remaining <= MIN_FREE_CHARS {
            pending = Some(next);
            lines.push(current.take(line));
            continue;
        }
        if next_width > width {
            let mut head = split_long_word(remaining, next);
            if gap == 0 && head.is_empty() {
                head = next.chars().next().map_or("", |c| &next[..c.len_utf8()]);
            }
            current.extend(line, head, 0);
            pending = Some(&next[head.len()..]);
            lines.push(current.take(line));
            continue;
        }
        lines.push(current.take(line));
        current.extend(line, next, next_width);
        current.close_if_full(line, lines, width);
    }
    if !current.is_empty() {
        lines.push(current.take(line));
    }
}

/// The pieces of `text` between each `sep`, as `str::split` gives them. By
/// bytes: words are short, and `split`'s memchr set-up for each of them
/// was a tenth of drawing a table.
fn pieces(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    debug_assert!(sep.is_ascii());
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.bytes().position(|b| b == sep) {
            Some(at) => {
                rest = Some(&text[at + 1..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// The line being filled: where it starts and ends in the split line, and
/// its width so far.
#[derive(Default)]
struct Piece {
    span: Option<(usize, usize)>,
    width: usize,
}

impl Piece {
    fn is_empty(&self) -> bool {
        self.span.is_none()
    }

    /// Takes the line on to the end of `word`, a piece of `line` after it.
    fn extend(&mut self, line: &str, word: &str, width: usize) {
        if word.is_empty() && self.is_empty() {
            return;
        }
        let start = word.as_ptr() as usize - line.as_ptr() as usize;
        let end = start + word.len();
        self.span = Some(self.span.map_or((start, end), |(s, _)| (s, end)));
        self.width += width;
    }

    fn take<'l>(&mut self, line: &'l str) -> &'l str {
        self.width = 0;
        self.span.take().map_or("", |(s, e)| &line[s..e])
    }

    /// comfy-table ends a line that has two columns or fewer left.
    fn close_if_full<'l>(&mut self, line: &'l str, lines: &mut Vec<&'l str>, width: usize) {
        if self.width > width.saturating_sub(MIN_FREE_CHARS) {
            lines.push(self.take(line));
        }
    }
}

/// The graphemes at the start of `word` that fit in `allowed` columns.
fn split_long_word(allowed: usize, word: &str) -> &str {
    let mut used = 0;
    let mut end = 0;
    for (at, g) in word.grapheme_indices(true) {
        if used + g.width() > allowed {
            break;
        }
        used += g.width();
        end = at + g.len();
    }
    &word[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_line(line: &str, width: usize) -> Vec<&str> {
        let mut lines = Vec::new();
        split_line_into(line, width, &mut lines);
        lines
    }

    #[test]
    fn pieces_are_what_split_gives() {
        for text in ["", " ", "a", "a b", " a  b ", "é — b", "\n\na\n"] {
            for sep in [b' ', b'\n'] {
                let split: Vec<&str> = text.split(char::from(sep)).collect();
                assert_eq!(pieces(text, sep).collect::<Vec<_>>(), split, "{text:?}");
            }
        }
    }

    #[test]
    fn words_wrap_at_spaces_and_close_nearly_full_lines() {
        assert_eq!(split_line("aa bb cc", 5), ["aa bb", "cc"]);
        // A word too long for any line is split into what is left of the
        // current one, unless that is two columns or fewer.
        assert_eq!(split_line("a bbbbbbbbbb", 6), ["a bbbb", "bbbbbb"]);
        assert_eq!(split_line("aaa bbbbbbbbbb", 6), ["aaa", "bbbbbb", "bbbb"]);
        assert_eq!(wrap("short", 10), ["short"]);
        assert_eq!(wrap("one two\nthree four", 9), ["one two", "three", "four"]);
        // Runs of spaces stay inside a line and are dropped at its start.
        assert_eq!(split_line("ab  cd   ef", 6), ["ab  cd", "ef"]);
    }

    #[test]
    fn narrow_characters_are_one_column_alone_and_together() {
        let narrow: Vec<char> = ('\u{a1}'..='\u{2027}')
            .filter(|&c| super::narrow(c))
            .collect();
        let ascii: Vec<char> = (' '..='~').collect();
        for &a in &narrow {
            assert_eq!(a.to_string().width(), 1, "{:x}", a as u32);
            for &b in narrow.iter().chain(&ascii) {
                for pair in [format!("{a}{b}"), format!("{b}{a}")] {
                    assert_eq!(pair.width(), 2, "{pair:?}");
                    assert_eq!(width(&pair), 2);
                }
            }
        }
    }

    #[test]
    fn long_words_split_inside_and_wide_characters_count_double() {
        assert_eq!(split_line("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(split_line("日本語の文", 4), ["日本", "語の", "文"]);
        assert_eq!(width("— é"), 3);
    }

    #[test]
    fn columns_fit_their_content_or_share_what_is_left() {
        let col = |lower, cells| Column { lower, cells };
        let short = [
            col(Some(6), vec!["Seat", "1A"]),
            col(None, vec!["Cue", "A short cue."]),
        ];
        assert_eq!(arrange(100, &short), [4, 12]);
        let long_cue = "word ".repeat(30);
        let long = [
            col(Some(6), vec!["Seat", "1A"]),
            col(None, vec!["Cue", long_cue.trim_end()]),
        ];
        // 40 wide: 3 borders, the seat column's 6, the cue's padding.
        let widths = arrange(40, &long);
        assert_eq!(widths[0], 4);
        assert!(widths[1] <= 40 - 3 - 6 - 2, "{widths:?}");
        for line in wrap(long_cue.trim_end(), widths[1]) {
            assert!(width(line) <= widths[1]);
        }
    }
}
