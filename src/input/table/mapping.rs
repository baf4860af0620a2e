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
    /// Cell values replaced before reading: `{ "G" = "Gold", "Y" = true }`;
    /// for a list field, each item (`{ "W" = "WCHR" }`; `""` drops one).
    #[serde(default)]
    #[schemars(schema_with = "replacements")]
    values: BTreeMap<String, toml::Value>,
    /// For list fields: what separates the items [default: `;`].
    #[schemars(length(min = 1))]
    split: Option<String>,
    /// Strip spaces around the cell [default: true].
    trim: Option<bool>,
}

/// What a `values` entry may be in the schema: what [`scalar`] takes, as
/// no profile field takes a fraction.
fn replacements(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": { "type": ["string", "integer", "boolean"] },
    })
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
    #[schemars(range(min = 1))]
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

/// The `[file]` keys again, with their places, to name the line of one
/// that cannot work.
#[derive(Deserialize)]
struct FilePlaces {
    #[serde(default)]
    file: BTreeMap<String, toml::Spanned<toml::Value>>,
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
        check_file_options(shown, text, &mapping.file)?;
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

/// Refuses `[file]` options that cannot work, naming the line of the key.
fn check_file_options(shown: &str, text: &str, file: &FileOptions) -> anyhow::Result<()> {
    let fault = if file
        .delimiter
        .as_ref()
        .is_some_and(|d| d.chars().count() != 1 || !d.is_ascii())
    {
        Some(("delimiter", "must be one ASCII character"))
    } else if file.sort_rows_up_to == Some(0) {
        Some((
            "sort_rows_up_to",
            "must be at least 1: it is how many rows may be sorted",
        ))
    } else if file.sort_rows_up_to.is_some() && file.group_by.is_none() {
        Some((
            "sort_rows_up_to",
            "sorts by `file.group_by`, which is not set",
        ))
    } else {
        None
    };
    let Some((key, why)) = fault else {
        return Ok(());
    };
    // The file read once already, so this reads too; a key given in a
    // form it cannot place is named without a line.
    let line = toml::from_str::<FilePlaces>(text).ok().and_then(|places| {
        places
            .file
            .get(key)
            .map(|v| line_col(text, v.span().start).0)
    });
    let at = line.map_or(String::new(), |line| format!(":{line}"));
    Err(Fail::new(
        Code::Config,
        format!("{shown}{at}: `file.{key}` {why}"),
    ))
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
    check_options(&target, &detail)?;
    let values = detail
        .values
        .into_iter()
        .map(|(k, v)| {
            let value = scalar(v)?;
            if let Target::Field(path) = &target {
                fits_kind(path, &value)?;
            }
            Ok((k, value))
        })
        .collect::<Result<_, String>>()?;
    Ok(Column {
        target,
        date_format: detail.date_format,
        values,
        split: detail.split.unwrap_or_else(|| ";".to_string()),
        trim: detail.trim.unwrap_or(true),
        line: 0,
    })
}

/// Refuses a column's options that its target would never use (they
/// would be dropped without a word) or that cannot work.
fn check_options(target: &Target, detail: &ColumnDetail) -> Result<(), String> {
    let given = [
        ("split", detail.split.is_some()),
        ("values", !detail.values.is_empty()),
        ("date_format", detail.date_format.is_some()),
        // A sensitive column's cell of spaces is empty only when trimmed.
        (
            "trim",
            detail.trim.is_some() && matches!(target, Target::Ignore),
        ),
    ];
    let unused = match target {
        Target::Field(_) => None,
        Target::Sensitive(_) => Some("a `sensitive` column keeps only whether a cell is empty"),
        Target::Ignore => Some("an ignored column is never read"),
    };
    if let (Some(why), Some((option, _))) = (unused, given.iter().find(|(_, g)| *g)) {
        return Err(format!("`{option}` does nothing here: {why}; remove it"));
    }
    let Target::Field(path) = target else {
        return Ok(());
    };
    if let Some(split) = &detail.split {
        if path.kind != Kind::List {
            return Err(format!(
                "`split` is for list fields (such as `today.services`), and `{path}` is not one"
            ));
        }
        if split.is_empty() {
            return Err(
                "`split` is empty: give what separates a list's items, such as \";\"".to_string(),
            );
        }
    }
    if let Some(format) = &detail.date_format {
        if path.kind != Kind::Date {
            return Err(format!(
                "`date_format` is for date fields, and `{path}` is not one"
            ));
        }
        check_date_format(format)?;
    }
    Ok(())
}

/// Refuses a `values` replacement its field could never take: a field
/// reads text, a whole number, yes/no or a date as its kind says, and a
/// list's replacements are its items' text.
fn fits_kind(path: &FieldPath, value: &Value) -> Result<(), String> {
    let fits = match path.kind {
        Kind::Text | Kind::List => value.is_string(),
        Kind::Count => value.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
        Kind::Flag => value.is_boolean(),
        Kind::Date => value.as_str().is_some_and(super::iso::is_iso_date),
    };
    let wanted = match path.kind {
        Kind::Text => "text",
        Kind::List => "an item's text",
        Kind::Count => "a whole number from 0 to 4294967295",
        Kind::Flag => "true or false",
        Kind::Date => "a date written YYYY-MM-DD",
    };
    match fits {
        true => Ok(()),
        false => Err(format!(
            "a `values` replacement for `{path}` must be {wanted}"
        )),
    }
}

/// Refuses a `date_format` no cell could ever be read with: one chrono does
/// not know (`%Q`), or one that does not give a whole date (no year). A
/// sample date written in the format (with a time of day and UTC, for a
/// format that has them) must read back as itself, as a cell is read; its
/// day is past 12, so a day and a month that clash do not pass.
fn check_date_format(format: &str) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    use std::fmt::Write;

    let items = StrftimeItems::new(format);
    if items.clone().any(|item| matches!(item, Item::Error)) {
        return Err(format!(
            "`date_format` `{format}` is not a format chrono knows (strftime codes such as %d, %m, %Y)"
        ));
    }
    let sample =
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).and_then(|d| d.and_hms_opt(13, 45, 56));
    let mut written = String::new();
    // Writing fails (rather than panics) for a code the sample cannot fill.
    let wrote =
        sample.map(|moment| write!(written, "{}", moment.and_utc().format_with_items(items)));
    let read = chrono::NaiveDate::parse_from_str(&written, format).ok();
    let same = matches!((sample, read), (Some(moment), Some(read)) if moment.date() == read);
    if wrote != Some(Ok(())) || !same {
        return Err(format!(
            "`date_format` `{format}` cannot read a whole date: give a day, a month and a year (such as %d/%m/%Y)"
        ));
    }
    Ok(())
}

/// A `values` entry: a string, whole number or true/false. A fraction is
/// refused: no profile field takes one.
fn scalar(value: toml::Value) -> Result<Value, String> {
    match value {
        toml::Value::String(s) => Ok(Value::String(s)),
        toml::Value::Integer(i) => Ok(Value::from(i)),
        toml::Value::Boolean(b) => Ok(Value::Bool(b)),
        toml::Value::Float(_) => Err("a `values` entry is a string, a whole number or true/false, not a fraction: no profile field takes one".to_string()),
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
            (
                "X = { field = \"loyalty.visits_last_90_days\", values = { A = 1.5 } }",
                "not a fraction",
            ),
            (
                "X = { sensitive = \"health\", values = { A = \"B\" } }",
                "`values` does nothing here",
            ),
            (
                "X = { ignore = true, date_format = \"%d/%m/%Y\" }",
                "`date_format` does nothing here",
            ),
            (
                "X = { field = \"loyalty.tier\", split = \",\" }",
                "`split` is for list fields",
            ),
            (
                "X = { field = \"today.services\", split = \"\" }",
                "`split` is empty",
            ),
            (
                "X = { field = \"loyalty.member_since\", date_format = \"%Q\" }",
                "not a format chrono knows",
            ),
            (
                "X = { field = \"name\", values = { Y = true } }",
                "for `name` must be text",
            ),
            (
                "X = { field = \"consent.personalise\", values = { Y = \"yes\" } }",
                "must be true or false",
            ),
            (
                "X = { field = \"loyalty.visits_last_90_days\", values = { A = -1 } }",
                "must be a whole number from 0",
            ),
            (
                "X = { field = \"loyalty.member_since\", values = { NA = \"2026-02-30\" } }",
                "must be a date written YYYY-MM-DD",
            ),
            (
                "X = { field = \"today.services\", values = { W = 1 } }",
                "must be an item's text",
            ),
            (
                "X = { ignore = true, trim = false }",
                "`trim` does nothing here",
            ),
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

    #[test]
    fn a_date_format_is_kept_only_if_it_reads_a_whole_date() {
        for usable in [
            "%d/%m/%Y",
            "%d.%m.%y",
            "%Y%m%d",
            "%e %B %Y",
            "%Y-%j",
            "%d/%m/%Y %H:%M",
            "%m/%d/%Y %I:%M %p",
            "%d/%m/%Y %z",
        ] {
            assert_eq!(check_date_format(usable), Ok(()), "{usable}");
        }
        for (unusable, says) in [
            ("%Q", "not a format chrono knows"),
            ("%d/%m/%Y %", "not a format chrono knows"),
            ("%d/%m", "a whole date"),
            ("%m/%Y", "a whole date"),
            ("%Y", "a whole date"),
            ("", "a whole date"),
            ("%s", "a whole date"),
        ] {
            let err = check_date_format(unusable).unwrap_err();
            assert!(err.contains(says), "{unusable}: {err}");
        }
    }

    #[test]
    fn file_options_that_cannot_work_name_their_line() {
        for (text, says) in [
            (
                "[file]\ngroup_by = \"ID\"\nsort_rows_up_to = 0\n",
                "m.toml:3: `file.sort_rows_up_to` must be at least 1",
            ),
            (
                "[file]\nsort_rows_up_to = 5\n",
                "m.toml:2: `file.sort_rows_up_to` sorts by `file.group_by`",
            ),
            (
                "file.delimiter = \"ab\"\n",
                "m.toml:1: `file.delimiter` must be one ASCII character",
            ),
        ] {
            let Err(err) = Mapping::parse("m.toml", text) else {
                panic!("{text} was accepted");
            };
            assert_eq!(code_of(&err), Code::Config);
            assert!(err.to_string().contains(says), "{text}: {err}");
        }
    }
}
