//! Field paths of a mapping file (`loyalty.tier`, `today.services`,
//! `preferences[drink].value`, `purchases[].item`), checked against the
//! profile's own JSON Schema, so a path names a field that exists and
//! knows what kind of value it takes.

use std::fmt;
use std::sync::LazyLock;

use serde_json::Value;

use crate::input::profile::Profile;

/// The profile's schema, read once: the one list of fields there is.
static SCHEMA: LazyLock<Value> =
    LazyLock::new(|| serde_json::to_value(schemars::schema_for!(Profile)).unwrap_or(Value::Null));

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub(crate) name: String,
    pub(crate) index: Index,
}

/// Which element of a list a step means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Index {
    /// Not a list.
    None,
    /// `purchases[]`: one element for each row of a customer.
    PerRow,
    /// `purchases[0]`: that element.
    At(usize),
    /// `preferences[drink]`: the element whose key field (`topic`, `kind`
    /// or `category`) is this.
    Key { field: &'static str, value: String },
}

/// What a field takes, as its cell is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Count,
    Flag,
    Date,
    /// A list of words (`today.services`): a cell is split into items.
    List,
}

/// A checked path to one field of a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldPath {
    pub(crate) segments: Vec<Segment>,
    pub(crate) kind: Kind,
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(&s.name)?;
            match &s.index {
                Index::None => {}
                Index::PerRow => f.write_str("[]")?,
                Index::At(n) => write!(f, "[{n}]")?,
                Index::Key { value, .. } => write!(f, "[{value}]")?,
            }
        }
        Ok(())
    }
}

/// The largest `name[N]`: no profile holds more entries than this.
const MAX_INDEX: usize = 999;

/// The lists whose entries are named by a field, and that field.
const KEYED: [(&str, &str); 4] = [
    ("preferences", "topic"),
    ("occasions", "kind"),
    ("history", "kind"),
    ("sensitive", "category"),
];

impl FieldPath {
    /// Parses and checks `text`; the error says what is wrong in cuecard's
    /// words (paths are the mapping's, not customer data).
    pub(crate) fn parse(text: &str) -> Result<FieldPath, String> {
        let mut node = resolve(&SCHEMA);
        let mut segments = Vec::new();
        let mut parts = text.split('.').peekable();
        while let Some(part) = parts.next() {
            let (name, inner) = split_index(part)?;
            if object_of_any(node) {
                // `inferred.KEY`: any key, a leaf; never printed.
                if parts.peek().is_some() || inner.is_some() {
                    return Err(format!("`{text}`: `{name}` takes no further path"));
                }
                segments.push(Segment {
                    name: name.to_string(),
                    index: Index::None,
                });
                return Ok(FieldPath {
                    segments,
                    kind: Kind::Text,
                });
            }
            let (segment, next) = step(text, node, name, inner)?;
            segments.push(segment);
            node = next;
        }
        let kind = leaf_kind(node).ok_or_else(|| group_of_fields(text, node))?;
        Ok(FieldPath { segments, kind })
    }

    /// Whether the path is `name` alone (`id`, `ref`).
    pub(crate) fn is(&self, name: &str) -> bool {
        matches!(self.segments.as_slice(), [s] if s.name == name && s.index == Index::None)
    }
}

/// One step down from `node`: the field `name`, and the list element
/// `inner` names if it is given.
fn step<'s>(
    text: &str,
    node: &'s Value,
    name: &str,
    inner: Option<&str>,
) -> Result<(Segment, &'s Value), String> {
    let Some(field) = properties(node).and_then(|p| p.get(name)) else {
        return Err(unknown(text, name, node));
    };
    let field = resolve(field);
    let Some(inner) = inner else {
        return Ok((
            Segment {
                name: name.to_string(),
                index: Index::None,
            },
            field,
        ));
    };
    let Some(items) = field.get("items") else {
        return Err(format!("`{text}`: `{name}` is not a list"));
    };
    let item = resolve(items);
    if properties(item).is_none() {
        return Err(format!(
            "`{text}`: `{name}` is a list of words: map the column to `{name}` (with `split`)"
        ));
    }
    let index = list_index(text, name, inner, item)?;
    Ok((
        Segment {
            name: name.to_string(),
            index,
        },
        item,
    ))
}

fn group_of_fields(text: &str, node: &Value) -> String {
    let names: Vec<&str> = properties(node)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    format!(
        "`{text}` is a group of fields; name one of: {}",
        names.join(", ")
    )
}

/// `name[inner]` → (`name`, `Some(inner)`).
fn split_index(part: &str) -> Result<(&str, Option<&str>), String> {
    match part.split_once('[') {
        None if !part.is_empty() => Ok((part, None)),
        Some((name, rest)) if !name.is_empty() => match rest.strip_suffix(']') {
            Some(inner) if !inner.contains(['[', ']']) => Ok((name, Some(inner))),
            _ => Err(format!(
                "`{part}`: a list index is written `name[]`, `name[0]` or `name[key]`"
            )),
        },
        _ => {
            Err("a field path has an empty step (`a..b`, or a leading or trailing dot)".to_string())
        }
    }
}

fn list_index(text: &str, name: &str, inner: &str, item: &Value) -> Result<Index, String> {
    if inner.is_empty() {
        return Ok(Index::PerRow);
    }
    if let Ok(n) = inner.parse::<usize>() {
        return match n {
            0..=MAX_INDEX => Ok(Index::At(n)),
            _ => Err(format!("`{text}`: an index above {MAX_INDEX}")),
        };
    }
    let keyed = KEYED
        .iter()
        .find(|(list, _)| *list == name)
        .map(|(_, field)| *field);
    match keyed {
        Some(field) => {
            let allowed = properties(item)
                .and_then(|p| p.get(field))
                .map(resolve)
                .and_then(|f| f.get("enum"))
                .and_then(Value::as_array);
            if let Some(allowed) = allowed {
                if !allowed.iter().any(|v| v.as_str() == Some(inner)) {
                    let names: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
                    return Err(format!(
                        "`{text}`: `{name}` is keyed by {field}, one of: {}",
                        names.join(", ")
                    ));
                }
            }
            Ok(Index::Key {
                field,
                value: inner.to_string(),
            })
        }
        None => Err(format!(
            "`{text}`: `{name}` has no key; use `{name}[]` (one per row) or `{name}[0]`"
        )),
    }
}

fn unknown(text: &str, name: &str, node: &Value) -> String {
    let names: Vec<&str> = properties(node)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    format!(
        "`{text}`: no field `{name}` here; the fields are {}",
        names.join(", ")
    )
}

/// Follows `$ref`, and `anyOf: [{$ref}, {type: null}]` (an optional table).
fn resolve(node: &Value) -> &Value {
    let node = match node.get("anyOf").and_then(Value::as_array) {
        Some(options) => options
            .iter()
            .find(|o| o.get("type") != Some(&Value::String("null".into())))
            .unwrap_or(node),
        None => node,
    };
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.trim_start_matches("#/$defs/");
            SCHEMA
                .get("$defs")
                .and_then(|d| d.get(name))
                .unwrap_or(node)
        }
        None => node,
    }
}

fn properties(node: &Value) -> Option<&serde_json::Map<String, Value>> {
    node.get("properties").and_then(Value::as_object)
}

fn object_of_any(node: &Value) -> bool {
    properties(node).is_none() && node.get("additionalProperties") == Some(&Value::Bool(true))
}

fn types(node: &Value) -> Vec<&str> {
    match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn leaf_kind(node: &Value) -> Option<Kind> {
    let kinds = types(node);
    if node.get("format").and_then(Value::as_str) == Some("date") {
        return Some(Kind::Date);
    }
    if kinds.contains(&"integer") {
        return Some(Kind::Count);
    }
    if kinds.contains(&"boolean") {
        return Some(Kind::Flag);
    }
    if kinds.contains(&"array") {
        let item = resolve(node.get("items")?);
        return (types(item).contains(&"string")).then_some(Kind::List);
    }
    (kinds.contains(&"string") || node.get("enum").is_some()).then_some(Kind::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_to_real_fields_parse_with_their_kinds() {
        let kind = |p: &str| FieldPath::parse(p).map(|f| f.kind);
        assert_eq!(kind("name"), Ok(Kind::Text));
        assert_eq!(kind("loyalty.tier"), Ok(Kind::Text));
        assert_eq!(kind("loyalty.visits_last_90_days"), Ok(Kind::Count));
        assert_eq!(kind("loyalty.tier_since"), Ok(Kind::Date));
        assert_eq!(kind("consent.personalise"), Ok(Kind::Flag));
        assert_eq!(kind("today.services"), Ok(Kind::List));
        assert_eq!(kind("preferences[drink].value"), Ok(Kind::Text));
        assert_eq!(kind("purchases[].date"), Ok(Kind::Date));
        assert_eq!(kind("purchases[2].item"), Ok(Kind::Text));
        assert_eq!(kind("inferred.churn_risk"), Ok(Kind::Text));
        assert_eq!(kind("sensitive[health].note"), Ok(Kind::Text));
        assert_eq!(
            FieldPath::parse("preferences[drink].value")
                .unwrap()
                .to_string(),
            "preferences[drink].value"
        );
    }

    #[test]
    fn paths_to_nothing_say_what_is_there() {
        for (path, says) in [
            ("loyalty.teir", "no field `teir`"),
            ("loyalty", "is a group of fields"),
            ("preferences[wine].value", "keyed by topic"),
            ("purchases[book].item", "has no key"),
            ("name[]", "is not a list"),
            ("loyalty..tier", "empty step"),
            ("preferences[drink.value", "list index"),
            ("inferred.a.b", "no further path"),
            ("today.services[]", "a list of words"),
            ("purchases[99999999999].item", "an index above 999"),
        ] {
            let err = FieldPath::parse(path).unwrap_err();
            assert!(err.contains(says), "{path}: {err}");
        }
    }
}
