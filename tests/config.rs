//! Config layering, custom phrases and `cuecard check`, through the binary.

mod common;

use common::*;
use predicates::str::contains;
use serde_json::json;
use tempfile::TempDir;

fn regular(dir: &TempDir) -> std::path::PathBuf {
    let p = json!({"id": "R1", "ref": "4C", "name": "Robin Regular", "loyalty": {"visits_last_90_days": 8},
                   "preferences": [{"topic": "conversation", "value": "prefers quiet", "source": "stated"}]});
    write(dir.path(), "r.json", &p.to_string())
}

#[test]
fn check_accepts_the_builtin_and_a_good_config() {
    let dir = TempDir::new().unwrap();
    cuecard(dir.path())
        .arg("check")
        .assert()
        .code(0)
        .stdout(contains("built-in config is valid"));
    let good = write(dir.path(), "good.toml", "[tone]\nfamiliarity = \"familiar\"\n\n[[phrases]]\nrule = \"welcome_back\"\nfamiliarity = \"warm\"\ntext = \"Good to have them back {with_us}.\"\n");
    cuecard(dir.path())
        .arg("check")
        .arg(&good)
        .assert()
        .code(0)
        .stdout(contains("1 custom phrases"));
}

#[test]
fn check_rejects_bad_phrases_with_line_and_column() {
    let dir = TempDir::new().unwrap();
    let cases = [
        ("rule = \"small_talk\"\nfamiliarity = \"warm\"\ntext = \"Hi.\"\n", "unknown"),
        ("rule = \"welcome_back\"\nfamiliarity = \"warm\"\ntext = \"Back after {visits} visits.\"\n", "unknown slot"),
        ("rule = \"welcome_back\"\nfamiliarity = \"warm\"\ntext = \"Back for the 3rd time.\"\n", "digit"),
        ("rule = \"assist\"\ntopic = \"meal\"\nfamiliarity = \"warm\"\ntext = \"Their kosher meal is here.\"\n", "restricted word"),
        ("rule = \"welcome_back\"\nfamiliarity = \"warm\"\ntext = \"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone\"\n", "words"),
        ("rule = \"preference\"\ntopic = \"wine\"\nfamiliarity = \"warm\"\ntext = \"Likes {value}.\"\n", "unknown topic"),
    ];
    for (i, (phrase, why)) in cases.iter().enumerate() {
        let path = write(
            dir.path(),
            &format!("bad{i}.toml"),
            &format!("# a config\n\n[[phrases]]\n{phrase}"),
        );
        cuecard(dir.path())
            .arg("check")
            .arg(&path)
            .assert()
            .code(78)
            .stdout("")
            .stderr(contains(format!("bad{i}.toml:")))
            .stderr(contains(*why));
    }
}

#[test]
fn custom_phrases_can_replace_the_builtin_ones() {
    let dir = TempDir::new().unwrap();
    let config = write(
        dir.path(),
        "replace.toml",
        "[[phrases]]\nrule = \"welcome_back\"\nfamiliarity = \"warm\"\nreplace = true\ntext = \"Our own words: good to see them again.\"\n",
    );
    let (b, code, _) = brief_json(
        dir.path(),
        &["--config", config.to_str().unwrap()],
        &[&regular(&dir)],
    );
    assert_eq!(code, 0);
    let cue = b.customers[0]
        .cues
        .iter()
        .find(|c| c.rule == "welcome_back")
        .unwrap();
    assert_eq!(cue.text, "Our own words: good to see them again.");
    assert_eq!(cue.variant, "welcome_back.warm.custom.1");
}

#[test]
fn a_rule_can_be_switched_off_but_not_assist() {
    let dir = TempDir::new().unwrap();
    let off = write(
        dir.path(),
        "off.toml",
        "[rules]\ndisabled = [\"conversation\"]\n",
    );
    let (b, _, _) = brief_json(
        dir.path(),
        &["--config", off.to_str().unwrap()],
        &[&regular(&dir)],
    );
    let rules: Vec<&str> = b.customers[0]
        .cues
        .iter()
        .map(|c| c.rule.as_str())
        .collect();
    assert_eq!(rules, ["welcome_back"]);
    let assist = write(
        dir.path(),
        "assist.toml",
        "[rules]\ndisabled = [\"assist\"]\n",
    );
    cuecard(dir.path())
        .arg("check")
        .arg(&assist)
        .assert()
        .code(78)
        .stderr(contains("assist.toml:2:"));
}

#[test]
fn unreadable_or_broken_config_is_exit_78() {
    let dir = TempDir::new().unwrap();
    let input = regular(&dir);
    cuecard(dir.path())
        .args(["brief", "--config", "no/such/config.toml"])
        .arg(&input)
        .assert()
        .code(78)
        .stdout("");
    let syntax = write(dir.path(), "syntax.toml", "[tone\nfamiliarity = \"warm\"\n");
    cuecard(dir.path())
        .args(["brief", "--config"])
        .arg(&syntax)
        .arg(&input)
        .assert()
        .code(78)
        .stderr(contains("syntax.toml:1:"));
    let category = write(
        dir.path(),
        "cat.toml",
        "[restricted]\nastrology = \"tone\"\n",
    );
    cuecard(dir.path())
        .args(["brief", "--config"])
        .arg(&category)
        .arg(&input)
        .assert()
        .code(78)
        .stderr(contains("unknown category"));
}
