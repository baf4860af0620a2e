//! The whole brief/explain pipeline on arbitrary input: the first byte
//! picks the layout, command and output format, the rest is the file.
//! Nothing may panic; JSON output must parse; no raw control character
//! may reach stdout.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use clap::Parser;
use cuecard::cli::Cli;
use cuecard::Env;
use libfuzzer_sys::fuzz_target;

const LAYOUTS: [&str; 3] = ["toml", "json", "ndjson"];
const FORMATS: [&str; 5] = ["table", "json", "ndjson", "markdown", "html"];

/// A private directory with a config that turns the audit log off.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cuecard-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.toml"), "[audit]\nenabled = false\n").unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let layout = LAYOUTS[usize::from(pick) % 3];
    let format = FORMATS[usize::from(pick / 3) % 5];
    let command = if pick & 0x80 == 0 { "brief" } else { "explain" };
    let dir = dir();
    let input = dir.join(format!("input.{layout}"));
    std::fs::write(&input, body).unwrap();
    let config = dir.join("config.toml");
    let cli = Cli::parse_from([
        "cuecard",
        "--config",
        config.to_str().unwrap(),
        "--today",
        "2026-11-22",
        "--color",
        "never",
        "--jobs",
        "1",
        command,
        "--format",
        format,
        input.to_str().unwrap(),
    ]);
    let env = Env {
        home: Some(dir.to_string_lossy().into_owned()),
        xdg_state_home: Some(dir.to_string_lossy().into_owned()),
        ..Env::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    if cuecard::run(&cli, &env, &mut out, &mut err).is_err() {
        return;
    }
    let text = std::str::from_utf8(&out).expect("stdout is UTF-8");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a raw control character reached stdout"
    );
    if format == "json" {
        serde_json::from_str::<serde_json::Value>(text).expect("JSON output parses");
    }
});
