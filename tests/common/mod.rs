//! Shared helpers for the end-to-end tests: a pinned environment and strict
//! structs to parse JSON output back into.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;

pub(crate) const TODAY: &str = "2026-11-22";

/// Every format `brief` and `explain` write, for tests that must hold in
/// each.
pub(crate) const STAFF_FORMATS: [&str; 5] = ["table", "json", "ndjson", "markdown", "html"];

/// The binary with a pinned environment: no colour variables, no user
/// config, a fixed briefing date, and config/state dirs in a temp dir.
pub(crate) fn cuecard(home: &Path) -> Command {
    let mut cmd = cuecard_undated(home);
    cmd.arg("--today").arg(TODAY);
    cmd
}

/// [`cuecard`] without `--today`, for tests of where the date comes from;
/// the environment is pinned all the same.
pub(crate) fn cuecard_undated(home: &Path) -> Command {
    let mut cmd = cuecard_loud(home);
    // The first run's note about the audit log it made (tests/cli.rs
    // checks it) would differ between a test's first and later runs.
    cmd.arg("--quiet");
    cmd
}

/// [`cuecard_undated`] without `--quiet`: what a user sees on stderr.
pub(crate) fn cuecard_loud(home: &Path) -> Command {
    let mut std_cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cuecard"));
    pin_env(&mut std_cmd, home);
    Command::from_std(std_cmd)
}

/// Variables that would change cuecard's behaviour, removed in every test.
pub(crate) const UNSET: [&str; 6] = [
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "CUECARD_CONFIG",
    "CUECARD_TODAY",
    "RUST_BACKTRACE",
];

/// Pins a command's environment: no colour variables, no user config, and
/// `HOME` and every XDG dir (so the audit log and key) under `home`. Every
/// binary test goes through here: a test that ran cuecard with the real
/// `HOME` would write phantom reads into the user's real audit log.
pub(crate) fn pin_env(cmd: &mut std::process::Command, home: &Path) {
    for var in UNSET {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_RUNTIME_DIR", home.join("runtime"))
        .env("USER", "test-operator");
}

pub(crate) fn briefing_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("briefings")
        .join(name)
}

/// Every sample manifest and profile under `briefings/`.
pub(crate) fn all_briefings() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "json" | "ndjson")
            )
        })
        .collect();
    files.sort();
    files
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct Briefing {
    pub schema_version: u32,
    pub shift: Shift,
    pub familiarity: String,
    pub style: String,
    pub purpose: Purpose,
    pub customers: Vec<Customer>,
    pub errors: Vec<ErrorOut>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct Shift {
    pub title: Option<String>,
    pub date: String,
    pub setting: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct Purpose {
    pub achieve: String,
    pub avoid: String,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct Customer {
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub address_as: Option<String>,
    pub cues: Vec<Cue>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cue {
    pub rule: String,
    pub variant: String,
    pub aim: String,
    pub rung: Option<u8>,
    pub text: String,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct ErrorOut {
    pub input: String,
    /// The bad record's ref, where it could be read.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub path: Option<String>,
    pub message: String,
}

/// Runs a command that must succeed; a failure shows its stderr.
pub(crate) fn succeed(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A synthetic flight manifest of `count` customers (`cuecard sample`, TOML).
pub(crate) fn sample_flight(home: &Path, count: u32, seed: u32) -> String {
    let out = succeed(
        cuecard(home)
            .args(["sample", "--setting", "flight", "--format", "toml"])
            .args(["--count", &count.to_string(), "--seed", &seed.to_string()]),
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `brief --format json` with extra args on the given inputs.
pub(crate) fn brief_json(home: &Path, args: &[&str], inputs: &[&Path]) -> (Briefing, i32, String) {
    let out = cuecard(home)
        .arg("brief")
        .args(["--format", "json"])
        .args(args)
        .args(inputs)
        .output()
        .unwrap();
    let briefing: Briefing = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (
        briefing,
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `text` to `dir/name` and returns the path.
pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Hostile strings: terminal escapes, C1 controls, bidi tricks, separators,
/// Markdown and HTML injection.
pub(crate) fn hostile_corpus() -> Vec<String> {
    let mut corpus: Vec<String> = [
        "\u{1b}[31mred\u{1b}[0m",
        "\u{1b}]0;title\u{7}",
        "\u{1b}]8;;http://e.vil\u{1b}\\link\u{1b}]8;;\u{1b}\\",
        "\u{1b}[2J\u{1b}[H",
        "\u{1b}P+q\u{1b}\\",
        "\u{9b}31m",
        "\u{9d}0;x\u{9c}",
        "\u{85}next",
        "a\u{7f}b",
        "\u{0}nul",
        "bell\u{7}",
        "back\u{8}space",
        "cr\rover",
        "new\nline",
        "tab\there",
        "\u{b}vt\u{c}ff",
        "\u{202e}evil\u{202c}",
        "\u{202a}lre",
        "\u{202b}rle",
        "\u{202d}lro",
        "\u{2066}lri\u{2069}",
        "\u{2067}rli",
        "\u{2068}fsi",
        "\u{200e}lrm\u{200f}rlm",
        "\u{61c}alm",
        "line\u{2028}sep",
        "para\u{2029}sep",
        "\u{feff}bom",
        "zero\u{200b}width",
        "zw\u{200c}nj\u{200d}zwj",
        "soft\u{ad}hyphen",
        "mongolian\u{180e}vs",
        "grapheme\u{34f}joiner",
        "tag\u{e0041}\u{e0042}\u{e007f}chars",
        "hangul\u{3164}filler\u{115f}",
        "variation\u{fe0f}selector",
        "word\u{2060}joiner",
        "arabic\u{600}number",
        "| pipe | break |",
        "`code`",
        "```fence",
        "[link](http://e.vil)",
        "![img](http://e.vil/x.png)",
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "&amp; &lt;",
        "**bold** _it_",
        "# heading",
        "> quote",
        "- list",
        "<http://auto.link>",
        "www.e.vil",
        "\\\\backslash",
        "~~strike~~",
        "{name}",
        "%s %n",
        "\u{1b}[?1049h",
        "\" onmouseover=\"alert(1)",
        "' autofocus onfocus='alert(1)",
        "javascript:alert(1)",
        "</td></tr><tr><td>x",
        "<!-- comment -->",
        "<a href=\"https://e.vil\">click</a>",
        "<style>body{display:none}</style>",
        "&#60;script&#62;",
    ]
    .iter()
    .map(std::string::ToString::to_string)
    .collect();
    corpus.dedup();
    corpus
}

/// What must never reach output raw, by Unicode property (independently of
/// the sanitiser): controls other than newline and tab's kin, format
/// characters, separators, and the other default-ignorable code points.
pub(crate) fn unsafe_char(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    let by_category = matches!(
        get_general_category(c),
        G::Control | G::Format | G::LineSeparator | G::ParagraphSeparator
    );
    let other_ignorable = matches!(c,
        '\u{34f}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}'
        | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{ffa0}' | '\u{e0000}'..='\u{e0fff}');
    (by_category && c != '\t') || other_ignorable
}

/// A profile with `text` in every field that can reach staff: ref, names,
/// tier, a preference, a purchase and today's basket.
pub(crate) fn hostile_profile(i: usize, text: &str) -> serde_json::Value {
    serde_json::json!({
        "id": format!("H{i}"), "ref": text, "name": text, "preferred_name": text, "title": text,
        "loyalty": {"tier": text, "tier_since": "2026-11-20", "visits_last_90_days": 5},
        "preferences": [{"topic": "drink", "value": text, "source": "stated", "last_confirmed": "2026-11-01"}],
        "purchases": [{"item": text, "date": "2025-11-01", "category": "books"}],
        "today": {"basket": [text]}
    })
}
