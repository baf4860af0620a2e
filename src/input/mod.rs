//! Loading inputs: profiles, manifests and NDJSON streams, in TOML or JSON
//! (spec §2). Loaders know nothing of output: they hand each customer, or a
//! located, value-free error, to a callback as soon as it is read, so a
//! stream is briefed record by record and one bad record never stops the rest.

pub(crate) mod date;
mod event;
mod json_doc;
mod ndjson;
pub(crate) mod profile;
pub(crate) mod table;
mod toml_doc;
mod toml_plain;
mod unique;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::error::{line_col, InputError};
use crate::pool::Jobs;
pub(crate) use event::{Batch, Event, Parsed, Sink};
pub(crate) use profile::{Profile, Shift};

/// How an input is laid out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layout {
    Toml,
    Json,
    Ndjson,
}

/// How inputs are read: the largest accepted, how many threads may parse
/// one document, and for tables the mapping file and sheet given, and what
/// stdin holds when it is a table.
#[derive(Clone, Copy)]
pub(crate) struct Reading<'a> {
    pub max_bytes: usize,
    pub jobs: Jobs,
    pub map: Option<&'a Path>,
    pub sheet: Option<&'a str>,
    pub stdin_table: Option<table::Source>,
}

impl<'a> Reading<'a> {
    fn table(&self) -> table::TableReading<'a> {
        table::TableReading {
            map: self.map,
            sheet: self.sheet,
            max_bytes: self.max_bytes,
        }
    }
}

/// Reads one input (`-` is stdin, as NDJSON) and reports what it holds.
pub(crate) fn load(input: &str, reading: Reading<'_>, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    let max_bytes = reading.max_bytes;
    if input == "-" {
        if let Some(source) = reading.stdin_table {
            return table::load(table::STDIN, source, reading.table(), sink);
        }
        return load_stdin(io::stdin().lock(), reading, sink);
    }
    if let Some(source) = table::Source::by_name(input) {
        if let Err(err) = open(input) {
            return sink(Event::Error(err));
        }
        return table::load(input, source, reading.table(), sink);
    }
    let file = match open(input) {
        Ok(file) => file,
        Err(err) => return sink(Event::Error(err)),
    };
    // Like a missing file, it starts no shift of its own.
    if let Some(kind) = unread_kind(input) {
        return sink(Event::Error(InputError::new(
            input,
            format!("{kind} is not an input format cuecard reads: give it TOML, JSON or NDJSON profiles, manifests or streams, or a CSV or spreadsheet export (see docs/reference.md)"),
        )));
    }
    match layout_by_name(input) {
        Some(Layout::Ndjson) => {
            sink(Event::Begin {
                input: input.into(),
                shift: None,
            })?;
            // Large reads: a stream of a million profiles is most of a GB.
            ndjson::load(
                input,
                BufReader::with_capacity(1 << 16, file),
                max_bytes,
                sink,
            )
        }
        layout => {
            // The file's size, so that it is read into one buffer of that
            // size rather than into doubling ones (fresh memory costs a
            // crew's run more than the reading does).
            let size = file.metadata().map_or(0, |m| m.len());
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            load_document(input, file, size, layout, reading, sink)
        }
    }
}

/// Stdin carries NDJSON, read line by line. A manifest or a
/// pretty-printed profile piped in (`cuecard sample | cuecard explain -`)
/// is told apart by its first line, which is not a whole JSON object or is
/// one with a manifest's keys, and is read whole, as a file would be.
fn load_stdin(
    mut reader: impl BufRead,
    reading: Reading<'_>,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let max_bytes = reading.max_bytes;
    const STDIN: &str = "<stdin>";
    let head = match first_line(&mut reader, max_bytes) {
        Ok(head) => head,
        Err(err) => {
            sink(Event::Begin {
                input: STDIN.into(),
                shift: None,
            })?;
            return sink(Event::Error(InputError {
                unreadable: true,
                ..InputError::new(STDIN, format!("could not read: {}", err.kind()))
            }));
        }
    };
    let last = head
        .rsplit(|&b| b == b'\n')
        .find(|l| !l.is_empty())
        .unwrap_or(&[]);
    let last = last
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(last)
        .trim_ascii();
    // A first line cut at the limit is a stream's overlong line: reported
    // alone, as it would be from a `.ndjson` file, not the whole input.
    let cut = head.len() >= max_bytes && !head.ends_with(b"\n");
    let object = last.starts_with(b"{") && last.ends_with(b"}");
    let stream = last.is_empty() || cut || (object && !is_manifest_line(last));
    let reader = io::Cursor::new(head).chain(reader);
    if stream {
        sink(Event::Begin {
            input: STDIN.into(),
            shift: None,
        })?;
        return ndjson::load(STDIN, reader, max_bytes, sink);
    }
    load_document(STDIN, reader, 0, None, reading, sink)
}

/// Whether a one-line JSON object is a whole manifest (`shift` or
/// `customers` at its top, as `jq -c` makes of one), not a stream's first
/// profile.
fn is_manifest_line(line: &[u8]) -> bool {
    serde_json::from_slice::<unique::Entries<String, serde::de::IgnoredAny>>(line).is_ok_and(
        |unique::Entries(keys)| keys.iter().any(|(k, _)| k == "customers" || k == "shift"),
    )
}

/// Reads up to and including the first line that is not blank (at most
/// `max_bytes`), to see what kind of input follows.
fn first_line(reader: &mut impl BufRead, max_bytes: usize) -> io::Result<Vec<u8>> {
    let limit = u64::try_from(max_bytes).unwrap_or(u64::MAX);
    let mut head = Vec::new();
    loop {
        let start = head.len();
        let n = (&mut *reader).take(limit).read_until(b'\n', &mut head)?;
        let blank = head[start..].iter().all(u8::is_ascii_whitespace);
        if n == 0 || !blank || head.len() >= max_bytes {
            return Ok(head);
        }
    }
}

fn load_document(
    input: &str,
    file: impl Read,
    size: usize,
    layout: Option<Layout>,
    reading: Reading<'_>,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    let max_bytes = reading.max_bytes;
    let text = match read_capped(input, file, size, max_bytes).and_then(|b| decode(input, b)) {
        Ok(text) => text,
        Err(err) => {
            sink(Event::Begin {
                input: input.into(),
                shift: None,
            })?;
            return sink(Event::Error(err));
        }
    };
    match layout.unwrap_or_else(|| sniff(&text)) {
        Layout::Json => json_doc::load(input, &text, sink),
        Layout::Toml => toml_doc::load(input, &text, reading.jobs, sink),
        Layout::Ndjson => ndjson::load(input, text.as_bytes(), max_bytes, sink),
    }
}

fn open(input: &str) -> Result<File, InputError> {
    let unreadable = |message: String| InputError {
        unreadable: true,
        ..InputError::new(input, message)
    };
    let missing = |message: String| InputError {
        missing: true,
        ..unreadable(message)
    };
    let path = Path::new(input);
    if path.is_dir() {
        return Err(unreadable(
            "is a directory, not a profile or manifest".into(),
        ));
    }
    File::open(path).map_err(|err| {
        let why = match err.kind() {
            io::ErrorKind::NotFound => return missing("no such file".into()),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => format!("could not open: {err}"),
        };
        unreadable(why)
    })
}

/// A file type, by its name, that cuecard does not read: said plainly
/// rather than read as TOML and reported as malformed.
fn unread_kind(input: &str) -> Option<&'static str> {
    let ext = Path::new(input).extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "xls" | "xlsb" => "An older Excel workbook (save it as .xlsx)",
        "xml" => "XML",
        "yaml" | "yml" => "YAML",
        _ => return None,
    })
}

fn layout_by_name(input: &str) -> Option<Layout> {
    let ext = Path::new(input).extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "toml" => Some(Layout::Toml),
        "json" => Some(Layout::Json),
        "ndjson" | "jsonl" => Some(Layout::Ndjson),
        _ => None,
    }
}

/// Without a telling extension: JSON starts with `{`, several lines that
/// each start with `{` are a stream, anything else is TOML.
fn sniff(text: &str) -> Layout {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    match (lines.next(), lines.next()) {
        (Some(a), Some(b)) if a.starts_with('{') && a.ends_with('}') && b.starts_with('{') => {
            Layout::Ndjson
        }
        (Some(a), _) if a.starts_with('{') => Layout::Json,
        _ => Layout::Toml,
    }
}

/// Reads at most `max_bytes`; a larger input is an error, not a huge buffer.
/// `size` is how much to make room for at first.
fn read_capped(
    input: &str,
    file: impl Read,
    size: usize,
    max_bytes: usize,
) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    // Only a hint: with a very high limit and a huge file, reading on (to
    // the limit's error) is better than failing to get the room at once.
    let _ = bytes.try_reserve_exact(size.min(max_bytes));
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|err| InputError {
            unreadable: true,
            ..InputError::new(input, format!("could not read: {}", err.kind()))
        })?;
    if bytes.len() > max_bytes {
        return Err(too_large(input, max_bytes));
    }
    Ok(bytes)
}

fn too_large(input: &str, max_bytes: usize) -> InputError {
    InputError::new(
        input,
        format!("larger than the limit of {max_bytes} bytes (`limits.max_input_bytes`)"),
    )
}

/// UTF-8 text without a byte-order mark; invalid bytes are located.
fn decode(input: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let text = String::from_utf8_lossy(&bytes[..valid]);
        InputError::new(input, "invalid UTF-8").at(Some(line_col(&text, valid)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        let mut kinds = Vec::new();
        let reading = Reading {
            max_bytes: 1 << 20,
            jobs: Jobs::given(1),
            map: None,
            sheet: None,
            stdin_table: None,
        };
        load_stdin(text.as_bytes(), reading, &mut |event| {
            match event {
                Event::Begin { shift: Some(_), .. } => kinds.push("shift"),
                Event::Begin { .. } => kinds.push("begin"),
                Event::Profile(_) => kinds.push("profile"),
                Event::Batch { input, batch } => batch.read(&input, &mut |parsed| {
                    kinds.push(if parsed.is_ok() { "profile" } else { "error" });
                }),
                Event::Error(_) => kinds.push("error"),
            }
            Ok(())
        })
        .unwrap();
        kinds
    }

    #[test]
    fn stdin_takes_streams_manifests_and_profiles() {
        let line = r#"{"id": "a", "name": "A"}"#;
        assert_eq!(
            kinds(&format!("\n{line}\n{line}\n")),
            ["begin", "profile", "profile"]
        );
        let toml =
            "# sample\n[shift]\nsetting = \"hotel\"\n[[customers]]\nid = \"a\"\nname = \"A\"\n";
        assert_eq!(kinds(toml), ["shift", "profile"]);
        let json = "{\n  \"shift\": {\"setting\": \"hotel\"},\n  \"customers\": [\n    {\"id\": \"a\", \"name\": \"A\"}\n  ]\n}\n";
        assert_eq!(kinds(json), ["shift", "profile"]);
        assert_eq!(kinds("id = \"a\"\nname = \"A\"\n"), ["begin", "profile"]);
        assert_eq!(kinds(""), ["begin"]);
    }

    #[test]
    fn sniffs_layouts() {
        assert_eq!(sniff("  {\"id\": 1}"), Layout::Json);
        assert_eq!(sniff("{\"id\": 1}\n{\"id\": 2}\n"), Layout::Ndjson);
        assert_eq!(sniff("id = \"x\"\n"), Layout::Toml);
    }

    #[test]
    fn decode_strips_bom_and_locates_bad_bytes() {
        assert_eq!(
            decode("x", b"\xEF\xBB\xBFid = 1".to_vec()).unwrap(),
            "id = 1"
        );
        let err = decode("x", b"a\nb\xFFc".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(2)));
    }

    #[test]
    fn read_capped_refuses_large_input() {
        assert!(read_capped("x", &b"12345"[..], 0, 5).is_ok());
        let err = read_capped("x", &b"123456"[..], 6, 5).unwrap_err();
        assert!(err.message.contains("limit"));
    }
}
