//! TOML profiles and manifests. Each customer is deserialized on its own
//! from a spanned tree, so a bad record is located (line, column, field
//! path) and the others are still briefed.
//!
//! A manifest is parsed one `[[customers]]` section at a time when it can
//! be: the TOML parser builds its tokens, events and tree for the whole
//! text at once, and for a crew's 450-customer manifest that was most of
//! the run, much of it the kernel handing out fresh memory (README,
//! Performance). Section by section, the same memory is reused and each
//! tree is dropped once its customers are read. A document that cannot be
//! read that way (a section that does not parse on its own, `[shift]` after
//! the customers, ...) is parsed whole, so every document means what it
//! always did and its errors read as they always did. Sections are parsed
//! on up to `--jobs` threads, each given at least `WORTH_A_THREAD` of them
//! (so a crew's manifest is read on one); customers come out in document
//! order. A
//! section written plainly, as samples and exports are, is read by hand
//! (`toml_plain`); any other, or one whose customer has an error, by the
//! crate.

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use super::event::{join_path, Event, Sink};
use super::profile::{Profile, Shift};
use crate::error::{line_col, safe_message, InputError, Locator};
use crate::pool::Jobs;
use crate::pool::WORTH_A_THREAD;

pub(super) fn load(input: &str, text: &str, jobs: Jobs, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    if let Some(at) = bare_cr(text) {
        sink(Event::Begin {
            input: input.into(),
            shift: None,
        })?;
        let message = "a line ends in a bare carriage return (CR): TOML lines end in LF or CRLF; save the file with those";
        return sink(Event::Error(
            InputError::new(input, message).at(Some(line_col(text, at))),
        ));
    }
    load_on(input, &Locator::new(text), Threads::up_to(jobs), sink)
}

/// Where a carriage return not followed by a line feed is: old Mac line
/// endings, which TOML does not allow anywhere, and which the parser only
/// calls "malformed input".
fn bare_cr(text: &str) -> Option<usize> {
    text.match_indices('\r')
        .map(|(at, _)| at)
        .find(|&at| text.as_bytes().get(at + 1) != Some(&b'\n'))
}

/// Threads to read sections on, and the least sections for each.
#[derive(Clone, Copy)]
struct Threads {
    most: Jobs,
    least: usize,
}

impl Threads {
    fn up_to(most: Jobs) -> Threads {
        Threads {
            most,
            least: WORTH_A_THREAD,
        }
    }
}

/// Loads the locator's text; every error is located through it, so a
/// manifest of many bad records is still read in one pass.
fn load_on(
    input: &str,
    at: &Locator<'_>,
    threads: Threads,
    sink: &mut Sink<'_>,
) -> anyhow::Result<()> {
    if let Some(manifest) = by_section(input, at, threads) {
        return manifest.emit(input, sink);
    }
    if DeTable::parse(at.text()).is_err() {
        if let Some(manifest) = by_section_despite_errors(input, at) {
            return manifest.emit(input, sink);
        }
    }
    load_whole(input, at, sink)
}

/// Parses the document at once: profiles, and manifests that cannot be
/// read by section.
fn load_whole(input: &str, at: &Locator<'_>, sink: &mut Sink<'_>) -> anyhow::Result<()> {
    let text = at.text();
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(err) => {
            sink(Event::Begin {
                input: input.into(),
                shift: None,
            })?;
            // The parser gives no place for a nesting limit: the line
            // that nests deepest is where to look.
            let at = err
                .span()
                .map(|s| line_col(text, s.start))
                .or_else(|| deepest_line(text));
            return sink(Event::Error(
                InputError::new(input, safe_message(err.message())).at(at),
            ));
        }
    };
    let is_manifest = doc
        .get_ref()
        .keys()
        .any(|k| matches!(k.get_ref().as_ref(), "customers" | "shift"));
    let source = Source::whole(input, at);
    if is_manifest {
        let (mut manifest, items) = Manifest::head(&source, doc.into_inner());
        for (nth, item) in items.into_iter().enumerate() {
            manifest.customer(&source, item, nth);
        }
        manifest.emit(input, sink)
    } else {
        sink(Event::Begin {
            input: input.into(),
            shift: None,
        })?;
        let doc = whole(doc);
        let reference = value_ref(doc.get_ref());
        let profile = record::<Profile>(&source, doc, "", |doc| Some(whole(doc)))
            .map_err(|e| e.reference(reference));
        sink(profile.map_or_else(Event::Error, |p| Event::Profile(Box::new(p))))
    }
}

/// A manifest read: its shift, its own errors, and each customer in order.
struct Manifest {
    shift: Option<Shift>,
    errors: Vec<InputError>,
    customers: Vec<Result<Box<Profile>, InputError>>,
}

/// The values of a `customers` array, not read yet.
type Items<'t> = Vec<Spanned<DeValue<'t>>>;

impl Manifest {
    /// Reads the top-level keys, and hands back the `customers` to read.
    fn head<'t>(source: &Source<'_>, doc: DeTable<'t>) -> (Manifest, Items<'t>) {
        let mut manifest = Manifest {
            shift: None,
            errors: Vec::new(),
            customers: Vec::new(),
        };
        let mut customers = Vec::new();
        for (key, value) in doc {
            let at = Some(source.line_col(key.span().start));
            match key.get_ref().as_ref() {
                "shift" => match record::<Shift>(source, value, "shift", |d| entry(d, "shift")) {
                    Ok(s) => manifest.shift = Some(s),
                    Err(e) => manifest.errors.push(e),
                },
                "customers" => match value.into_inner() {
                    DeValue::Array(items) => customers = items.into_iter().collect(),
                    _ => manifest.errors.push(
                        InputError::new(source.input, "wrong type, expected an array of profiles")
                            .at(at)
                            .path("customers"),
                    ),
                },
                _ => manifest.errors.push(
                    InputError::new(source.input, "unknown key, expected `shift` or `customers`")
                        .at(at),
                ),
            }
        }
        (manifest, customers)
    }

    /// Reads the next customer, the `nth` of its section's (or document's)
    /// `customers`.
    fn customer(&mut self, source: &Source<'_>, item: Spanned<DeValue<'_>>, nth: usize) {
        let prefix = format!("customers[{}]", self.customers.len());
        let again = |doc| match entry(doc, "customers")?.into_inner() {
            DeValue::Array(items) => items.into_iter().nth(nth),
            _ => None,
        };
        let reference = value_ref(item.get_ref());
        let profile = record::<Profile>(source, item, &prefix, again)
            .map(Box::new)
            .map_err(|e| e.reference(reference));
        self.customers.push(profile);
    }

    fn emit(self, input: &str, sink: &mut Sink<'_>) -> anyhow::Result<()> {
        sink(Event::Begin {
            input: input.into(),
            shift: self.shift,
        })?;
        for error in self.errors {
            sink(Event::Error(error))?;
        }
        for customer in self.customers {
            sink(customer.map_or_else(Event::Error, Event::Profile))?;
        }
        Ok(())
    }
}

/// Reads a manifest section by section: what comes before the first
/// `[[customers]]` header, then each header with the tables under it.
/// `None` when the text has no such header or a section cannot be read on
/// its own, so the document is parsed whole instead.
fn by_section(input: &str, at: &Locator<'_>, threads: Threads) -> Option<Manifest> {
    sectioned(input, at, |text, sections| {
        read_sections(text, sections, threads)
    })
}

/// A manifest that does not parse as TOML at all (a `2026-02-30` in one
/// customer's history) but whose sections do, bar some: the sections that
/// parse are briefed and each that does not is that customer's error, so
/// one typo does not cost a whole flight. `None` when that cannot be told
/// (no headers, a head that does not parse, a section holding more than
/// customers): the document's one error stands.
fn by_section_despite_errors(input: &str, at: &Locator<'_>) -> Option<Manifest> {
    sectioned(input, at, |text, sections| {
        sections
            .iter()
            .map(|&(start, end)| {
                let part = &text[start..end];
                match DeTable::parse(part) {
                    Ok(_) => read_section(part),
                    Err(err) => Some(vec![Err(Fault {
                        message: safe_message(err.message()),
                        offset: err.span().map_or(0, |s| s.start),
                        path: String::new(),
                    })]),
                }
            })
            .collect()
    })
}

/// The head and the `(start, end)` sections of a manifest, each read by
/// `read_all` (in order), gathered with their errors located.
fn sectioned(
    input: &str,
    at: &Locator<'_>,
    read_all: impl FnOnce(&str, &[(usize, usize)]) -> Option<Vec<Read>>,
) -> Option<Manifest> {
    let text = at.text();
    let starts = customer_headers(text);
    let first = *starts.first()?;
    let head = DeTable::parse(&text[..first]).ok()?.into_inner();
    if head.keys().any(|k| k.get_ref() == "customers") {
        return None;
    }
    let head_source = Source {
        input,
        at,
        base: 0,
        part: &text[..first],
    };
    let (mut manifest, _) = Manifest::head(&head_source, head);
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let sections: Vec<(usize, usize)> = starts.iter().copied().zip(ends).collect();
    for (&(start, end), read) in sections.iter().zip(read_all(text, &sections)?) {
        let source = Source {
            input,
            at,
            base: start,
            part: &text[start..end],
        };
        for profile in read {
            match profile {
                Ok(profile) => manifest.customers.push(Ok(profile)),
                Err(fault) => {
                    let prefix = format!("customers[{}]", manifest.customers.len());
                    let error = fault
                        .at(&source, &prefix)
                        .reference(section_ref(source.part));
                    manifest.customers.push(Err(error));
                }
            }
        }
    }
    Some(manifest)
}

/// A section's customers, each read or with what was wrong with it.
pub(super) type Read = Vec<Result<Box<Profile>, Fault>>;

/// What was wrong with a customer read on a worker thread: located on
/// this one, in order, where the one [`Locator`] of the input lives.
pub(super) struct Fault {
    message: String,
    /// Byte offset in the section.
    offset: usize,
    path: String,
}

impl Fault {
    fn at(self, source: &Source<'_>, prefix: &str) -> InputError {
        InputError::new(source.input, self.message)
            .at(Some(source.line_col(self.offset)))
            .path(join_path(prefix, &self.path))
    }
}

/// The line (1-based, column 1) with the most nesting marks (`.`, `[`,
/// `{`), where a document too deeply nested most likely is.
fn deepest_line(text: &str) -> Option<(usize, usize)> {
    let marks = |line: &str| {
        line.bytes()
            .filter(|b| matches!(b, b'.' | b'[' | b'{'))
            .count()
    };
    text.lines()
        .enumerate()
        .max_by_key(|(i, line)| (marks(line), std::cmp::Reverse(*i)))
        .map(|(i, _)| (i + 1, 1))
}

/// The `ref` of a `[[customers]]` section whose customer could not be
/// read, taken from the section parsed as TOML (so that nothing inside a
/// string, such as free-text notes, can pass for it); none when the section
/// does not parse.
fn section_ref(part: &str) -> Option<String> {
    let customers = entry(DeTable::parse(part).ok()?, "customers")?;
    match customers.get_ref() {
        DeValue::Array(items) => items.first().and_then(|c| value_ref(c.get_ref())),
        _ => None,
    }
}

/// The `ref` of a customer's table, if it is a string.
fn value_ref(customer: &DeValue<'_>) -> Option<String> {
    let DeValue::Table(table) = customer else {
        return None;
    };
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == "ref")
        .and_then(|(_, v)| match v.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => None,
        })
}

/// Parses and deserializes sections, in order, on up to `threads` threads
/// (this one among them); `None` if any section cannot be read on its own.
fn read_sections(text: &str, sections: &[(usize, usize)], threads: Threads) -> Option<Vec<Read>> {
    let most = || threads.most.count();
    crate::pool::split(sections, most, threads.least, |&(start, end)| {
        read_section(&text[start..end])
    })
    .into_iter()
    .collect()
}

/// One section: a `[[customers]]` header and what is under it, and nothing
/// else at the top level. Read by hand when it is written plainly, as
/// almost every manifest is (`toml_plain`), else by the crate.
fn read_section(part: &str) -> Option<Read> {
    // `--features bench-toml-crate` reads everything with the crate, so
    // benches/run.sh can show what the plain reader saves.
    let plain = if cfg!(feature = "bench-toml-crate") {
        None
    } else {
        super::toml_plain::customer(part)
    };
    match plain {
        Some(customer) => Some(vec![Ok(Box::new(customer))]),
        None => crate_section(part),
    }
}

/// A section read by the `toml` crate, keeping the path to any error: a
/// section the plain reader turned down is often one with an error, and
/// reading it once with the path beats reading it twice.
pub(super) fn crate_section(part: &str) -> Option<Read> {
    let items = items(DeTable::parse(part).ok()?)?;
    let read = items
        .into_iter()
        .map(|item| {
            let start = item.span().start;
            serde_path_to_error::deserialize(ValueDeserializer::from(item))
                .map(Box::new)
                .map_err(|err| Fault {
                    message: safe_message(err.inner().message()),
                    offset: err.inner().span().map_or(start, |s| s.start),
                    path: err.path().to_string(),
                })
        })
        .collect();
    Some(read)
}

/// The `customers` array of a document that holds nothing else.
fn items(doc: Spanned<DeTable<'_>>) -> Option<Vec<Spanned<DeValue<'_>>>> {
    let mut keys = doc.into_inner().into_iter();
    let (key, value) = keys.next()?;
    match (key.get_ref().as_ref(), keys.next(), value.into_inner()) {
        ("customers", None, DeValue::Array(items)) => Some(items.into_iter().collect()),
        _ => None,
    }
}

/// Where each line that is exactly a `[[customers]]` header (with any
/// spaces around it and any comment after it) starts. One inside a
/// multi-line string or array leaves the section before it unclosed, which
/// then does not parse, so it is never taken for a header.
///
/// Found by searching for the header rather than walking every line: on a
/// crew's manifest the line walk cost a tenth of the run.
pub(super) fn customer_headers(text: &str) -> Vec<usize> {
    const HEADER: &str = "[[customers]]";
    let space = |c: char| c.is_whitespace() && c != '\n';
    text.match_indices(HEADER)
        .filter_map(|(at, _)| {
            let before = text[..at].trim_end_matches(space);
            let after = text[at + HEADER.len()..].trim_start_matches(space);
            let line_start = before.is_empty() || before.ends_with('\n');
            let line_end = after.is_empty() || after.starts_with(['\n', '#']);
            (line_start && line_end).then_some(before.len())
        })
        .collect()
}

/// The text a value was parsed from: the whole input, or a section of it
/// starting `base` bytes in.
/// Errors are located through one [`Locator`] for the whole input, so a
/// manifest of many bad records is still read in one pass.
struct Source<'t> {
    input: &'t str,
    at: &'t Locator<'t>,
    base: usize,
    part: &'t str,
}

impl<'t> Source<'t> {
    fn whole(input: &'t str, at: &'t Locator<'t>) -> Source<'t> {
        Source {
            input,
            at,
            base: 0,
            part: at.text(),
        }
    }

    fn is_whole(&self) -> bool {
        self.base == 0 && self.part.len() == self.at.text().len()
    }

    /// Line and column in the whole input of an offset in the part.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        self.at.line_col(self.base + offset)
    }
}

/// Deserializes one spanned value, locating any error without its value.
///
/// From a part of the document, the field path of an error is only tracked
/// once there is an error: the part is parsed again, `find` takes the same
/// value out of it, and that is deserialized once more through
/// `serde_path_to_error`. Tracking the path of every field of every good
/// record cost more than a fifth of reading a manifest. From a document
/// parsed whole the path is tracked as it goes, since parsing it all again
/// for every bad record would grow with the square of the records.
fn record<'t, T: DeserializeOwned>(
    source: &Source<'t>,
    value: Spanned<DeValue<'_>>,
    prefix: &str,
    find: impl FnOnce(Spanned<DeTable<'t>>) -> Option<Spanned<DeValue<'t>>>,
) -> Result<T, InputError> {
    if source.is_whole() {
        return tracked(source, value, prefix);
    }
    let start = value.span().start;
    let error = match T::deserialize(ValueDeserializer::from(value)) {
        Ok(record) => return Ok(record),
        Err(error) => error,
    };
    match DeTable::parse(source.part).ok().and_then(find) {
        Some(again) => tracked(source, again, prefix),
        // Not found again (it always is): the error, without its path.
        None => Err(located(source, &error, start, prefix, "")),
    }
}

/// Deserializes a value, keeping the path to any error.
fn tracked<T: DeserializeOwned>(
    source: &Source<'_>,
    value: Spanned<DeValue<'_>>,
    prefix: &str,
) -> Result<T, InputError> {
    let start = value.span().start;
    serde_path_to_error::deserialize(ValueDeserializer::from(value)).map_err(|err| {
        let path = err.path().to_string();
        located(source, err.inner(), start, prefix, &path)
    })
}

/// An error at its line and column (the value's own start if it has no
/// span) and field path, with a message that does not echo the value.
fn located(
    source: &Source<'_>,
    error: &toml::de::Error,
    start: usize,
    prefix: &str,
    path: &str,
) -> InputError {
    let offset = error.span().map_or(start, |s| s.start);
    InputError::new(source.input, safe_message(error.message()))
        .at(Some(source.line_col(offset)))
        .path(join_path(prefix, path))
}

/// The whole document as one value.
fn whole(doc: Spanned<DeTable<'_>>) -> Spanned<DeValue<'_>> {
    Spanned::new(doc.span(), DeValue::Table(doc.into_inner()))
}

/// The value of a top-level key.
fn entry<'t>(doc: Spanned<DeTable<'t>>, key: &str) -> Option<Spanned<DeValue<'t>>> {
    doc.into_inner()
        .into_iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_whole(input: &str, text: &str, sink: &mut Sink<'_>) -> anyhow::Result<()> {
        load_whole(input, &Locator::new(text), sink)
    }

    /// Every event of a load, as text.
    fn events(text: &str) -> Vec<String> {
        events_of(|i, t, sink| load(i, t, Jobs::given(1), sink), text)
    }

    fn events_of(
        load: impl Fn(&str, &str, &mut Sink<'_>) -> anyhow::Result<()>,
        text: &str,
    ) -> Vec<String> {
        kept(load, text, |event| {
            Some(match event {
                Event::Begin { shift, .. } => format!("begin {:?}", shift.map(|s| s.title)),
                Event::Profile(p) => format!("profile {}", p.id),
                Event::Error(e) => format!("error {e}"),
                Event::Batch { .. } => "batch".into(),
            })
        })
    }

    /// What `keep` makes of each event of a load.
    fn kept<T>(
        load: impl Fn(&str, &str, &mut Sink<'_>) -> anyhow::Result<()>,
        text: &str,
        keep: impl Fn(Event) -> Option<T>,
    ) -> Vec<T> {
        let mut seen = Vec::new();
        load("m.toml", text, &mut |event| {
            seen.extend(keep(event));
            Ok(())
        })
        .unwrap();
        seen
    }

    const MANIFEST: &str = r#"
[shift]
title = "TR1"
date = 2026-11-22
setting = "flight"

[[customers]]
id = "a"
name = "Ana"
[customers.loyalty]
tier = "Gold"

  [[customers]] # the second
id = "b"
name = "Ben"
[[customers.history]]
date = 2025-01-02
kind = "upgrade"

[[customers]]
id = "c"
name = "Cy"
loyalty = { tier = 5 }
"#;

    /// The header scan, line by line as it was first written.
    fn headers_by_line(text: &str) -> Vec<usize> {
        let mut starts = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let rest = line.trim_start().strip_prefix("[[customers]]");
            if rest.is_some_and(|r| r.trim_start().is_empty() || r.trim_start().starts_with('#')) {
                starts.push(at);
            }
            at += line.len();
        }
        starts
    }

    #[test]
    fn headers_are_found_as_a_line_by_line_scan_finds_them() {
        let texts = [
            MANIFEST,
            "[[customers]]",
            "[[customers]]\n",
            "x\n \t[[customers]] \r\n[[customers]]#c\n[[customers]]x\n",
            "a [[customers]]\n[[customers]] [[customers]]\n\u{a0}[[customers]]\u{3000}\n",
            "\r[[customers]]\n\n\n  [[customers]]\n[[customers]\n[[customers]]]\n",
            "[[customers]][[customers]]\n",
        ];
        for text in texts {
            assert_eq!(customer_headers(text), headers_by_line(text), "{text:?}");
        }
        assert_eq!(customer_headers(texts[3]), [2, 20]);
    }

    /// The profiles a load reads, whole.
    fn profiles_of(
        load: impl Fn(&str, &str, &mut Sink<'_>) -> anyhow::Result<()>,
        text: &str,
    ) -> Vec<Profile> {
        kept(load, text, |event| match event {
            Event::Profile(p) => Some(*p),
            _ => None,
        })
    }

    /// Pieces of TOML to put into a manifest: syntax, plain values, headers.
    const EDITS: &[&str] = &[
        " ",
        "\n",
        "\r\n",
        "#",
        "\"",
        "'",
        "\\",
        "=",
        ",",
        "[",
        "]",
        ".",
        "{",
        "}",
        "0",
        "-",
        "x = 1\n",
        "true",
        "é",
        "2026-02-30",
        "\nsynthetic = 1\n",
        "\nnmae = \"N\"\n",
        "\n[customers.loyalty]\n",
        "\n[[customers]]\n",
        "\n[[customers.history]]\n",
        "\n[shift]\n",
        "\"\"\"",
        "\nloyalty = { tier = 5 }\n",
        "\u{0}",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Whatever a manifest becomes, reading it by section (with the
        /// plain reader, on one thread or two) gives the same customers and
        /// the same errors, at the same places, as parsing it whole; where
        /// it is not TOML as a whole, the sections that parse are briefed.
        #[test]
        fn a_mutated_manifest_reads_the_same_by_section_as_whole(
            edits in proptest::collection::vec(
                (
                    proptest::prelude::any::<proptest::sample::Index>(),
                    proptest::sample::select(EDITS),
                    0usize..3,
                ),
                1..4,
            )
        ) {
            thread_local! {
                static SAMPLE: String = {
                    let spec = crate::sample::Spec {
                        setting: crate::vocab::Setting::Flight,
                        count: 12,
                        seed: 5,
                        layout: crate::sample::Layout::Toml,
                        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
                    };
                    let mut out = Vec::new();
                    crate::sample::write(&spec, &mut out).unwrap();
                    String::from_utf8(out).unwrap()
                };
            }
            let mut text = SAMPLE.with(String::clone);
            for (at, piece, cut) in edits {
                let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                let start = *at.get(&bounds);
                let end = bounds
                    .get(bounds.partition_point(|&b| b < start) + cut)
                    .copied()
                    .unwrap_or(text.len());
                text.replace_range(start..end, piece);
            }
            let by_section = events(&text);
            if DeTable::parse(&text).is_err() {
                // Not TOML as a whole: the sections that parse are read and
                // each that does not is its customer's error; nothing is
                // invented and the input never goes unreported.
                proptest::prop_assert!(by_section.iter().any(|e| e.starts_with("error")));
                for event in &by_section {
                    if let Some(id) = event.strip_prefix("profile ") {
                        let written = format!("\"{id}\"");
                        proptest::prop_assert!(text.contains(&written), "{}", id);
                    }
                }
                return Ok(());
            }
            proptest::prop_assert_eq!(&by_section, &events_of(read_whole, &text));
            // Two threads, however few the sections.
            let two = Threads {
                most: Jobs::given(2),
                least: 1,
            };
            let two = events_of(|i, t, sink| load_on(i, &Locator::new(t), two, sink), &text);
            proptest::prop_assert_eq!(by_section, two);
            let plain = profiles_of(|i, t, sink| load(i, t, Jobs::given(1), sink), &text);
            proptest::prop_assert!(plain == profiles_of(read_whole, &text), "profiles differ");
        }

        #[test]
        fn headers_are_found_as_a_line_scan_finds_them_in_any_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "[[customers]]", "[[customers]", "]", " ", "\t", "\n", "\r", "#",
                    "x", "\u{a0}", "\u{85}", "\u{2028}", "\u{b}",
                ][..]),
                0..40,
            )
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(customer_headers(&text), headers_by_line(&text));
        }
    }

    #[test]
    fn sections_read_as_the_whole_document_does() {
        assert_eq!(customer_headers(MANIFEST).len(), 3);
        assert!(by_section(
            "m.toml",
            &Locator::new(MANIFEST),
            Threads::up_to(Jobs::given(1))
        )
        .is_some());
        let by_section = events(MANIFEST);
        assert_eq!(by_section, events_of(read_whole, MANIFEST));
        assert_eq!(
            by_section[..3],
            ["begin Some(Some(\"TR1\"))", "profile a", "profile b"]
        );
        assert!(by_section[3].contains("m.toml:23:20"), "{by_section:?}");
        assert!(
            by_section[3].contains("customers[2].loyalty.tier"),
            "{by_section:?}"
        );
        // A header the scan does not take leaves two customers in a section.
        let spaced = MANIFEST.replace("[[customers]] # the second", "[[ customers ]]");
        assert_eq!(customer_headers(&spaced).len(), 2);
        assert_eq!(events(&spaced), by_section);
    }

    #[test]
    fn threads_read_sections_in_document_order() {
        let mut text = String::from("[shift]\ndate = 2026-11-22\nsetting = \"hotel\"\n");
        for i in 0..300 {
            text.push_str(&format!("[[customers]]\nid = \"c{i}\"\nname = \"N\"\n"));
            if i % 97 == 5 {
                text.push_str("loyalty = { tier = 5 }\n");
            }
        }
        let one = events(&text);
        assert_eq!(one.len(), 301);
        assert!(
            one[6].contains("customers[5].loyalty.tier"),
            "{:?}",
            &one[..8]
        );
        for threads in [2, 3, 8] {
            let on = Threads {
                most: Jobs::given(threads),
                least: 64,
            };
            let seen = events_of(|i, t, sink| load_on(i, &Locator::new(t), on, sink), &text);
            assert_eq!(seen, one, "{threads} threads");
        }
        assert_eq!(one, events_of(read_whole, &text));
    }

    /// Each bad record was located from the top of the file: 40,000
    /// customers with an unknown key took over a minute.
    #[test]
    fn bad_records_are_located_in_one_pass_over_the_file() {
        let mut text = String::from("[shift]\ndate = 2026-11-22\nsetting = \"hotel\"\n");
        for i in 0..3_000 {
            text.push_str(&format!(
                "[[customers]]\nid = \"c{i}\"\nname = \"N\"\noops = 1\n"
            ));
        }
        // Every bad record located, in one pass (give or take a restart).
        let located_once =
            |load: &dyn Fn(&str, &Locator<'_>, &mut Sink<'_>) -> anyhow::Result<()>| {
                let at = Locator::new(&text);
                let seen = kept(
                    |i, _, sink| load(i, &at, sink),
                    &text,
                    |event| matches!(event, Event::Error(_)).then_some(()),
                );
                assert_eq!(seen.len(), 3_000);
                assert!(
                    at.scanned() <= 2 * text.len(),
                    "{} of {}",
                    at.scanned(),
                    text.len()
                );
            };
        for threads in [1, 2] {
            let on = Threads {
                most: Jobs::given(threads),
                least: 64,
            };
            located_once(&|i, at, sink| load_on(i, at, on, sink));
        }
        located_once(&|i, at, sink| load_whole(i, at, sink));
    }

    #[test]
    fn documents_that_cannot_be_split_are_read_whole() {
        // A header inside a multi-line string is not a header.
        let quoted =
            "[[customers]]\nid = \"a\"\nname = \"A\"\nnotes = \"\"\"\n[[customers]]\n\"\"\"\n";
        assert_eq!(customer_headers(quoted).len(), 2);
        assert!(by_section("m", &Locator::new(quoted), Threads::up_to(Jobs::given(1))).is_none());
        assert_eq!(events(quoted), ["begin None", "profile a"]);
        // `[shift]` after the customers.
        let late = "[[customers]]\nid = \"a\"\nname = \"A\"\n[shift]\ntitle = \"T\"\ndate = 2026-11-22\nsetting = \"hotel\"\n";
        assert!(by_section("m", &Locator::new(late), Threads::up_to(Jobs::given(1))).is_none());
        assert_eq!(events(late), ["begin Some(Some(\"T\"))", "profile a"]);
        // A syntax error in one customer's section is that customer's
        // error; the others are still read.
        let broken = format!("{MANIFEST}\n[[customers]]\nid = \"d\nname = \"D\"\n");
        let seen = events(&broken);
        assert_eq!(seen.len(), 5, "{seen:?}");
        assert_eq!(seen[1..3], ["profile a", "profile b"], "{seen:?}");
        assert!(
            seen[4].starts_with("error m.toml:26:8: `customers[3]`"),
            "{seen:?}"
        );
        // A syntax error before the first customer is the document's one.
        let head = MANIFEST.replacen("[shift]", "[shift", 1);
        let seen = events(&head);
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert!(seen[1].starts_with("error m.toml:"), "{seen:?}");
    }
}
