//! One cell read as its field's kind (text, count, yes/no, date, list),
//! after the column's `values`; a message says what was wanted, never what
//! the cell holds.

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};
use serde_json::Value;

use super::iso::is_iso_date;
use super::mapping::Column;
use super::path::Kind;
use super::record::trim;

/// A cell as its field's kind, after the column's `values` are applied.
pub(super) fn read_cell(column: &Column, kind: Kind, cell: &str) -> Result<Value, String> {
    if kind == Kind::List {
        return Ok(list(column, cell));
    }
    if let Some(value) = column.values.get(cell) {
        return Ok(value.clone());
    }
    match kind {
        Kind::Text => Ok(Value::String(cell.to_string())),
        Kind::Count => cell
            .parse::<u32>()
            .map(Value::from)
            .map_err(|_| "not a whole number from 0 to 4294967295".to_string()),
        Kind::Flag => match cell.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Ok(Value::Bool(true)),
            "false" | "no" | "n" | "0" => Ok(Value::Bool(false)),
            _ => Err("not yes or no (true/false, yes/no, y/n, 1/0; or give `values`)".to_string()),
        },
        Kind::Date => read_date(column.date_format.as_deref(), cell),
        Kind::List => Ok(list(column, cell)),
    }
}

/// A list cell's items: split on the column's `split`, trimmed, each
/// replaced as `values` says (an item replaced by "" is dropped).
fn list(column: &Column, cell: &str) -> Value {
    Value::Array(
        cell.split(column.split.as_str())
            .map(trim)
            .map(|item| match column.values.get(item) {
                Some(Value::String(with)) => with.as_str(),
                _ => item,
            })
            .filter(|item| !item.is_empty())
            .map(|item| Value::String(item.to_string()))
            .collect(),
    )
}

/// A cell handed to a field's reader as `read_cell`'s value would be. A
/// text cell, or a date already written `YYYY-MM-DD`, is lent as it is,
/// without a string made for it first (a date or a choice reads its own).
pub(super) fn deserialize_cell<'de, T: DeserializeSeed<'de>>(
    column: &Column,
    kind: Kind,
    cell: &str,
    seed: T,
) -> Result<T::Value, serde_json::Error> {
    let as_is = column.values.is_empty()
        && match kind {
            Kind::Text => true,
            Kind::Date => column.date_format.is_none() && is_iso_date(cell),
            Kind::Count | Kind::Flag | Kind::List => false,
        };
    if as_is {
        return seed.deserialize(Text(cell));
    }
    let value = read_cell(column, kind, cell).map_err(de::Error::custom)?;
    seed.deserialize(value)
}

/// A text cell, read as serde_json reads a string `Value`: itself, a
/// choice of an enum, or `Some` of itself.
struct Text<'a>(&'a str);

impl<'de> Deserializer<'de> for Text<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier
    }
}

/// A date in the column's format, or ISO (`2026-11-22`, as workbooks'
/// date cells are read), as ISO.
fn read_date(format: Option<&str>, cell: &str) -> Result<Value, String> {
    if format.is_none() && is_iso_date(cell) {
        return Ok(Value::String(cell.to_string()));
    }
    let parsed = format
        .and_then(|f| chrono::NaiveDate::parse_from_str(cell, f).ok())
        .or_else(|| chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok());
    match parsed {
        Some(date) => Ok(Value::String(date.format("%Y-%m-%d").to_string())),
        None => Err(match format {
            Some(f) => format!("not a date in the form `{f}`"),
            None => "not a date (YYYY-MM-DD; or give the column a `date_format`)".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::path::FieldPath;
    use super::*;

    #[test]
    fn values_replace_a_list_cell_item_by_item() {
        let mut column = Column::itself(FieldPath::parse("today.services").unwrap());
        column.values.insert("W".into(), Value::from("WCHR"));
        column.values.insert("X".into(), Value::from(""));
        let read = read_cell(&column, Kind::List, " W ; X;VGML;;W").unwrap();
        assert_eq!(read, serde_json::json!(["WCHR", "VGML", "WCHR"]));
        // A whole cell that is itself a key is one item like any other.
        assert_eq!(
            read_cell(&column, Kind::List, "W").unwrap(),
            serde_json::json!(["WCHR"])
        );
    }

    #[test]
    fn iso_dates_are_read_as_the_format_string_reads_them() {
        let cells = [
            "2026-11-22",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-05",
            "2026-01-5",
            "+2026-01-05",
            "2026-01-05 ",
            "0000-01-01",
            "9999-12-31",
            "2026/01/05",
            "2026-01-32",
            "20260105",
            "",
        ];
        for cell in cells {
            let slow = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d")
                .map(|d| d.format("%Y-%m-%d").to_string())
                .ok();
            let fast = read_date(None, cell)
                .ok()
                .and_then(|v| v.as_str().map(String::from));
            assert_eq!(fast, slow, "{cell}");
            if is_iso_date(cell) {
                assert_eq!(slow.as_deref(), Some(cell));
            }
        }
    }
}
