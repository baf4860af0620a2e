//! The README never lies: every `console` block's `$ cuecard …` commands
//! run against the real binary (from the repository root, pinned
//! environment) and must print what the README shows. A line `...` in the
//! expected output stands for any number of lines.

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

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(
        examples.len() >= 5,
        "the README should show its commands in ```console blocks"
    );
    let home = TempDir::new().unwrap();
    for example in examples {
        let words: Vec<&str> = example.command.split_whitespace().collect();
        assert_eq!(
            words[0], "cuecard",
            "README line {}: only cuecard commands run here",
            example.line
        );
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cuecard"));
        pin_env(&mut cmd, home.path());
        let out = cmd.current_dir(root).args(&words[1..]).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let actual: Vec<&str> = stdout.lines().collect();
        assert!(
            matches(&example.expected, &actual),
            "README line {}: `{}` printed:\n{}\n(status {:?}, stderr {})",
            example.line,
            example.command,
            stdout,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_matcher_skips_with_ellipsis_only() {
    let exp = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&exp(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(!matches(&exp(&["a", "d"]), &["a", "b", "d"]));
    assert!(matches(&exp(&["a", "..."]), &["a"]));
}
