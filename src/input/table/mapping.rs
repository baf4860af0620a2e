//! The mapping file: what each column of a CSV or spreadsheet export
//! becomes — a profile field, a restricted `[[sensitive]]` entry, or
//! nothing (`ignore`) — and how its cells are read. Every column of the
//! file must be named (fail closed); a header that is itself a field path
//! (`loyalty.tier`) needs no entry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::path::{FieldPath, Kind};
use crate::error::{line_col, safe_message, Code, Fail};
use crate::input::profile::Shift;

/// A mapping file, as `cuecard schema mapping` describes it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "read only for its schema")]
pub(crate) struct MappingSchema {
    /// How the file is laid out.
    #[serde(default)]
    file: FileOptions,
    /// The shift header for the file's customers (as a manifest's `[shift]`).
    shift: Option<Shift>,
    /// Each column, by its header exactly as written in the file.
    #[serde(default)]
    columns: BTreeMap<String, ColumnSchema>,
}

/// A column: `"ignore"`, a field path, or a table with the details.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "read only for its schema")]
enum ColumnSchema {
    /// `"ignore"`, or a field path such as `"loyalty.tier"`.
    Short(String),
    Detail(ColumnDetail),
}

/// A column in full. Give exactly one of `field`, `sensitive` or `ignore`.
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
struct ColumnDetail {
    /// The profile field path: `name`, `loyalty.tier`, `today.services`,
    /// `preferences[drink].value`, `purchases[].item` (one per row).
    field: Option<String>,
    /// A restricted category (`health`, `religion`, ...): a non-empty cell
    /// becomes a `[[sensitive]]` entry of that category; the text is never
    /// kept.
    sensitive: Option<String>,
    /// `true`: the column is read past and never kept.
    ignore: Option<bool>,
    /// How dates are written, in strftime form (`%d/%m/%Y`); ISO dates are
    /// always read too.
    date_format: Option<String>,
    /// Cell values replaced before reading: `{ "G" = "Gold", "Y" = true }`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Value>")]
    values: BTreeMap<String, toml::Value>,
    /// For list fields: what separates the items [default: `;`].
    split: Option<String>,
    /// Strip spaces around the cell [default: true].
    trim: Option<bool>,
}

/// How the file is laid out.
#[derive(Deserialize, JsonSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileOptions {
    /// One character between cells [default: `,`, or a tab for `.tsv`].
    pub(crate) delimiter: Option<String>,
    /// Lines before the header row, skipped (a report's title) [default: 0].
    #[serde(default)]
    pub(crate) skip_rows: usize,
    /// The column that says whose row it is (a customer id): consecutive
    /// rows with the same value are one customer.
    pub(crate) group_by: Option<String>,
    /// With `group_by`: sort the rows by it in memory first, for exports
    /// whose rows of one customer are not together; at most this many rows.
    pub(crate) sort_rows_up_to: Option<usize>,
    /// The workbook sheet to read [default: the first].
    pub(crate) sheet: Option<String>,
}

/// What a column becomes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Target {
    Field(FieldPath),
    Sensitive(String),
    Ignore,
}

/// A column, checked.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub(crate) target: Target,
    pub(crate) date_format: Option<String>,
    pub(crate) values: BTreeMap<String, Value>,
    pub(crate) split: String,
    pub(crate) trim: bool,
    /// The mapping file's line that names it (0: it maps itself).
    pub(crate) line: usize,
}

impl Column {
    /// A header that is a field path maps itself, with the defaults.
    pub(crate) fn itself(path: FieldPath) -> Column {
        Column {
            target: Target::Field(path),
            date_format: None,
            values: BTreeMap::new(),
            split: ";".to_string(),
            trim: true,
            line: 0,
        }
    }
}

/// A mapping file, read and checked.
#[derive(Default)]
pub(crate) struct Mapping {
    /// Where it came from, for messages (`None`: no file; headers map
    /// themselves).
    pub(crate) source: Option<PathBuf>,
    pub(crate) file: FileOptions,
    pub(crate) shift: Option<Shift>,
    pub(crate) columns: BTreeMap<String, Column>,
    /// The line of `[columns]`, for messages about columns it lacks.
    pub(crate) columns_line: usize,
}

/// The raw file: columns kept as TOML values with their places.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    file: FileOptions,
    shift: Option<Shift>,
    #[serde(default)]
    columns: Option<toml::Spanned<BTreeMap<String, toml::Spanned<toml::Value>>>>,
}

impl Mapping {
    /// The mapping for `input`: `explicit` (`--map`), else (for a file,
    /// `beside`) `<input>.map.toml` if there is one, else none.
    pub(crate) fn find(
        input: &str,
        beside_file: bool,
        explicit: Option<&Path>,
    ) -> anyhow::Result<Mapping> {
        let beside = PathBuf::from(format!("{input}.map.toml"));
        match explicit {
            Some(path) => Mapping::read(path),
            None if beside_file && beside.is_file() => Mapping::read(&beside),
            None => Ok(Mapping::default()),
        }
    }

    /// Reads and checks a mapping file; any fault is a config error (78).
    pub(crate) fn read(path: &Path) -> anyhow::Result<Mapping> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Fail::new(
                Code::Config,
                format!("{shown}: cannot read the mapping file: {}", e.kind()),
            )
        })?;
        Mapping::parse(&shown, &text)
    }

    pub(crate) fn parse(shown: &str, text: &str) -> anyhow::Result<Mapping> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(String::new(), |s| {
                let (line, column) = line_col(text, s.start);
                format!(":{line}:{column}")
            });
            Fail::new(
                Code::Config,
                format!("{shown}{at}: {}", safe_message(e.message())),
            )
        })?;
        let mut mapping = Mapping {
            source: Some(PathBuf::from(shown)),
            file: raw.file,
            shift: raw.shift,
            ..Mapping::default()
        };
        check_file_options(shown, &mapping.file)?;
        if let Some(columns) = raw.columns {
            mapping.columns_line = line_col(text, columns.span().start).0;
            for (header, spec) in columns.into_inner() {
                let line = line_col(text, spec.span().start).0;
                let column = column(spec.into_inner()).map_err(|why| {
                    Fail::new(
                        Code::Config,
                        format!("{shown}:{line}: column `{header}`: {why}"),
                    )
                })?;
                mapping.columns.insert(header, Column { line, ..column });
            }
        }
        Ok(mapping)
    }

    /// Where a column is named, for messages: `map.toml:12`.
    pub(crate) fn place(&self, line: usize) -> String {
        match &self.source {
            Some(source) => format!("{}:{line}", source.display()),
            None => "(no mapping file)".to_string(),
        }
    }
}

fn check_file_options(shown: &str, file: &FileOptions) -> anyhow::Result<()> {
    if let Some(d) = &file.delimiter {
        if d.chars().count() != 1 || !d.is_ascii() {
            return Err(Fail::new(
                Code::Config,
                format!("{shown}: `file.delimiter` must be one ASCII character"),
            ));
        }
    }
    if file.sort_rows_up_to.is_some() && file.group_by.is_none() {
        return Err(Fail::new(
            Code::Config,
            format!("{shown}: `file.sort_rows_up_to` sorts by `file.group_by`, which is not set"),
        ));
    }
    Ok(())
}

/// Reads one column's entry.
fn column(spec: toml::Value) -> Result<Column, String> {
    let detail = match spec {
        toml::Value::String(text) if text == "ignore" => ColumnDetail {
            ignore: Some(true),
            ..ColumnDetail::default()
        },
        toml::Value::String(text) => ColumnDetail {
            field: Some(text),
            ..ColumnDetail::default()
        },
        table @ toml::Value::Table(_) => table
            .try_into::<ColumnDetail>()
            .map_err(|e| safe_message(e.message()))?,
        _ => return Err("give a field path, \"ignore\", or a table".to_string()),
    };
    let target = match (&detail.field, &detail.sensitive, detail.ignore) {
        (Some(field), None, None | Some(false)) => Target::Field(FieldPath::parse(field)?),
        (None, Some(category), None | Some(false)) if !category.trim().is_empty() => {
            Target::Sensitive(category.trim().to_string())
        }
        (None, None, Some(true)) => Target::Ignore,
        _ => return Err("give exactly one of `field`, `sensitive` or `ignore = true`".to_string()),
    };
    let values = detail
        .values
        .into_iter()
        .map(|(k, v)| Ok((k, scalar(v)?)))
        .collect::<Result<_, String>>()?;
    if detail.date_format.is_some() && !matches!(&target, Target::Field(p) if p.kind == Kind::Date)
    {
        return Err("`date_format` is for date fields".to_string());
    }
    Ok(Column {
        target,
        date_format: detail.date_format,
        values,
        split: detail.split.unwrap_or_else(|| ";".to_string()),
        trim: detail.trim.unwrap_or(true),
        line: 0,
    })
}

/// A `values` entry: a string, number or true/false.
fn scalar(value: toml::Value) -> Result<Value, String> {
    match value {
        toml::Value::String(s) => Ok(Value::String(s)),
        toml::Value::Integer(i) => Ok(Value::from(i)),
        toml::Value::Boolean(b) => Ok(Value::Bool(b)),
        _ => Err("a `values` entry is a string, a whole number or true/false".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::code_of;

    #[test]
    fn a_mapping_reads_every_form_of_column() {
        let text = r#"
[file]
group_by = "ID"

[shift]
title = "Arrivals"
setting = "hotel"

[columns]
ID = "id"
NAME = { field = "name" }
VIP = { field = "loyalty.tier", values = { G = "Gold" } }
SINCE = { field = "loyalty.member_since", date_format = "%d/%m/%Y" }
SPECIALS = { field = "today.services", split = "," }
MEDICAL = { sensitive = "health" }
COMMENTS = "ignore"
"#;
        let m = Mapping::parse("m.toml", text).unwrap();
        assert_eq!(m.file.group_by.as_deref(), Some("ID"));
        assert_eq!(m.columns.len(), 7);
        assert_eq!(
            m.columns["MEDICAL"].target,
            Target::Sensitive("health".into())
        );
        assert_eq!(m.columns["COMMENTS"].target, Target::Ignore);
        assert_eq!(m.columns["VIP"].values["G"], Value::String("Gold".into()));
        assert_eq!(m.columns["SPECIALS"].split, ",");
        assert_eq!(m.columns["ID"].line, 10);
        assert_eq!(m.columns_line, 9);
    }

    #[test]
    fn a_bad_column_is_a_config_error_naming_its_line() {
        for (entry, says) in [
            ("X = \"loyalty.teir\"", "no field `teir`"),
            ("X = { field = \"name\", ignore = true }", "exactly one of"),
            (
                "X = { field = \"name\", date_format = \"%d\" }",
                "for date fields",
            ),
            ("X = 3", "a field path"),
            ("X = { feild = \"name\" }", "unknown key"),
        ] {
            let Err(err) = Mapping::parse("m.toml", &format!("[columns]\n{entry}\n")) else {
                panic!("{entry} was accepted");
            };
            assert_eq!(code_of(&err), Code::Config);
            let text = err.to_string();
            assert!(
                text.contains("m.toml:2") && text.contains(says),
                "{entry}: {text}"
            );
        }
    }
}
