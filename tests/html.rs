//! `--format html` without a browser: the page is parsed with a real HTML
//! parser (html5ever, through `scraper`), as a browser would read it.
//!
//! The hostile corpus goes through every field that reaches the page (ref,
//! names, tier, preference, purchase, basket, shift title); no element,
//! attribute or URL may come from data, and the text shown must equal the
//! sanitised text of the same run's JSON. The browser checks (axe, layout,
//! print) are in `tests/browser.rs`.

mod common;

use std::collections::BTreeSet;

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::{json, Value};
use tempfile::TempDir;

use common::{
    briefing_path, cuecard, hostile_corpus, hostile_profile, succeed, unsafe_char, write, Briefing,
};

/// The elements cuecard's pages are made of; anything else came from data.
const ELEMENTS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "header", "h1", "div", "label", "input", "p",
    "main", "section", "h2", "ul", "li", "strong", "nav", "h3", "ol", "a", "table", "caption",
    "thead", "tr", "td", "th", "tbody", "span", "footer", "script", "dl", "dt", "dd", "article",
    "code",
];

/// Attributes cuecard writes; any other name came from data.
const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "http-equiv",
    "class",
    "hidden",
    "for",
    "id",
    "type",
    "autocomplete",
    "spellcheck",
    "aria-live",
    "aria-labelledby",
    "href",
    "colspan",
    "scope",
    "data-label",
    "role",
];

fn page(html: &str) -> Html {
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    doc
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: &ElementRef) -> String {
    element.text().collect()
}

/// Whether an attribute's value is one cuecard writes: our own words, ids
/// made of a shift and a position, links to those ids.
fn own_value(name: &str, value: &str) -> bool {
    let id = |v: &str| {
        let mut parts = v.split('-');
        parts
            .next()
            .is_some_and(|s| s.starts_with('s') && s[1..].parse::<u32>().is_ok())
            && parts.all(|p| {
                p == "index" || p == "h" || (p.starts_with('c') && p[1..].parse::<u32>().is_ok())
            })
    };
    match name {
        "href" => value.strip_prefix('#').is_some_and(id),
        "id" => id(value) || ["find", "found", "not-briefed", "legend"].contains(&value),
        "aria-labelledby" => value
            .split(' ')
            .all(|v| id(v) || v == "not-briefed" || v == "legend"),
        "class" => value
            .split(' ')
            .all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-') && !c.is_empty()),
        "content" | "data-label" | "type" | "lang" | "charset" | "name" | "http-equiv" | "for"
        | "scope" | "autocomplete" | "spellcheck" | "aria-live" | "colspan" => {
            value.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) && !value.contains('<')
        }
        "hidden" => value.is_empty(),
        "role" => value == "search",
        _ => false,
    }
}

/// Every element and attribute in the page is one cuecard writes.
fn only_own_markup(doc: &Html, what: &str) {
    let mut scripts = 0;
    for node in doc.tree.nodes() {
        let Node::Element(element) = node.value() else {
            assert!(
                !matches!(node.value(), Node::Comment(_)),
                "{what}: a comment from data"
            );
            continue;
        };
        assert!(
            ELEMENTS.contains(&element.name()),
            "{what}: <{}> from data",
            element.name()
        );
        scripts += usize::from(element.name() == "script");
        for (name, value) in element.attrs() {
            assert!(
                ATTRIBUTES.contains(&name),
                "{what}: attribute {name:?} from data"
            );
            assert!(own_value(name, value), "{what}: {name}={value:?} from data");
        }
    }
    assert_eq!(scripts, 1, "{what}: one script, cuecard's own");
    assert_eq!(select(doc, "style").len(), 1);
}

/// One profile per hostile string, the string in every field that can
/// reach a page, under a shift whose title is hostile too.
fn hostile_manifest(corpus: &[String]) -> Value {
    let customers: Vec<Value> = corpus
        .iter()
        .enumerate()
        .map(|(i, s)| hostile_profile(i, s))
        .collect();
    // Every string, markup and quotes included: the title reaches
    // `<title>`, both headings, a caption and the print line.
    let title: String = corpus.join(" ");
    json!({
        "shift": {"title": title, "date": "2026-11-22", "setting": "retail"},
        "customers": customers
    })
}

/// Every cue, and purpose lines with markup in them (config is ours, but
/// goes through the same escaping).
const CONFIG: &str = "[tone]\nmax_cues = 10\n[purpose]\nachieve = \"<script>alert(1)</script> \\\" ' javascript:alert(1)\"\navoid = \"</li></ul><img src=x onerror=alert(1)>\"\n";

/// A temporary home holding the hostile manifest: (home, corpus, path).
fn hostile_input() -> (TempDir, Vec<String>, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let corpus = hostile_corpus();
    let manifest = hostile_manifest(&corpus).to_string();
    let input = write(dir.path(), "hostile.json", &manifest);
    (dir, corpus, input)
}

fn run(dir: &TempDir, command: &str, format: &str, input: &std::path::Path) -> String {
    let config = write(dir.path(), "all.toml", CONFIG);
    let out = succeed(
        cuecard(dir.path())
            .args([
                command,
                "--format",
                format,
                "--familiarity",
                "familiar",
                "--config",
            ])
            .arg(config)
            .arg(input),
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn hostile_text_reaches_the_page_as_text_and_only_as_text() {
    let (dir, corpus, input) = hostile_input();
    let briefing: Briefing = serde_json::from_str(&run(&dir, "brief", "json", &input)).unwrap();
    assert_eq!(briefing.customers.len(), corpus.len());
    let cue_count: usize = briefing.customers.iter().map(|c| c.cues.len()).sum();
    assert!(
        cue_count > 2 * corpus.len(),
        "the corpus reaches cue text too"
    );

    let html = run(&dir, "brief", "html", &input);
    assert!(
        !html.chars().filter(|c| *c != '\n').any(unsafe_char),
        "a raw unsafe character"
    );
    let doc = page(&html);
    only_own_markup(&doc, "brief");

    assert_eq!(
        text(&select(&doc, "h2")[0]),
        briefing.shift.title.clone().unwrap()
    );
    let rows = select(&doc, "tbody tr.entry");
    assert_eq!(rows.len(), briefing.customers.len());
    for (row, customer) in rows.iter().zip(&briefing.customers) {
        assert_eq!(
            text(&select_in(row, "th")[0]),
            customer.reference.clone().unwrap()
        );
        assert_eq!(
            text(&select_in(row, "td.name")[0]),
            customer.address_as.clone().unwrap()
        );
        let shown: Vec<String> = select_in(row, "span.text").iter().map(text).collect();
        let want: Vec<String> = customer.cues.iter().map(|c| c.text.clone()).collect();
        assert_eq!(shown, want);
    }
    let purpose: Vec<String> = select(&doc, ".purpose li").iter().map(text).collect();
    assert_eq!(purpose[0], format!("Aim: {}", briefing.purpose.achieve));
    assert_eq!(purpose[1], format!("Avoid: {}", briefing.purpose.avoid));
    assert!(
        briefing.purpose.avoid.contains("<img"),
        "the config's text, as typed"
    );
    let index: Vec<String> = select(&doc, ".index a").iter().map(text).collect();
    let refs: Vec<String> = briefing
        .customers
        .iter()
        .map(|c| c.reference.clone().unwrap())
        .collect();
    assert_eq!(index, refs, "the index names every ref, in order");
}

fn select_in<'a>(element: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn explain_pages_hold_hostile_text_as_text_too() {
    let (dir, _, input) = hostile_input();
    let json: Value = serde_json::from_str(&run(&dir, "explain", "json", &input)).unwrap();
    let html = run(&dir, "explain", "html", &input);
    let doc = page(&html);
    only_own_markup(&doc, "explain");
    let blocks = select(&doc, "article.entry");
    let customers = json["customers"].as_array().unwrap();
    assert_eq!(blocks.len(), customers.len());
    for (block, customer) in blocks.iter().zip(customers) {
        let keys: Vec<String> = select_in(block, "h3 .key").iter().map(text).collect();
        assert_eq!(
            keys,
            [
                customer["ref"].as_str().unwrap(),
                customer["address_as"].as_str().unwrap()
            ]
        );
        let cues: Vec<String> = select_in(block, "span.text").iter().map(text).collect();
        let want: Vec<&str> = customer["cues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap())
            .collect();
        assert_eq!(cues, want);
    }
}

#[test]
fn the_page_is_self_contained_accessible_markup_and_light() {
    let dir = TempDir::new().unwrap();
    for command in ["brief", "explain"] {
        let html = run(&dir, command, "html", &briefing_path("flight-qf1.toml"));
        let doc = page(&html);
        only_own_markup(&doc, command);
        assert_eq!(select(&doc, "html[lang=en]").len(), 1);
        for landmark in ["header", "main", "footer"] {
            assert_eq!(select(&doc, landmark).len(), 1, "{command}: one {landmark}");
        }
        let policy = select(&doc, "meta[http-equiv=Content-Security-Policy]");
        let policy = policy[0].value().attr("content").unwrap();
        assert!(policy.starts_with("default-src 'none';"), "{policy}");
        for directive in [
            "style-src 'sha256-",
            "script-src 'sha256-",
            "base-uri 'none'",
        ] {
            assert!(policy.contains(directive), "{policy}");
        }
        assert!(!policy.contains("unsafe"), "{policy}");
        for table in select(&doc, "table") {
            assert_eq!(
                select_in(&table, "caption").len(),
                1,
                "{command}: a caption"
            );
        }
        for th in select(&doc, "th") {
            assert!(
                th.value().attr("scope").is_some(),
                "{command}: th without scope"
            );
        }
        // Nothing is fetched: no source, stylesheet link or address.
        // (No `src` or `href` to elsewhere: `only_own_markup` allows none.)
        for bad in ["<link", "http:", "https:", "url(", "@import"] {
            assert!(!html.contains(bad), "{command}: {bad}");
        }
        if command == "brief" {
            // 28 customers: the goal is under 60 KB.
            assert!(html.len() < 60_000, "{} bytes", html.len());
            assert_eq!(select(&doc, ".index a").len(), 28);
            assert!(
                select(&doc, ".find")[0].value().attr("hidden").is_some(),
                "hidden until the script runs"
            );
        }
    }
}

#[test]
fn a_bad_record_keeps_its_row_and_several_shifts_keep_their_own_headers() {
    let dir = TempDir::new().unwrap();
    let out = cuecard(dir.path())
        .args(["brief", "--format", "html"])
        .arg(briefing_path("faulty/flight-typo.toml"))
        .arg(briefing_path("hotel-harbour.toml"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(65),
        "a bad record is still an error"
    );
    let html = String::from_utf8(out.stdout).unwrap();
    let doc = page(&html);
    only_own_markup(&doc, "two shifts");
    let shifts = select(&doc, "section.shift");
    assert_eq!(shifts.len(), 2);
    let heads: Vec<String> = shifts
        .iter()
        .map(|s| text(&select_in(s, "thead th")[0]))
        .collect();
    assert_eq!(heads, ["Seat", "Room"]);
    let placeholder: Vec<ElementRef> = select_in(&shifts[0], "tr.entry")
        .into_iter()
        .filter(|row| text(row).contains("could not be read"))
        .collect();
    assert_eq!(placeholder.len(), 1, "the bad record keeps its place");
    let errors = select(&doc, "section.errors li");
    assert_eq!(errors.len(), 1);
    assert!(text(&errors[0]).contains("flight-typo.toml"));
    let ids: BTreeSet<&str> = select(&doc, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert_eq!(
        ids.len(),
        select(&doc, "[id]").len(),
        "ids are unique across shifts"
    );
}

/// Escaping is the template engine's: the only text spliced unescaped is
/// the page's own style and script, in one file; no type renders itself
/// into markup by hand.
#[test]
fn only_the_page_shell_splices_unescaped_text() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            seen += 1;
            let code = std::fs::read_to_string(&path).unwrap();
            let uses = code.matches("PreEscaped(").count();
            let want = if path.ends_with("render/html/page.rs") {
                2
            } else {
                0
            };
            assert_eq!(uses, want, "{path:?}");
            for bad in [
                "impl Render for",
                "impl maud::Render",
                "render_to(",
                "format!(\"<",
            ] {
                assert!(!code.contains(bad), "{path:?}: {bad}");
            }
        }
    }
    assert!(seen > 50, "read the source tree");
}

/// An input's name and an error message reach the "Not briefed" list as
/// text: a file named like markup stays a name.
#[test]
fn a_hostile_file_name_in_the_errors_is_text() {
    let dir = TempDir::new().unwrap();
    let name = "<i>bad<i>\" onclick='x'.json";
    let bad = write(dir.path(), name, "{\"id\": 1}");
    let out = cuecard(dir.path())
        .args(["brief", "--format", "html"])
        .arg(&bad)
        .arg(briefing_path("profile-maggie.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65));
    let doc = page(&String::from_utf8(out.stdout).unwrap());
    only_own_markup(&doc, "errors");
    let errors = select(&doc, "section.errors li");
    assert_eq!(errors.len(), 1);
    assert!(text(&errors[0]).contains(name), "{}", text(&errors[0]));
}
