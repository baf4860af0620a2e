//! The module graph, read from the source: edges run one way.
//!
//! Every `crate::`, `super::`, `self::` and child-module path in `src/`
//! (outside `#[cfg(test)] mod tests`) is an edge from its file to the file
//! of the module it names. The test fails when
//!
//! - two files depend on each other, directly or round a loop;
//! - a top-level module uses one that [`ALLOWED`] does not list for it, or
//!   [`ALLOWED`] lists an edge the code no longer has (so the table below
//!   stays the true picture of the design; README, Architecture);
//! - a staff renderer names a type that carries what staff must never see.
//!
//! A new edge is a design decision: add it to [`ALLOWED`] only if it runs
//! downwards (the table is checked to have no cycle).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may use, top to bottom.
const ALLOWED: &[(&str, &[&str])] = &[
    // The commands, one file each; dispatch in commands/mod.rs.
    (
        "commands",
        &[
            "audit", "cli", "config", "env", "error", "explain", "input", "ledger", "model",
            "phrase", "run", "sample", "settings", "vocab",
        ],
    ),
    // The run loop: load, brief, print, record, release.
    (
        "run",
        &[
            "briefer",
            "error",
            "explain",
            "input",
            "ledger",
            "model",
            "pool",
            "render",
            "settings",
            "variation",
            "vocab",
        ],
    ),
    // Where flags, environment and config meet; `--format` is checked
    // against each command's renderers.
    (
        "settings",
        &[
            "briefer", "cli", "config", "env", "error", "explain", "phrase", "pool", "render",
            "sample", "vocab",
        ],
    ),
    ("cli", &["input", "vocab"]),
    // `explain`: its own model and formats, reusing the render machinery.
    (
        "explain",
        &["briefer", "classify", "model", "render", "vocab"],
    ),
    // The audit log: a ledger for the run loop, and the log's readers.
    (
        "audit",
        &["config", "digest", "env", "error", "ledger", "model"],
    ),
    (
        "sample",
        &["restricted", "service_codes", "variation", "vocab"],
    ),
    // Staff renderers: the briefing model and shared words, nothing else.
    ("render", &["digest", "error", "model", "pool", "vocab"]),
    // One customer's briefing: classify → plan → phrase.
    (
        "briefer",
        &[
            "classify",
            "config",
            "input",
            "locale",
            "model",
            "phrase",
            "plan",
            "variation",
            "vocab",
        ],
    ),
    ("plan", &["classify", "input", "vocab"]),
    (
        "classify",
        &[
            "config",
            "error",
            "input",
            "locale",
            "phrase",
            "restricted",
            "service_codes",
            "vocab",
        ],
    ),
    ("input", &["error", "pool", "vocab"]),
    (
        "config",
        &["digest", "error", "phrase", "restricted", "vocab"],
    ),
    ("phrase", &["locale", "restricted", "variation", "vocab"]),
    ("locale", &["vocab"]),
    ("model", &["error", "vocab"]),
    ("service_codes", &["restricted"]),
    ("ledger", &[]),
    ("pool", &[]),
    ("variation", &[]),
    ("restricted", &[]),
    ("vocab", &[]),
    ("error", &[]),
    ("env", &[]),
    ("digest", &[]),
];

/// Types a staff renderer must never name: they carry profiles, withheld
/// fields, reasons and source paths.
const NOT_FOR_STAFF: &[&str] = &[
    "Briefed",
    "Withheld",
    "Reason",
    "FieldPath",
    "Profile",
    "Explained",
];

type Module = Vec<String>;

/// A source file: its module path (`render::table`) and its code with
/// comments, string literals and unit tests taken out.
struct Source {
    module: Module,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "main.rs"))
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Module = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            Source {
                module,
                code: strip(&text),
            }
        })
        .collect()
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The code without unit tests, comments, or the insides of string and
/// character literals (a path in a message is not an edge).
fn strip(text: &str) -> String {
    let text = text
        .find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at]);
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        let after_word = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if rest.starts_with('"') {
            i += 1 + string_end(&text[i + 1..]);
            out.push_str("\"\"");
        } else if rest.starts_with('r') && !after_word && raw_string(rest).is_some() {
            i += raw_string(rest).unwrap();
            out.push_str("\"\"");
        } else if rest.starts_with('\'') && char_literal(rest).is_some() {
            i += char_literal(rest).unwrap();
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Bytes up to and including the closing quote of a string's body.
fn string_end(body: &str) -> usize {
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    i + 1
}

/// The length of a raw string literal at the start of `rest`, if it is one.
fn raw_string(rest: &str) -> Option<usize> {
    let hashes = rest[1..].bytes().take_while(|&c| c == b'#').count();
    if rest.as_bytes().get(1 + hashes) != Some(&b'"') {
        return None;
    }
    let close = format!("\"{}", "#".repeat(hashes));
    let body = 2 + hashes;
    rest[body..].find(&close).map(|e| body + e + close.len())
}

/// The length of a character literal at the start of `rest` (not a
/// lifetime), if it is one.
fn char_literal(rest: &str) -> Option<usize> {
    let mut chars = rest[1..].char_indices();
    match chars.next()? {
        (_, '\\') => rest[2..].find('\'').map(|e| e + 3),
        (_, c) => (rest[1 + c.len_utf8()..].starts_with('\'')).then(|| 2 + c.len_utf8()),
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths written at `at` in `code`, after a leading `crate::` or the
/// like: `a::b`, or each path of a group `a::{b, c::{d}}`.
fn paths_at(code: &str, at: usize, prefix: &[String], found: &mut Vec<Module>) -> usize {
    let mut path = prefix.to_vec();
    let mut i = at;
    loop {
        i += code[i..].len() - code[i..].trim_start().len();
        if code[i..].starts_with('{') {
            i += 1;
            loop {
                i += code[i..].len() - code[i..].trim_start_matches([' ', '\n', ',']).len();
                if code[i..].starts_with('}') || i >= code.len() {
                    return i + 1;
                }
                i = paths_at(code, i, &path, found);
            }
        }
        let len = code[i..]
            .find(|c: char| !is_ident(c))
            .unwrap_or(code.len() - i);
        if len == 0 {
            found.push(path);
            return i;
        }
        path.push(code[i..i + len].to_string());
        i += len;
        let gap = code[i..].len() - code[i..].trim_start().len();
        if code[i + gap..].starts_with("::") {
            i += gap + 2;
        } else {
            found.push(path);
            return i;
        }
    }
}

/// Every path the code names through `crate`, `super`, `self` or a child
/// module it declares, as a path from the crate root.
fn named_paths(source: &Source) -> Vec<Module> {
    let code = &source.code;
    let children = declared_children(code);
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(pos) = code[i..].find("::") {
        let end = i + pos;
        let start = code[..end].trim_end().len();
        let word_start = code[..start]
            .rfind(|c: char| !is_ident(c))
            .map_or(0, |p| p + 1);
        let word = &code[word_start..start];
        let before = code[..word_start].trim_end();
        i = end + 2;
        if before.ends_with("::") || word.is_empty() {
            continue;
        }
        let base: Module = match word {
            "crate" => Vec::new(),
            "self" => source.module.clone(),
            "super" => source.module[..source.module.len().saturating_sub(1)].to_vec(),
            w if children.contains(w) => {
                let mut m = source.module.clone();
                m.push(w.to_string());
                m
            }
            _ => continue,
        };
        let mut paths = Vec::new();
        paths_at(code, i, &base, &mut paths);
        found.extend(paths.into_iter().map(resolve_supers));
    }
    found
}

/// `a::b::super::c` → `a::c`.
fn resolve_supers(path: Module) -> Module {
    let mut out: Module = Vec::new();
    for segment in path {
        if segment == "super" {
            out.pop();
        } else {
            out.push(segment);
        }
    }
    out
}

fn declared_children(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line.strip_prefix("pub(crate) ").unwrap_or(line);
            let rest = rest.strip_prefix("pub(super) ").unwrap_or(rest);
            let rest = rest.strip_prefix("pub ").unwrap_or(rest);
            let name = rest.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_string())
        })
        .collect()
}

/// File → the files it uses.
fn file_graph(sources: &[Source]) -> BTreeMap<Module, BTreeSet<Module>> {
    let modules: BTreeSet<&Module> = sources.iter().map(|s| &s.module).collect();
    sources
        .iter()
        .map(|source| {
            let targets = named_paths(source)
                .into_iter()
                .filter_map(|path| {
                    (0..=path.len())
                        .rev()
                        .map(|n| path[..n].to_vec())
                        .find(|prefix| modules.contains(prefix))
                })
                .filter(|target| *target != source.module)
                .collect();
            (source.module.clone(), targets)
        })
        .collect()
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "lib".into()
    } else {
        module.join("::")
    }
}

/// The cycles of a graph: its strongly connected parts of more than one
/// node (Tarjan's algorithm).
fn cycles<N: Ord + Clone>(graph: &BTreeMap<N, BTreeSet<N>>) -> Vec<Vec<N>> {
    struct Walk<'g, N> {
        graph: &'g BTreeMap<N, BTreeSet<N>>,
        index: BTreeMap<N, usize>,
        low: BTreeMap<N, usize>,
        stack: Vec<N>,
        found: Vec<Vec<N>>,
    }
    impl<N: Ord + Clone> Walk<'_, N> {
        fn visit(&mut self, v: &N) {
            let n = self.index.len();
            self.index.insert(v.clone(), n);
            self.low.insert(v.clone(), n);
            self.stack.push(v.clone());
            for w in self.graph.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v.clone(), low);
                } else if self.stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v.clone(), low);
                }
            }
            if self.low[v] == self.index[v] {
                let at = self.stack.iter().position(|x| x == v).unwrap();
                let part: Vec<N> = self.stack.drain(at..).collect();
                if part.len() > 1 {
                    self.found.push(part);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found
}

/// Top-level module → the top-level modules it uses.
fn top_graph(files: &BTreeMap<Module, BTreeSet<Module>>) -> BTreeMap<String, BTreeSet<String>> {
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in files {
        let Some(a) = from.first() else { continue };
        let uses = top.entry(a.clone()).or_default();
        for t in targets {
            if let Some(b) = t.first().filter(|b| *b != a) {
                uses.insert(b.clone());
            }
        }
    }
    top
}

#[test]
fn no_file_depends_on_itself_round_a_loop() {
    let files = file_graph(&sources());
    let loops: Vec<String> = cycles(&files)
        .iter()
        .map(|part| {
            let part: BTreeSet<&Module> = part.iter().collect();
            part.iter()
                .map(|m| {
                    let uses: Vec<String> = files[*m]
                        .iter()
                        .filter(|t| part.contains(t))
                        .map(name)
                        .collect();
                    format!("{} -> {}", name(m), uses.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect();
    assert!(
        loops.is_empty(),
        "files that depend on each other (move what both need into a file of its own):\n{}",
        loops.join("\n")
    );
}

#[test]
fn modules_use_only_what_the_design_allows_and_the_table_is_true() {
    let actual = top_graph(&file_graph(&sources()));
    let allowed: BTreeMap<String, BTreeSet<String>> = ALLOWED
        .iter()
        .map(|(m, uses)| {
            (
                m.to_string(),
                uses.iter().map(std::string::ToString::to_string).collect(),
            )
        })
        .collect();
    let mut problems = Vec::new();
    for (module, uses) in &actual {
        let Some(may) = allowed.get(module) else {
            problems.push(format!("`{module}` is not in ALLOWED"));
            continue;
        };
        for u in uses.difference(may) {
            problems.push(format!(
                "`{module}` uses `{u}`, which ALLOWED does not list"
            ));
        }
        for u in may.difference(uses) {
            problems.push(format!(
                "ALLOWED lets `{module}` use `{u}`, which it no longer does"
            ));
        }
    }
    for module in allowed.keys().filter(|m| !actual.contains_key(*m)) {
        problems.push(format!("ALLOWED names `{module}`, which is not a module"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        cycles(&allowed),
        Vec::<Vec<String>>::new(),
        "ALLOWED has a cycle"
    );
}

#[test]
fn staff_renderers_cannot_name_what_staff_must_not_see() {
    for source in sources()
        .iter()
        .filter(|s| s.module.first().is_some_and(|m| m == "render"))
    {
        for word in source.code.split(|c: char| !is_ident(c)) {
            assert!(
                !NOT_FOR_STAFF.contains(&word),
                "{} names `{word}`: staff renderers see only the briefing model",
                name(&source.module)
            );
        }
    }
}

/// The reader itself: grouped, nested, `super` and child paths resolve,
/// and paths in comments and strings do not count.
#[test]
fn the_reader_finds_edges_the_way_rust_resolves_them() {
    let code = strip(
        "mod child;\nuse crate::a::{b, c::{d, e}};\n// crate::not::this\nlet s = \"crate::nor::this\";\n\
         use super::f; child::g(); let c = 'x'; fn h<'a>() {}\nr#\"crate::raw\"#;",
    );
    let source = Source {
        module: vec!["top".into(), "here".into()],
        code,
    };
    let paths: BTreeSet<String> = named_paths(&source).iter().map(|p| p.join("::")).collect();
    let want: BTreeSet<String> = [
        "a::b",
        "a::c::d",
        "a::c::e",
        "top::f",
        "top::here::child::g",
    ]
    .map(String::from)
    .into();
    assert_eq!(paths, want);
}
