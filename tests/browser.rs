//! `--format html` in a real browser: Debian's Chromium, driven headless by
//! `tests/browser/check.mjs` (Playwright's driver, no browser download),
//! with axe-core for accessibility and poppler's `pdftotext` for the print.
//!
//! Every sample is briefed and explained as HTML; each page must have no
//! axe violation (WCAG 2.2 AA and best practice, light and dark, as cards
//! at 390 px and as a table at 1280 px), fetch
//! nothing and log no error (so the policy let its own style and script
//! run). The flight sample is also laid out at 390, 768 and 1280 px,
//! searched with scripts on, jumped through with scripts off, and printed
//! on A4 and Letter.
//!
//! Without Chromium, Node or `tests/browser/node_modules` the tests say so
//! and pass, so `cargo test` stays fast on a laptop; `.ci/run` installs all
//! three and sets `CUECARD_BROWSER_TESTS=required`, which turns a missing
//! tool into a failure. `UPDATE_DOCS=1` copies the flight screenshots into
//! `docs/screenshots/` for the README.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tempfile::TempDir;

use common::{all_briefings, brief_json, briefing_path, cuecard, pin_env, succeed, Briefing};

const CHROMIUM: &str = "/usr/bin/chromium";

#[derive(Deserialize)]
struct Report {
    browser: String,
    pages: Vec<PageReport>,
}

#[derive(Deserialize)]
struct PageReport {
    name: String,
    axe: Schemes,
    views: Option<Vec<View>>,
    scripted: Option<Scripted>,
    scriptless: Option<Scriptless>,
    pdf: Option<Pdf>,
    requests: Vec<String>,
    console_errors: Vec<String>,
}

#[derive(Deserialize)]
struct Schemes {
    light: Axe,
    dark: Axe,
    light_cards: Axe,
    dark_cards: Axe,
}

impl Schemes {
    fn all(&self) -> [(&str, &Axe); 4] {
        [
            ("light", &self.light),
            ("dark", &self.dark),
            ("light, cards", &self.light_cards),
            ("dark, cards", &self.dark_cards),
        ]
    }
}

#[derive(Deserialize)]
struct Axe {
    rules_run: usize,
    violations: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct View {
    width: u32,
    screenshot: Option<PathBuf>,
    scroll_width: u32,
    client_width: u32,
    entry_display: Option<String>,
    font_size: f64,
    smallest_link: f64,
}

#[derive(Deserialize)]
struct Scripted {
    find_shown: bool,
    total: usize,
    find: Option<Found>,
}

#[derive(Deserialize)]
struct Found {
    shown: usize,
    keys: Vec<String>,
    said: String,
}

#[derive(Deserialize)]
struct Scriptless {
    links: Vec<String>,
    entry_keys: Vec<String>,
    find_shown: bool,
    jumped: Option<Jumped>,
}

#[derive(Deserialize)]
struct Jumped {
    key: String,
    in_view: bool,
}

#[derive(Deserialize)]
struct Pdf {
    a4: PathBuf,
    letter: PathBuf,
    entry_break_inside: Option<String>,
    thead_display: Option<String>,
    index_display: Option<String>,
}

/// Chromium, Node and the driver, or why the browser tests cannot run
/// (a failure when `CUECARD_BROWSER_TESTS=required`).
fn tools() -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    // Playwright's driver needs Node 20 or later.
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            let version = String::from_utf8_lossy(&o.stdout)
                .trim()
                .trim_start_matches('v')
                .to_string();
            version.split('.').next()?.parse::<u32>().ok()
        })
        .is_some_and(|major| major >= 20);
    let pdftotext_ok = Command::new("pdftotext").arg("-v").output().is_ok();
    let missing: Vec<&str> = [
        (Path::new(CHROMIUM).exists(), "chromium"),
        (node_ok, "node 20 or later"),
        (pdftotext_ok, "pdftotext (poppler-utils)"),
        (
            here.join("node_modules/playwright-core").exists(),
            "tests/browser/node_modules (npm ci)",
        ),
        (
            here.join("node_modules/axe-core").exists(),
            "axe-core (npm ci)",
        ),
    ]
    .iter()
    .filter(|(ok, _)| !ok)
    .map(|(_, what)| *what)
    .collect();
    if missing.is_empty() {
        return Some(here);
    }
    let required = std::env::var("CUECARD_BROWSER_TESTS").is_ok_and(|v| v == "required");
    assert!(!required, "browser tests required but missing: {missing:?}");
    eprintln!("browser tests skipped; missing: {}", missing.join(", "));
    None
}

/// Writes `command --format html` of `input` to `dir/name.html`.
fn html_page(home: &Path, dir: &Path, command: &str, input: &Path) -> (String, PathBuf) {
    let stem = input.file_stem().unwrap().to_str().unwrap();
    let name = format!("{command}-{stem}");
    let out = succeed(cuecard(home).args([command, "--format", "html"]).arg(input));
    let path = dir.join(format!("{name}.html"));
    std::fs::write(&path, out.stdout).unwrap();
    (name, path)
}

/// Runs the driver over `pages`; `flight` is the one laid out and printed.
fn drive(
    here: &Path,
    home: &Path,
    out: &Path,
    pages: &[(String, PathBuf)],
    flight: &str,
) -> Report {
    let jobs: Vec<serde_json::Value> = pages
        .iter()
        .map(|(name, file)| {
            let full = name == flight;
            serde_json::json!({
                "name": name, "file": file, "layout": full || name == "explain-flight-qf1",
                "shots": full, "pdf": full, "find": if full { "12D" } else { "1A" },
            })
        })
        .collect();
    let spec = serde_json::json!({ "chromium": CHROMIUM, "out": out, "pages": jobs });
    let spec_path = out.join("jobs.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let mut node = Command::new("node");
    node.arg(here.join("check.mjs")).arg(&spec_path);
    pin_env(&mut node, home);
    let result = output_within(node, Duration::from_secs(600));
    assert!(
        result.status.success(),
        "check.mjs failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    serde_json::from_slice(&result.stdout).unwrap()
}

/// Runs `command` to its end, killing it after `limit`: a browser that
/// hangs fails the test instead of holding CI.
fn output_within(mut command: Command, limit: Duration) -> std::process::Output {
    use std::process::Stdio;
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = read(Box::new(child.stdout.take().unwrap()));
    let err = read(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the browser driver ran over {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    std::process::Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// The text of each page of a PDF, whitespace collapsed.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{c}')
        .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|page| !page.is_empty())
        .collect()
}

/// Words, split at hyphens too: a line may break after one.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
}

/// The print: the shift and purpose lines first, the title line and the
/// column heads on every page, page numbers, every ref present, and each
/// customer's words on the page that holds their ref.
fn check_print(pdf: &Path, briefing: &Briefing) {
    let pages = pdf_pages(pdf);
    let title = briefing.shift.title.as_deref().unwrap();
    assert!(
        pages.len() > 1,
        "{pdf:?}: one page proves no repeated header"
    );
    assert!(
        pages[0].starts_with(&format!("Briefing: {title}")),
        "{pdf:?}"
    );
    let purpose = pages[0].find("Avoid:").expect("purpose lines on page one");
    let first_ref = briefing.customers[0].reference.as_deref().unwrap();
    assert!(
        purpose < pages[0].find(&format!(" {first_ref} ")).unwrap(),
        "purpose first"
    );
    for (n, page) in pages.iter().enumerate() {
        let line = format!("{title} · {}", briefing.shift.date);
        assert!(page.contains(&line), "{pdf:?} page {}: no header", n + 1);
        assert!(
            page.contains("Seat Address as Cues"),
            "{pdf:?} page {}: no column heads",
            n + 1
        );
        let number = format!("Page {} of {}", n + 1, pages.len());
        assert!(
            page.contains(&number),
            "{pdf:?} page {}: no page number",
            n + 1
        );
    }
    for customer in &briefing.customers {
        let reference = customer.reference.as_deref().unwrap();
        let token = format!(" {reference} ");
        let on: Vec<&String> = pages
            .iter()
            .filter(|p| format!(" {p} ").contains(&token))
            .collect();
        assert_eq!(on.len(), 1, "{pdf:?}: {reference} on {} pages", on.len());
        let page: std::collections::HashSet<&str> = words(on[0]).collect();
        for cue in &customer.cues {
            let lost: Vec<&str> = words(&cue.text).filter(|w| !page.contains(w)).collect();
            assert!(
                lost.is_empty(),
                "{pdf:?}: {reference} split across pages: {lost:?}"
            );
        }
    }
}

fn check_views(views: &[View], customers: usize) {
    let widths: Vec<u32> = views.iter().map(|v| v.width).collect();
    assert_eq!(widths, [390, 768, 1280]);
    for view in views {
        assert!(
            view.scroll_width <= view.client_width,
            "{}: scrolls sideways",
            view.width
        );
        let want = if view.width < 1000 {
            "block"
        } else {
            "table-row"
        };
        assert_eq!(
            view.entry_display.as_deref(),
            Some(want),
            "{} px layout",
            view.width
        );
        assert!(view.font_size >= 16.0, "{} px: text too small", view.width);
        assert!(
            view.smallest_link >= 44.0,
            "{} px: index targets under 44 px",
            view.width
        );
        let shot = view.screenshot.as_ref().expect("a screenshot");
        let png = std::fs::read(shot).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(width, view.width, "{shot:?}");
    }
    assert!(customers > 20);
}

fn check_finding(page: &PageReport, refs: &[String]) {
    let scripted = page.scripted.as_ref().unwrap();
    assert!(
        scripted.find_shown,
        "{}: the script did not run (policy hash?)",
        page.name
    );
    assert_eq!(scripted.total, refs.len());
    let found = scripted.find.as_ref().unwrap();
    let want: Vec<&String> = refs.iter().filter(|r| r.starts_with("12D")).collect();
    assert_eq!(found.shown, want.len(), "{}", page.name);
    assert_eq!(
        found.keys,
        ["12D Aiko"],
        "a ref that starts with what was typed"
    );
    assert_eq!(
        found.said,
        format!("{} of {} shown", want.len(), refs.len())
    );
    let scriptless = page.scriptless.as_ref().unwrap();
    assert!(
        !scriptless.find_shown,
        "a find box that cannot work is hidden"
    );
    assert_eq!(
        scriptless.links, refs,
        "the index lists every ref, in order"
    );
    assert_eq!(scriptless.entry_keys, refs);
    let jumped = scriptless.jumped.as_ref().expect("the index link jumped");
    assert_eq!(&jumped.key, refs.last().unwrap());
    assert!(jumped.in_view);
}

#[test]
fn html_pages_pass_axe_and_work_in_chromium_on_screen_and_paper() {
    let Some(here) = tools() else { return };
    let home = TempDir::new().unwrap();
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&out).unwrap();
    let mut pages = Vec::new();
    for input in all_briefings() {
        for command in ["brief", "explain"] {
            pages.push(html_page(home.path(), &out, command, &input));
        }
    }
    let flight = "brief-flight-qf1";
    let report = drive(&here, home.path(), &out, &pages, flight);
    assert_eq!(report.pages.len(), pages.len(), "a report for every page");

    let (briefing, _, _) = brief_json(home.path(), &[], &[&briefing_path("flight-qf1.toml")]);
    let refs: Vec<String> = briefing
        .customers
        .iter()
        .map(|c| c.reference.clone().unwrap())
        .collect();
    for page in &report.pages {
        for (scheme, axe) in page.axe.all() {
            assert!(
                axe.rules_run > 50,
                "{} {scheme}: axe ran {} rules",
                page.name,
                axe.rules_run
            );
            assert!(
                axe.violations.is_empty(),
                "{} {scheme}: {:#?}",
                page.name,
                axe.violations
            );
        }
        assert!(
            page.requests.is_empty(),
            "{}: fetched {:?}",
            page.name,
            page.requests
        );
        assert!(
            page.console_errors.is_empty(),
            "{}: {:?}",
            page.name,
            page.console_errors
        );
    }
    let brief = report.pages.iter().find(|p| p.name == flight).unwrap();
    check_views(brief.views.as_ref().unwrap(), refs.len());
    check_finding(brief, &refs);
    let explain = report
        .pages
        .iter()
        .find(|p| p.name == "explain-flight-qf1")
        .unwrap();
    for view in explain.views.as_ref().unwrap() {
        assert!(
            view.scroll_width <= view.client_width,
            "explain at {}",
            view.width
        );
    }
    let found = explain.scripted.as_ref().unwrap().find.as_ref().unwrap();
    assert_eq!(found.keys, ["1A Ms Lindqvist"], "explain finds by ref");
    let scriptless = explain.scriptless.as_ref().unwrap();
    assert_eq!(scriptless.links, refs, "explain's index");
    assert!(!scriptless.find_shown);
    eprintln!("browser: {}", report.browser);
    let pdf = brief.pdf.as_ref().unwrap();
    assert_eq!(pdf.entry_break_inside.as_deref(), Some("avoid"));
    assert_eq!(pdf.thead_display.as_deref(), Some("table-header-group"));
    assert_eq!(pdf.index_display.as_deref(), Some("none"));
    check_print(&pdf.a4, &briefing);
    check_print(&pdf.letter, &briefing);

    if std::env::var_os("UPDATE_DOCS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        for view in brief.views.as_ref().unwrap() {
            let shot = view.screenshot.as_ref().unwrap();
            std::fs::copy(shot, docs.join(format!("flight-{}.png", view.width))).unwrap();
        }
    }
}
