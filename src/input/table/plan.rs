//! A flat table's customers read straight into profiles. The layout is
//! made once into a tree of its fields (a [`Plan`]); a one-row customer's
//! cells are then handed to the profile's reader through it, with no JSON
//! tree built in between (that tree was most of a CSV row's cost).
//!
//! Anything out of the ordinary is left to the tree in `build`, whose
//! answer is the one that counts: several rows, a `sensitive` column, a
//! keyed or per-row list step, a cell that does not read, a profile that
//! does not check. This path only ever gives the same profile sooner: it
//! presents the same fields with the same values, skipping empty cells and
//! filling gaps in a list with empty entries just as the tree does.

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::cell::deserialize_cell;
use super::mapping::{Column, Target};
use super::path::Index;
use super::record;
use super::rows::Row;
use crate::input::profile::Profile;

/// The profile's fields as the file's columns give them.
pub(crate) struct Plan {
    root: Vec<(String, Node)>,
    /// How many nodes there are (each has an `id` below this).
    nodes: usize,
    /// By column: the objects and lists it lies in, innermost first.
    within: Vec<Vec<usize>>,
    /// By column: whether its cells are trimmed (kept here, packed, for
    /// the pass over every cell of a row).
    trim: Vec<bool>,
}

/// A field: one column's cell, an object of fields, or a list whose
/// elements are given by index (`purchases[0]`, `purchases[1]`).
enum Node {
    Cell(usize),
    Object(Vec<(String, Node)>, usize),
    List(Vec<Node>, usize),
}

const EMPTY: Node = Node::Object(Vec::new(), 0);

impl Node {
    fn is_unused(&self) -> bool {
        matches!(self, Node::Object(fields, _) if fields.is_empty())
    }

    /// Numbers the objects and lists (cells use their column's number),
    /// from `next`, after the columns; returns the next number.
    fn number(&mut self, next: usize) -> usize {
        match self {
            Node::Cell(_) => next,
            Node::Object(fields, id) => {
                *id = next;
                fields.iter_mut().fold(next + 1, |n, (_, f)| f.number(n))
            }
            Node::List(items, id) => {
                *id = next;
                items.iter_mut().fold(next + 1, |n, f| f.number(n))
            }
        }
    }

    /// Notes, for each cell below, the objects and lists it lies in
    /// (`outer`, outermost first), innermost first.
    fn enclose(&self, outer: &mut Vec<usize>, within: &mut [Vec<usize>]) {
        match self {
            Node::Cell(i) => within[*i] = outer.iter().rev().copied().collect(),
            Node::Object(fields, id) => {
                outer.push(*id);
                fields.iter().for_each(|(_, f)| f.enclose(outer, within));
                outer.pop();
            }
            Node::List(items, id) => {
                outer.push(*id);
                items.iter().for_each(|f| f.enclose(outer, within));
                outer.pop();
            }
        }
    }

    fn id(&self) -> usize {
        match self {
            Node::Cell(id) | Node::Object(_, id) | Node::List(_, id) => *id,
        }
    }
}

impl Plan {
    /// The plan for these columns, if they are plain enough for one.
    pub(crate) fn new(columns: &[Column]) -> Option<Plan> {
        let mut root = EMPTY;
        for (i, column) in columns.iter().enumerate() {
            match &column.target {
                Target::Ignore => {}
                Target::Sensitive(_) => return None,
                // A last step with an index (`tags[0]`) the tree refuses.
                Target::Field(path) if path.segments.last()?.index != Index::None => return None,
                Target::Field(path) => {
                    let mut node = &mut root;
                    for segment in &path.segments {
                        node = child(node, &segment.name)?;
                        node = match segment.index {
                            Index::None => node,
                            Index::At(n) => element(node, n)?,
                            Index::PerRow | Index::Key { .. } => return None,
                        };
                    }
                    if !node.is_unused() {
                        return None;
                    }
                    *node = Node::Cell(i);
                }
            }
        }
        let nodes = root.number(columns.len());
        let mut within = vec![Vec::new(); columns.len()];
        root.enclose(&mut Vec::new(), &mut within);
        match root {
            Node::Object(root, _) => Some(Plan {
                root,
                nodes,
                within,
                trim: columns.iter().map(|c| c.trim).collect(),
            }),
            _ => None,
        }
    }

    /// The row's profile, if it reads this way; `None` sends it to the tree.
    pub(crate) fn profile(&self, columns: &[Column], row: &Row) -> Option<Box<Profile>> {
        // A cell that is not empty is given, and so is every object and
        // list it lies in (most cells of a wide export are empty).
        let mut given = vec![false; self.nodes];
        for i in row.cells.filled() {
            let Some(&trim) = self.trim.get(i) else {
                break;
            };
            if trim && record::trim(&row.cells[i]).is_empty() {
                continue;
            }
            given[i] = true;
            for &outer in &self.within[i] {
                if std::mem::replace(&mut given[outer], true) {
                    break;
                }
            }
        }
        let cells = Cells {
            columns,
            row,
            given,
        };
        let root = Fields {
            cells: &cells,
            fields: &self.root,
            next: 0,
        };
        Profile::deserialize(Container::Object(root))
            .ok()
            .map(Box::new)
    }
}

/// The field `name` of an object node (an empty object is made for it).
fn child<'a>(node: &'a mut Node, name: &str) -> Option<&'a mut Node> {
    let Node::Object(fields, _) = node else {
        return None;
    };
    let at = match fields.iter().position(|(n, _)| n == name) {
        Some(at) => at,
        None => {
            fields.push((name.to_string(), EMPTY));
            fields.len() - 1
        }
    };
    Some(&mut fields[at].1)
}

/// Element `n` of a list node (an empty object node, unused, becomes one).
fn element(node: &mut Node, n: usize) -> Option<&mut Node> {
    if node.is_unused() {
        *node = Node::List(Vec::new(), 0);
    }
    let Node::List(items, _) = node else {
        return None;
    };
    while items.len() <= n {
        items.push(EMPTY);
    }
    Some(&mut items[n])
}

/// One row's cells, as its columns read them.
struct Cells<'a> {
    columns: &'a [Column],
    row: &'a Row,
    /// By node id: whether it has a cell that is not empty under it (the
    /// tree makes no field for empty cells).
    given: Vec<bool>,
}

impl Cells<'_> {
    /// Column `i`'s cell, trimmed if the column says so.
    fn text(&self, i: usize) -> &str {
        let cell = self.row.cells.get(i).unwrap_or("");
        if self.columns[i].trim {
            record::trim(cell)
        } else {
            cell
        }
    }

    fn given(&self, node: &Node) -> bool {
        self.given[node.id()]
    }

    /// Hands a field to the profile's reader.
    fn read<'de, T: DeserializeSeed<'de>>(
        &self,
        node: &Node,
        seed: T,
    ) -> Result<T::Value, serde_json::Error> {
        match node {
            Node::Cell(i) => {
                let column = &self.columns[*i];
                let Target::Field(path) = &column.target else {
                    return Err(de::Error::custom("not a field"));
                };
                deserialize_cell(column, path.kind, self.text(*i), seed)
            }
            Node::Object(fields, _) => seed.deserialize(Container::Object(Fields {
                cells: self,
                fields,
                next: 0,
            })),
            Node::List(items, _) => {
                let len = items
                    .iter()
                    .rposition(|n| self.given(n))
                    .map_or(0, |at| at + 1);
                seed.deserialize(Container::List(Items {
                    cells: self,
                    items: &items[..len],
                }))
            }
        }
    }
}

/// An object or a list, as the profile's reader sees it.
enum Container<'a> {
    Object(Fields<'a>),
    List(Items<'a>),
}

/// Asked for what an object or a list is not: refused, as serde_json's
/// `Value` refuses it (and the customer goes to the tree).
macro_rules! refuse {
    ($($method:ident)*) => {$(
        fn $method<V: de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not this kind of field"))
        }
    )*};
}

impl<'de> Deserializer<'de> for Container<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Container::Object(mut fields) => {
                let value = visitor.visit_map(&mut fields)?;
                fields.done().map(|()| value)
            }
            Container::List(mut items) => {
                let value = visitor.visit_seq(&mut items)?;
                items.done().map(|()| value)
            }
        }
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_map<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Container::Object(_) => self.deserialize_any(visitor),
            Container::List(_) => Err(de::Error::custom("a list, not an object")),
        }
    }

    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_seq<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self {
            Container::List(_) => self.deserialize_any(visitor),
            Container::Object(_) => Err(de::Error::custom("an object, not a list")),
        }
    }

    fn deserialize_newtype_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    refuse! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_identifier
    }

    fn deserialize_unit_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not this kind of field"))
    }

    fn deserialize_tuple<V: de::Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not this kind of field"))
    }
}

/// An object's fields that have cells, one by one.
struct Fields<'a> {
    cells: &'a Cells<'a>,
    fields: &'a [(String, Node)],
    next: usize,
}

impl Fields<'_> {
    /// Whether every field with a cell was read, as `Value` insists.
    fn done(&mut self) -> Result<(), serde_json::Error> {
        let rest = &self.fields[self.next.min(self.fields.len())..];
        match rest.iter().any(|(_, node)| self.cells.given(node)) {
            true => Err(de::Error::custom("fields left unread")),
            false => Ok(()),
        }
    }
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        while let Some((name, node)) = self.fields.get(self.next) {
            if self.cells.given(node) {
                let key: StrDeserializer<'_, serde_json::Error> = name.as_str().into_deserializer();
                return seed.deserialize(key).map(Some);
            }
            self.next += 1;
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let (_, node) = &self.fields[self.next];
        self.next += 1;
        self.cells.read(node, seed)
    }
}

/// A list's elements up to its last with a cell; those between with none
/// are empty objects, as the tree makes them.
struct Items<'a> {
    cells: &'a Cells<'a>,
    items: &'a [Node],
}

impl Items<'_> {
    /// Whether every element was read, as `Value` insists.
    fn done(&self) -> Result<(), serde_json::Error> {
        match self.items.is_empty() {
            true => Ok(()),
            false => Err(de::Error::custom("elements left unread")),
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let Some((node, rest)) = self.items.split_first() else {
            return Ok(None);
        };
        self.items = rest;
        if self.cells.given(node) {
            self.cells.read(node, seed).map(Some)
        } else {
            seed.deserialize(Value::Object(Map::new())).map(Some)
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

#[cfg(test)]
mod tests {
    use super::super::build::{tree, Layout};
    use super::super::path::FieldPath;
    use super::*;

    /// Columns of every kind, nested objects, and lists with gaps; with
    /// cells each can take. `IGNORED` is ignored; `synthetic` reads its
    /// cells through `values`; `notes` is not trimmed.
    const COLUMNS: [(&str, [&str; 2]); 27] = [
        ("id", ["SYN-1", "SYN-2"]),
        ("name", ["Ana Example", " Bo "]),
        ("ref", ["12A", " 3C "]),
        ("IGNORED", ["anything", "at all"]),
        ("synthetic", ["Y", "N"]),
        ("loyalty.tier", ["Gold", " Silver "]),
        ("loyalty.lifetime_visits", ["12", "0"]),
        ("loyalty.member_since", ["2025-07-08", "2024-02-29"]),
        ("consent.use_name", ["yes", "false"]),
        ("today.services", ["WCHR; KSML", ";"]),
        ("preferences[0].topic", ["drink", "seat"]),
        ("preferences[0].value", ["tea", "a window seat"]),
        ("preferences[0].source", ["stated", "observed"]),
        (
            "preferences[0].last_confirmed",
            ["2026-05-26", "2025-01-01"],
        ),
        ("preferences[1].topic", ["drink", "seat"]),
        ("preferences[1].value", ["tea", "a window seat"]),
        ("purchases[1].item", ["a book", "a \"quote\""]),
        ("purchases[1].date", ["2025-07-08", "2026-11-22"]),
        ("history[1].kind", ["upgrade", "lost_item"]),
        ("history[1].date", ["2025-07-08", "2026-01-02"]),
        ("history[1].summary", ["a summary", "x"]),
        ("history[0].kind", ["complaint", "other"]),
        ("history[0].date", ["2025-07-08", "2026-01-02"]),
        ("inferred.churn_risk", ["0.93", "high"]),
        ("sensitive[0].category", ["health", "belief"]),
        ("sensitive[0].note", ["a note", " "]),
        ("notes", ["a note", "  "]),
    ];

    /// A column's cell: mostly one it can take, else empty, blank, or
    /// (one time in twenty) one that a count, flag or date refuses.
    fn cell(column: usize, pick: usize) -> &'static str {
        match pick {
            0 | 1 => "",
            2 => " ",
            3 => "nope",
            _ => COLUMNS[column].1[pick % 2],
        }
    }

    /// A number for the group a column is in: its first step, with index.
    fn group(column: usize) -> u32 {
        let header = COLUMNS[column].0;
        let step = header.split('.').next().unwrap_or(header);
        step.bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
            % 32
    }

    fn layout() -> Layout {
        let columns = COLUMNS
            .iter()
            .map(|(header, _)| match *header {
                "IGNORED" => Column {
                    target: Target::Ignore,
                    ..Column::itself(FieldPath::parse("id").unwrap())
                },
                header => {
                    let mut column = Column::itself(FieldPath::parse(header).unwrap());
                    column.trim = header != "notes";
                    if header == "synthetic" {
                        column.values.insert("Y".into(), true.into());
                        column.values.insert("N".into(), false.into());
                    }
                    column
                }
            })
            .collect();
        Layout::new(
            COLUMNS.iter().map(|(h, _)| h.to_string()).collect(),
            columns,
        )
    }

    proptest::proptest! {
        // About one row in seven makes a profile: enough cases that the
        // profiles, not only the refusals, are compared many times.
        #![proptest_config(proptest::test_runner::Config::with_cases(1024))]

        /// The plan gives a profile exactly when the tree does, and the same one.
        #[test]
        fn the_plan_reads_a_row_as_the_tree_does(
            picks in proptest::collection::vec(0..20usize, COLUMNS.len()),
            groups in proptest::prelude::any::<u32>(),
            clean in proptest::prelude::any::<bool>(),
        ) {
            let layout = layout();
            let plan = layout.plan.as_ref().expect("plain columns have a plan");
            // Half the rows have each group of columns (a top-level field,
            // or one element of a list) whole or empty, so that many read;
            // the rest have any cell in any column.
            let mut cells: Vec<&str> = picks
                .iter()
                .enumerate()
                .map(|(c, &p)| match clean {
                    true if c < 3 || groups & (1 << group(c)) != 0 => COLUMNS[c].1[p % 2],
                    true => "",
                    false => cell(c, p),
                })
                .collect();
            // Now and then a row shorter than the header row.
            cells.truncate(COLUMNS.len() - picks[0] % 3);
            let row = Row { number: 2, cells: cells.clone().into(), fault: None };
            let planned = plan.profile(&layout.columns, &row);
            let treed = tree("t.csv", &layout, std::slice::from_ref(&row))
                .ok()
                .and_then(|root| Profile::deserialize(root).ok());
            proptest::prop_assert_eq!(planned.is_some(), treed.is_some(), "{:?}", cells);
            if let (Some(planned), Some(treed)) = (planned, treed) {
                proptest::prop_assert!(*planned == treed);
            }
        }
    }

    #[test]
    fn columns_the_plan_cannot_take_are_left_to_the_tree() {
        for header in ["purchases[].item", "preferences[drink].value"] {
            let columns = vec![Column::itself(FieldPath::parse(header).unwrap())];
            assert!(Plan::new(&columns).is_none(), "{header}");
        }
        let mut sensitive = Column::itself(FieldPath::parse("notes").unwrap());
        sensitive.target = Target::Sensitive("health".into());
        assert!(Plan::new(&[sensitive]).is_none());
    }
}
