//! The README never lies: every `console` block's `$ cuecard …` commands
//! run against the real binary (from the repository root, pinned
//! environment) and must print what the README shows. A line `...` in the
//! expected output stands for any number of lines.
//!
//! After a deliberate change of wording, `UPDATE_README=1 cargo test --test
//! readme` rewrites the shown outputs, keeping each `...` where it was.

mod common;

use std::path::Path;

use common::*;
use tempfile::TempDir;

struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The `$ cuecard` commands of every ```console block, with their output.
fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_block = false;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_block = line == "```console";
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                line: i + 1,
                command: command.to_string(),
                expected: Vec::new(),
            });
        } else if let Some(last) = examples.last_mut() {
            last.expected.push(line.to_string());
        }
    }
    examples
}

/// Matches output against expected lines, where `...` skips any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            actual
                .first()
                .is_some_and(|a| a.trim_end() == first.trim_end())
                && matches(rest, &actual[1..])
        }
    }
}

/// Runs one README command from the repository root.
fn run(root: &Path, home: &Path, example: &Example) -> (String, Option<i32>, String) {
    let words: Vec<&str> = example.command.split_whitespace().collect();
    assert_eq!(
        words[0], "cuecard",
        "README line {}: only cuecard commands run here",
        example.line
    );
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cuecard"));
    pin_env(&mut cmd, home);
    let out = cmd.current_dir(root).args(&words[1..]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
        stderr,
    )
}

/// The actual output shaped like the expected one: as many lines before
/// and after a `...` as the README shows.
fn reshape(expected: &[String], actual: &[&str]) -> Vec<String> {
    let trim = |l: &&str| l.trim_end().to_string();
    let Some(dots) = expected.iter().position(|l| l == "...") else {
        return actual.iter().map(trim).collect();
    };
    let head = dots.min(actual.len());
    let tail = (expected.len() - dots - 1).min(actual.len() - head);
    let mut lines: Vec<String> = actual[..head].iter().map(trim).collect();
    lines.push("...".into());
    lines.extend(actual[actual.len() - tail..].iter().map(trim));
    lines
}

/// Rewrites the README's shown outputs from the binary.
fn update(root: &Path, home: &Path, readme: &str) -> String {
    let mut lines: Vec<String> = readme.lines().map(String::from).collect();
    for example in examples(readme).iter().rev() {
        let (stdout, _, _) = run(root, home, example);
        let actual: Vec<&str> = stdout.lines().collect();
        let start = example.line;
        lines.splice(
            start..start + example.expected.len(),
            reshape(&example.expected, &actual),
        );
    }
    lines.join("\n") + "\n"
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let home = TempDir::new().unwrap();
    if std::env::var_os("UPDATE_README").is_some() {
        readme = update(root, home.path(), &readme);
        std::fs::write(root.join("README.md"), &readme).unwrap();
    }
    let examples = examples(&readme);
    assert!(
        examples.len() >= 5,
        "the README should show its commands in ```console blocks"
    );
    for example in examples {
        let (stdout, status, stderr) = run(root, home.path(), &example);
        let actual: Vec<&str> = stdout.lines().collect();
        assert!(
            matches(&example.expected, &actual),
            "README line {}: `{}` printed:\n{stdout}\n(status {status:?}, stderr {stderr})",
            example.line,
            example.command,
        );
    }
}

#[test]
fn the_matcher_skips_with_ellipsis_only() {
    let exp = |v: &[&str]| {
        v.iter()
            .map(std::string::ToString::to_string)
            .collect::<Vec<_>>()
    };
    assert!(matches(&exp(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(!matches(&exp(&["a", "d"]), &["a", "b", "d"]));
    assert!(matches(&exp(&["a", "..."]), &["a"]));
}
