//! The command line as its users' habits expect: help, version,
//! completions, man page, colour conventions, pipes, terminal width and the
//! progress line. Terminal behaviour is tested in a real pseudo-terminal
//! made by util-linux `script`.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use predicates::str::contains;
use serde_json::json;
use tempfile::TempDir;

fn bin() -> String {
    assert_cmd::cargo::cargo_bin("cuecard")
        .display()
        .to_string()
}

/// Runs `shell` in a pseudo-terminal of `cols` columns with a pinned
/// environment plus `env`; returns what the terminal showed.
fn in_terminal(home: &Path, cols: u16, env: &[(&str, &str)], shell: &str) -> String {
    let mut cmd = Command::new("script");
    cmd.args([
        "-qec",
        &format!("stty cols {cols} rows 50; {shell}"),
        "/dev/null",
    ]);
    pin_env(&mut cmd, home);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("util-linux `script` is needed for terminal tests");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn flight() -> String {
    briefing_path("flight-qf1.toml").display().to_string()
}

fn many(dir: &Path, n: usize) -> String {
    let lines: Vec<String> = (0..n)
        .map(|i| {
            json!({"id": format!("P{i}"), "ref": format!("{}C", i % 60 + 1), "name": "Pat Sample",
                        "loyalty": {"visits_last_90_days": i % 7}})
            .to_string()
        })
        .collect();
    write(dir, "many.ndjson", &(lines.join("\n") + "\n"))
        .display()
        .to_string()
}

#[test]
fn help_teaches_flags_exit_codes_and_config_discovery() {
    let dir = TempDir::new().unwrap();
    cuecard(dir.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("brief"))
        .stdout(contains("explain"));
    let help = cuecard(dir.path())
        .args(["brief", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for needle in [
        "Exit codes",
        "65",
        "78",
        "Config discovery",
        "CUECARD_CONFIG",
        "[default: table]",
        "[default: auto]",
        "Example:",
        "--familiarity",
        "--today",
    ] {
        assert!(help.contains(needle), "brief --help lacks {needle}");
    }
    cuecard(dir.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_and_man_page_generate() {
    let dir = TempDir::new().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        cuecard(dir.path())
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(contains("brief"));
    }
    let man = cuecard(dir.path()).arg("man").output().unwrap();
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH cuecard"),
        "{}",
        &man[..200.min(man.len())]
    );
    for sub in ["brief", "explain", "check", "completions", "man"] {
        assert!(
            man.contains(&format!("cuecard-{sub}")),
            "man page lacks {sub}"
        );
    }
}

#[test]
fn colour_flags_and_variables() {
    let dir = TempDir::new().unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = cuecard(dir.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(
            cmd.arg("brief")
                .args(args)
                .arg(flight())
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    assert!(run(&["--color", "always"], &[]).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(
        !run(&[], &[]).contains('\u{1b}'),
        "auto, not a terminal: no colour"
    );
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(!run(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));
    let cmd = format!("{} --today {TODAY} brief {}", bin(), flight());
    assert!(
        in_terminal(dir.path(), 100, &[], &cmd).contains("\u{1b}["),
        "auto on a terminal: colour"
    );
    assert!(!in_terminal(dir.path(), 100, &[("NO_COLOR", "1")], &cmd).contains("\u{1b}["));
    assert!(!in_terminal(dir.path(), 100, &[("CLICOLOR", "0")], &cmd).contains("\u{1b}["));
    assert!(
        in_terminal(dir.path(), 100, &[("NO_COLOR", "")], &cmd).contains("\u{1b}["),
        "empty NO_COLOR is unset"
    );
}

#[test]
fn table_fits_the_terminal_or_the_given_width() {
    let dir = TempDir::new().unwrap();
    let width = |text: &str| {
        text.lines()
            .map(|l| l.trim_end().chars().count())
            .max()
            .unwrap_or(0)
    };
    let piped = cuecard(dir.path())
        .args(["brief"])
        .arg(flight())
        .output()
        .unwrap();
    assert!(width(&String::from_utf8(piped.stdout).unwrap()) <= 100);
    let narrow = cuecard(dir.path())
        .args(["brief", "--width", "64"])
        .arg(flight())
        .output()
        .unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    let table: String = narrow
        .lines()
        .filter(|l| l.starts_with(['│', '┌', '└', '╞', '├']))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(width(&table) <= 64, "{narrow}");
    let shown = in_terminal(
        dir.path(),
        70,
        &[],
        &format!("{} --color never --today {TODAY} brief {}", bin(), flight()),
    );
    let table: Vec<&str> = shown
        .lines()
        .filter(|l| l.starts_with(['│', '┌']))
        .collect();
    assert!(!table.is_empty());
    assert!(
        table.iter().all(|l| l.trim_end().chars().count() <= 70),
        "{shown}"
    );
    // Words are wrapped whole: every word of every cue appears intact.
    let json = cuecard(dir.path())
        .args(["brief", "--format", "json"])
        .arg(flight())
        .output()
        .unwrap();
    let b: Briefing = serde_json::from_slice(&json.stdout).unwrap();
    let cells: String = narrow
        .lines()
        .map(|l| l.replace(['│', '┆'], " "))
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = cells.split_whitespace().collect();
    for cue in b.customers.iter().flat_map(|c| &c.cues) {
        for w in cue
            .text
            .split_whitespace()
            .filter(|w| w.chars().count() < 20)
        {
            assert!(words.contains(&w), "`{w}` was split");
        }
    }
}

#[test]
fn long_tables_repeat_their_header() {
    let dir = TempDir::new().unwrap();
    let input = many(dir.path(), 120);
    let out = cuecard(dir.path())
        .args(["brief", &input])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("Address as").count(), 120usize.div_ceil(25));
}

#[test]
fn every_page_of_a_long_table_has_the_same_columns() {
    let dir = TempDir::new().unwrap();
    let manifest = write(dir.path(), "cabin.toml", &sample_flight(dir.path(), 120, 7));
    // Wide enough that no page's cues fill it, so each page would size
    // its own cue column if pages were laid out one by one.
    let out = cuecard(dir.path())
        .args(["brief", "--width", "160"])
        .arg(&manifest)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let tops: Vec<&str> = text.lines().filter(|l| l.starts_with('┌')).collect();
    assert_eq!(tops.len(), 120usize.div_ceil(25));
    assert!(tops.iter().all(|t| *t == tops[0]), "{text}");
    let width = tops[0].chars().count();
    assert!(width < 160, "the cue column is as wide as its longest line");
    for line in text.lines().filter(|l| l.starts_with(['│', '╞', '└'])) {
        assert_eq!(line.chars().count(), width, "{line}");
    }
}

#[test]
fn closed_pipe_ends_quietly() {
    let dir = TempDir::new().unwrap();
    let input = many(dir.path(), 3_000);
    for format in ["table", "ndjson"] {
        let script = format!("{} --quiet --today {TODAY} brief --format {format} {input} | head -1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"", bin());
        let mut bash = Command::new("bash");
        pin_env(&mut bash, dir.path());
        let out = bash.args(["-c", &script]).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("status=0"), "{format}: {stdout}");
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn no_input_reads_a_pipe_or_hints_on_a_terminal() {
    let dir = TempDir::new().unwrap();
    let line = json!({"id": "X", "ref": "2B", "name": "Piped"}).to_string();
    cuecard(dir.path())
        .args(["brief", "--format", "json"])
        .write_stdin(format!("{line}\n"))
        .assert()
        .success()
        .stdout(contains("2B"));
    let shown = in_terminal(
        dir.path(),
        100,
        &[],
        &format!("{} brief; echo status=$?", bin()),
    );
    assert!(shown.contains("no input given"), "{shown}");
    assert!(shown.contains("status=2"), "{shown}");
}

#[test]
fn progress_shows_on_a_terminal_for_long_runs_only() {
    let dir = TempDir::new().unwrap();
    let input = many(dir.path(), 6_000);
    let cmd = format!(
        "{} --today {TODAY} brief --format ndjson {input} >/dev/null",
        bin()
    );
    assert!(in_terminal(dir.path(), 100, &[], &cmd).contains("briefed"));
    assert!(!in_terminal(dir.path(), 100, &[], &format!("{cmd} --quiet")).contains("briefed"));
    let piped = cuecard(dir.path())
        .args(["brief", "--format", "ndjson", &input])
        .output()
        .unwrap();
    assert!(
        piped.stderr.is_empty(),
        "no progress when stderr is not a terminal"
    );
}
