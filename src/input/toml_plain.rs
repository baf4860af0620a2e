//! A reader for `[[customers]]` sections written plainly, the way `cuecard
//! sample` and a crew's export write them: one-line strings, decimal
//! numbers, booleans, local dates and arrays of those, under the
//! customer's own `[customers.<key>]` and `[[customers.<key>]]` headers.
//!
//! Written by hand, beside the `toml` crate rather than instead of it: the
//! crate lexes into tokens, then events, then a spanned tree of owned keys,
//! and only then deserializes. For a crew's manifest that was most of the
//! run (README, Performance). This reads the same plain text in one pass
//! into a small tree and hands it to serde the way the crate's
//! `ValueDeserializer` does (the same visitor calls for every kind of
//! value; where it would not, as for an enum written as a table, it
//! declines), so a customer it reads comes out exactly as the crate reads
//! it.
//!
//! Anything else it declines with `None` and the crate reads the section:
//! quoted or dotted keys, inline tables, multi-line strings, escapes beyond
//! TOML 1.0's, numbers with a `+`, underscores, exponents or other bases,
//! integers beyond `i64` and floats beyond `f64`, date-times, a key or
//! table defined twice, a control character, a table of more than
//! [`MAX_KEYS`] keys, and a customer that does not deserialize (so its
//! error is located by the crate, as always). Declining is always safe;
//! the tests check that what it accepts the crate reads the same, on every
//! sample and on mutations.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{CowStrDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

/// Reads the one customer of a plainly written section, or declines.
pub(super) fn customer<T: DeserializeOwned>(part: &str) -> Option<T> {
    let table = Parser { text: part, at: 0 }.section()?;
    T::deserialize(Value::Table(table)).ok()
}

/// A value as TOML gives it to serde.
enum Value<'t> {
    Str(Cow<'t, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A local date's text, `YYYY-MM-DD`, checked to be a real date.
    Date(&'t str),
    Array(Vec<Value<'t>>),
    Table(Table<'t>),
    /// An array of tables, made by `[[...]]` headers: the only array that
    /// a later header may add to.
    Tables(Vec<Table<'t>>),
}

/// Keys in document order. A key defined twice is found by a scan, which
/// [`MAX_KEYS`] keeps short.
type Table<'t> = Vec<(&'t str, Value<'t>)>;

/// Room for a table's keys at first: a profile's tables hold a few, and
/// growing each from nothing was a fifth of reading a section.
const TABLE_ROOM: usize = 8;

/// More keys than this in one table (a customer's `inferred` takes any),
/// and the section is left to the crate, whose tables are maps: scanning
/// for duplicates would grow with the square of the keys.
const MAX_KEYS: usize = 64;

/// What a header line opens.
enum Header<'t> {
    Customer,
    Table(&'t str),
    Tables(&'t str),
}

struct Parser<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    /// The section: its `[[customers]]` header first, then key lines and
    /// headers of the customer's own tables.
    fn section(&mut self) -> Option<Table<'t>> {
        let mut customer: Table<'t> = Vec::with_capacity(TABLE_ROOM);
        let mut opened = false;
        // Where key lines go: the customer, or its table at this index.
        let mut target: Option<usize> = None;
        loop {
            self.spaces();
            match self.peek() {
                None => break,
                Some(b'\n' | b'\r' | b'#') => self.end_of_line()?,
                Some(b'[') => {
                    let header = self.header()?;
                    self.end_of_line()?;
                    let customer_header = matches!(header, Header::Customer);
                    // The customer's header first, and only once.
                    if customer_header == opened {
                        return None;
                    }
                    opened = true;
                    target = open(&mut customer, header)?;
                }
                Some(_) if opened => {
                    let (key, value) = self.key_value()?;
                    self.end_of_line()?;
                    let table = match target {
                        None => &mut customer,
                        Some(i) => match &mut customer[i].1 {
                            Value::Table(table) => table,
                            Value::Tables(tables) => tables.last_mut()?,
                            _ => return None,
                        },
                    };
                    insert(table, key, value)?;
                }
                Some(_) => return None,
            }
        }
        opened.then_some(customer)
    }

    /// `[[customers]]`, `[customers.<key>]` or `[[customers.<key>]]`.
    fn header(&mut self) -> Option<Header<'t>> {
        // The caller saw the first `[`.
        self.at += 1;
        let double = self.eat(b'[');
        if !self.text[self.at..].starts_with("customers") {
            return None;
        }
        self.at += "customers".len();
        let key = if self.eat(b'.') {
            Some(self.key()?)
        } else {
            None
        };
        if !self.eat(b']') || (double && !self.eat(b']')) {
            return None;
        }
        match (double, key) {
            (true, None) => Some(Header::Customer),
            (false, Some(key)) => Some(Header::Table(key)),
            (true, Some(key)) => Some(Header::Tables(key)),
            (false, None) => None,
        }
    }

    /// A bare key: ASCII letters, digits, `_` and `-`.
    fn key(&mut self) -> Option<&'t str> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    fn key_value(&mut self) -> Option<(&'t str, Value<'t>)> {
        let key = self.key()?;
        self.spaces();
        if !self.eat(b'=') {
            return None;
        }
        self.spaces();
        Some((key, self.value(0)?))
    }

    /// A value, inside `depth` arrays.
    fn value(&mut self, depth: usize) -> Option<Value<'t>> {
        match self.peek()? {
            b'"' => self.basic_string(),
            b'\'' => self.literal_string(),
            b'[' => self.array(depth + 1),
            _ => self.bare_value(),
        }
    }

    /// `true`, `false`, a decimal integer or float, or a local date.
    fn bare_value(&mut self) -> Option<Value<'t>> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'+' | b'.' | b':')
        ) {
            self.at += 1;
        }
        let word = &self.text[start..self.at];
        match word {
            "true" => return Some(Value::Bool(true)),
            "false" => return Some(Value::Bool(false)),
            _ => {}
        }
        if is_date(word) {
            return Some(Value::Date(word));
        }
        let digits = word.strip_prefix('-').unwrap_or(word);
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits, None),
        };
        let decimal = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        if !decimal(whole) || (whole.len() > 1 && whole.starts_with('0')) {
            return None;
        }
        match fraction {
            None => word.parse().ok().map(Value::Int),
            // toml refuses a float too large for `f64`, unless it says inf.
            Some(f) if decimal(f) => word
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(Value::Float),
            Some(_) => None,
        }
    }

    /// A one-line `"..."` string, borrowed unless it has escapes.
    fn basic_string(&mut self) -> Option<Value<'t>> {
        if self.text[self.at..].starts_with("\"\"\"") {
            return None;
        }
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => return self.escaped(start),
                b if is_control(b) => return None,
                _ => self.at += 1,
            }
        }
        let text = &self.text[start..self.at];
        self.at += 1;
        Some(Value::Str(Cow::Borrowed(text)))
    }

    /// The rest of a basic string that has an escape at `self.at`.
    fn escaped(&mut self, start: usize) -> Option<Value<'t>> {
        let mut text = String::from(&self.text[start..self.at]);
        loop {
            let from = self.at;
            while !matches!(self.peek()?, b'"' | b'\\') {
                if is_control(self.peek()?) {
                    return None;
                }
                self.at += 1;
            }
            text.push_str(&self.text[from..self.at]);
            if self.eat(b'"') {
                return Some(Value::Str(Cow::Owned(text)));
            }
            self.at += 1;
            let escape = self.peek()?;
            self.at += 1;
            text.push(match escape {
                b'b' => '\u{8}',
                b't' => '\t',
                b'n' => '\n',
                b'f' => '\u{c}',
                b'r' => '\r',
                b'"' => '"',
                b'\\' => '\\',
                b'u' => self.unicode(4)?,
                b'U' => self.unicode(8)?,
                _ => return None,
            });
        }
    }

    fn unicode(&mut self, len: usize) -> Option<char> {
        let hex = self.text.get(self.at..self.at + len)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += len;
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    }

    /// A one-line `'...'` string.
    fn literal_string(&mut self) -> Option<Value<'t>> {
        if self.text[self.at..].starts_with("'''") {
            return None;
        }
        self.at += 1;
        let start = self.at;
        while self.peek()? != b'\'' {
            if is_control(self.peek()?) {
                return None;
            }
            self.at += 1;
        }
        let text = &self.text[start..self.at];
        self.at += 1;
        Some(Value::Str(Cow::Borrowed(text)))
    }

    /// `[a, b, ...]`, over lines and comments, with an optional trailing
    /// comma.
    fn array(&mut self, depth: usize) -> Option<Value<'t>> {
        // Profiles nest no arrays; a limit keeps hostile input off the stack.
        if depth > MAX_DEPTH {
            return None;
        }
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.gaps()?;
            if self.eat(b']') {
                return Some(Value::Array(items));
            }
            items.push(self.value(depth)?);
            self.gaps()?;
            if !self.eat(b',') {
                return self.eat(b']').then_some(Value::Array(items));
            }
        }
    }

    /// Spaces and tabs.
    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// What may sit between an array's values: spaces, line ends, comments.
    fn gaps(&mut self) -> Option<()> {
        loop {
            self.spaces();
            match self.peek() {
                Some(b'\n' | b'\r' | b'#') => self.end_of_line()?,
                _ => return Some(()),
            }
        }
    }

    /// Spaces, an optional comment, and the end of the line (or text).
    fn end_of_line(&mut self) -> Option<()> {
        self.spaces();
        if self.eat(b'#') {
            while !matches!(self.peek(), None | Some(b'\n' | b'\r')) {
                if is_control(self.peek()?) {
                    return None;
                }
                self.at += 1;
            }
        }
        if self.eat(b'\r') {
            // A carriage return only as part of CRLF.
            return self.eat(b'\n').then_some(());
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.at += 1;
                Some(())
            }
            Some(_) => None,
        }
    }
}

/// Opens a header's table in the customer; where its key lines go.
fn open<'t>(customer: &mut Table<'t>, header: Header<'t>) -> Option<Option<usize>> {
    let (key, many) = match header {
        Header::Customer => return Some(None),
        Header::Table(key) => (key, false),
        Header::Tables(key) => (key, true),
    };
    match customer.iter().position(|(k, _)| *k == key) {
        Some(i) => match &mut customer[i].1 {
            Value::Tables(tables) if many => {
                tables.push(Vec::with_capacity(TABLE_ROOM));
                Some(Some(i))
            }
            _ => None,
        },
        None if customer.len() < MAX_KEYS => {
            let value = if many {
                Value::Tables(vec![Vec::with_capacity(TABLE_ROOM)])
            } else {
                Value::Table(Vec::with_capacity(TABLE_ROOM))
            };
            customer.push((key, value));
            Some(Some(customer.len() - 1))
        }
        None => None,
    }
}

/// Adds a key to a table; `None` if it is there already.
fn insert<'t>(table: &mut Table<'t>, key: &'t str, value: Value<'t>) -> Option<()> {
    if table.len() >= MAX_KEYS || table.iter().any(|(k, _)| *k == key) {
        return None;
    }
    table.push((key, value));
    Some(())
}

/// Control characters other than tab, which TOML allows in no string or
/// comment.
fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

/// `YYYY-MM-DD` alone, a real date (TOML's calendar is chrono's).
fn is_date(word: &str) -> bool {
    word.len() == 10 && super::date::Date::parse(word).is_some()
}

/// Arrays nested deeper than this are left to the crate.
const MAX_DEPTH: usize = 8;

/// Any deserialize error: the section is then read by the crate, which
/// says what is wrong and where.
#[derive(Debug)]
struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read by the plain reader")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Declined {
        Declined
    }
}

impl<'de> IntoDeserializer<'de, Declined> for Value<'de> {
    type Deserializer = Value<'de>;

    fn into_deserializer(self) -> Value<'de> {
        self
    }
}

/// Mirrors toml's `ValueDeserializer`: the same visitor call for each kind
/// of value, options always present, enums from strings.
impl<'de> de::Deserializer<'de> for Value<'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Value::Str(Cow::Borrowed(s)) => visitor.visit_str(s),
            Value::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Value::Int(n) => visitor.visit_i64(n),
            Value::Float(x) => visitor.visit_f64(x),
            Value::Bool(b) => visitor.visit_bool(b),
            // Handed over as the crate hands a date, by the public
            // deserializer of the datetime crate it reads dates with.
            Value::Date(text) => {
                let date: toml_datetime::Datetime = text.parse().map_err(|_| Declined)?;
                visitor.visit_map(toml_datetime::de::DatetimeDeserializer::new(date))
            }
            Value::Array(items) => visit_seq(visitor, items),
            Value::Tables(tables) => visit_seq(visitor, tables.into_iter().map(Value::Table)),
            Value::Table(entries) => visit_map(visitor, entries),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match self {
            Value::Str(s) => visitor.visit_enum(CowStrDeserializer::new(s)),
            _ => Err(Declined),
        }
    }

    serde::forward_to_deserialize_any! {
        bool u8 u16 u32 u64 u128 i8 i16 i32 i64 i128 f32 f64 char str string seq
        bytes byte_buf map unit struct ignored_any unit_struct tuple_struct tuple
        identifier
    }
}

fn visit_map<'de, V: Visitor<'de>>(
    visitor: V,
    entries: impl IntoIterator<Item = (&'de str, Value<'de>)>,
) -> Result<V::Value, Declined> {
    let mut map = MapDeserializer::new(entries.into_iter());
    let value = visitor.visit_map(&mut map)?;
    map.end()?;
    Ok(value)
}

fn visit_seq<'de, V: Visitor<'de>>(
    visitor: V,
    items: impl IntoIterator<Item = Value<'de>>,
) -> Result<V::Value, Declined> {
    let mut seq = SeqDeserializer::new(items.into_iter());
    let value = visitor.visit_seq(&mut seq)?;
    seq.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::input::toml_doc::{crate_section, customer_headers};
    use crate::input::Profile;
    use crate::sample::{self, Layout, Spec};
    use crate::vocab::Setting;

    /// A manifest's `[[customers]]` sections, split as `toml_doc` splits
    /// them.
    fn sections(text: &str) -> Vec<String> {
        let starts = customer_headers(text);
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        starts
            .iter()
            .zip(ends)
            .map(|(&s, e)| text[s..e].to_string())
            .collect()
    }

    fn samples() -> Vec<String> {
        let mut all = Vec::new();
        for setting in Setting::ALL {
            for seed in 1..=3 {
                let spec = Spec {
                    setting,
                    count: 40,
                    seed,
                    layout: Layout::Toml,
                    today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
                };
                let mut out = Vec::new();
                sample::write(&spec, &mut out).unwrap();
                all.extend(sections(&String::from_utf8(out).unwrap()));
            }
        }
        all
    }

    /// The crate's reading of a section, as serde values and as a profile.
    fn by_crate(part: &str) -> (Option<serde_json::Value>, Option<Profile>) {
        let value = toml::from_str::<serde_json::Value>(part)
            .ok()
            .and_then(|mut doc| Some(doc.get_mut("customers")?.get_mut(0)?.take()));
        let profile = crate_section(part).and_then(|read| {
            let mut read = read.into_iter();
            match (read.next(), read.next()) {
                (Some(Ok(one)), None) => Some(*one),
                _ => None,
            }
        });
        (value, profile)
    }

    /// What the plain reader accepts, the crate reads the same.
    fn agrees(part: &str) -> Result<bool, TestCaseError> {
        let (value, profile) = by_crate(part);
        if let Some(mine) = customer::<serde_json::Value>(part) {
            prop_assert_eq!(Some(&mine), value.as_ref(), "as serde values");
        }
        let Some(mine) = customer::<Profile>(part) else {
            return Ok(false);
        };
        prop_assert!(profile.as_ref() == Some(&mine), "as profiles");
        Ok(true)
    }

    #[test]
    fn every_sample_section_is_read_plainly_and_as_the_crate_reads_it() {
        let all = samples();
        assert!(all.len() >= 700, "{}", all.len());
        for part in &all {
            assert!(agrees(part).unwrap(), "declined a sample section");
        }
    }

    #[test]
    fn the_sample_briefings_read_as_the_crate_reads_them() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/briefings");
        let mut plain = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                for part in sections(&std::fs::read_to_string(&path).unwrap()) {
                    plain += usize::from(agrees(&part).unwrap());
                }
            }
        }
        assert!(plain >= 10, "{plain}");
    }

    const BASE: &str = "[[customers]] # one\nid = \"a\"\nname = \"Ana\" # her name\n\n[customers.loyalty]\ntier = 'Gold'\nlifetime_visits = 3\n\n[[customers.history]]\ndate = 2025-01-02\nkind = \"upgrade\"\n[customers.inferred]\nscore = -0.5\nlist = [1, \"two\", 2026-02-28, [true],\n  # a comment\n]\n";

    #[test]
    fn reads_plain_text_with_escapes_comments_and_line_ends() {
        let escaped = BASE.replace("Ana", "A\\u00e9\\\"\\t\\\\\\U0001F600");
        for text in [BASE.to_string(), escaped, BASE.replace('\n', "\r\n")] {
            assert!(agrees(&text).unwrap(), "declined");
        }
        let read = customer::<serde_json::Value>(&BASE.replace("Ana", "A\\u00e9\\\"\\U0001F600"));
        assert_eq!(read.unwrap()["name"], "Aé\"😀");
    }

    #[test]
    fn declines_what_it_does_not_read() {
        // Beyond f64: toml refuses what would parse as infinity.
        let too_large = format!("score = 1{}.0", "0".repeat(309));
        let negative = too_large.replace("= 1", "= -1");
        let cases = [
            ("name = \"Ana\"", "\"name\" = \"Ana\""),
            ("name = \"Ana\"", "name . x = \"Ana\""),
            ("name = \"Ana\"", "name = \"\"\"Ana\"\"\""),
            ("name = \"Ana\"", "name = '''Ana'''"),
            ("name = \"Ana\"", "name = \"A\\e\""),
            ("name = \"Ana\"", "name = \"A\\x41\""),
            ("name = \"Ana\"", "name = \"A\u{1}\""),
            ("name = \"Ana\"", "name = \"Ana\"\nname = \"B\""),
            ("name = \"Ana\"", "name = \"Ana\" x"),
            ("# her name", "# her\u{7f}name"),
            ("# her name", "# her\rname"),
            ("tier = 'Gold'", "tier = { a = 1 }"),
            // Under `inferred`, which takes any value, only the reader
            // itself can decline these.
            ("score = -0.5", "score = +3"),
            ("score = -0.5", "score = 03"),
            ("score = -0.5", "score = 1_000"),
            ("score = -0.5", "score = 0x10"),
            ("score = -0.5", "score = 99999999999999999999"),
            ("score = -0.5", &too_large),
            ("score = -0.5", &negative),
            ("score = -0.5", "score = 1e3"),
            ("score = -0.5", "score = inf"),
            ("score = -0.5", "score = .5"),
            ("score = -0.5", "score = 5."),
            ("score = -0.5", "score = 2025-02-30"),
            ("date = 2025-01-02", "date = 2025-01-02T10:00:00"),
            ("date = 2025-01-02", "date = 2025-01-02 10:00:00"),
            ("date = 2025-01-02", "date = 2025-1-02"),
            ("[1, \"two\"", "[1,, \"two\""),
            ("[true],", "[true] ,,"),
            ("[customers.inferred]", "[customers.loyalty]"),
            ("[customers.inferred]", "[customers.history]"),
            ("[customers.inferred]", "[customers.inferred.x]"),
            ("[customers.inferred]", "[ customers.inferred ]"),
            ("[customers.inferred]", "[customers]"),
            ("[customers.inferred]", "[shift]"),
            ("[customers.inferred]", "[[customers]]"),
            ("[[customers]] # one", "[customers.today]\n[[customers]]"),
            ("name = \"Ana\"", "nmae = \"Ana\""),
            ("score = -0.5", "score = [[[[[[[[[1]]]]]]]]]"),
        ];
        for (from, to) in cases {
            assert!(BASE.contains(from), "{from}");
            let text = BASE.replacen(from, to, 1);
            assert!(text != BASE, "{to:?}");
            assert!(customer::<Profile>(&text).is_none(), "read {to:?}");
            agrees(&text).unwrap();
        }
        assert!(customer::<Profile>(BASE).is_some());
    }

    #[test]
    fn a_table_of_many_keys_is_left_to_the_crate() {
        let with = |keys: usize| {
            let lines: String = (1..keys).map(|k| format!("k{k} = {k}\n")).collect();
            BASE.replacen("score = -0.5\n", &format!("score = -0.5\n{lines}"), 1)
        };
        // `inferred` holds `score` and `list` besides the `k`s.
        assert!(customer::<Profile>(&with(MAX_KEYS - 1)).is_some());
        assert!(customer::<Profile>(&with(MAX_KEYS)).is_none());
        agrees(&with(MAX_KEYS)).unwrap();
        let headers: String = (0..MAX_KEYS)
            .map(|k| format!("[customers.t{k}]\n"))
            .collect();
        assert!(customer::<serde_json::Value>(&format!("{BASE}{headers}")).is_none());
    }

    /// Pieces of TOML syntax, and text that stays plain, to insert.
    const PIECES: &[&str] = &[
        "0000000000000000000000000000000000000000000000000000000000000000",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "#",
        "\"",
        "'",
        "\\",
        "\\n",
        "\\u00e9",
        "\\U0001F600",
        "=",
        ",",
        "[",
        "]",
        "[[",
        "]]",
        ".",
        "{",
        "}",
        "0",
        "-",
        "+",
        "_",
        "e",
        ":",
        "1.5",
        "x = 1\n",
        "true",
        "é",
        "2026-02-29",
        "\nsynthetic = true\n",
        "[customers.loyalty]\n",
        "[[customers.history]]\n",
        "\n[customers.today]\n",
        "\u{0}",
        "\u{7f}",
        "T10:00:00",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever a mutated section becomes, the plain reader either
        /// declines it or reads it as the crate does.
        #[test]
        fn mutated_sections_are_declined_or_read_as_the_crate_reads_them(
            which in any::<prop::sample::Index>(),
            edits in prop::collection::vec(
                (any::<prop::sample::Index>(), prop::sample::select(PIECES), 0usize..3),
                1..6,
            ),
        ) {
            thread_local! {
                static SAMPLES: Vec<String> = samples();
            }
            let mut text = SAMPLES.with(|all| which.get(all).clone());
            for (at, piece, cut) in edits {
                let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                let start = *at.get(&bounds);
                let end = bounds.get(bounds.partition_point(|&b| b < start) + cut).copied().unwrap_or(text.len());
                text.replace_range(start..end, piece);
            }
            agrees(&text)?;
        }
    }
}
