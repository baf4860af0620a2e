//! Shared helpers for the end-to-end tests: a pinned environment and strict
//! structs to parse JSON output back into.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;

pub(crate) const TODAY: &str = "2026-11-22";

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
