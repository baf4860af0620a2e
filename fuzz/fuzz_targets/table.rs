//! CSV and TSV exports through a mapping file: the input is a mapping
//! (TOML) and a table, split at the first NUL byte; the first byte of the
//! table picks CSV or TSV and the command. Nothing may panic, no raw
//! control character may reach stdout, and the exit code is one cuecard
//! documents (0, 65, 66 or 78).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use clap::Parser;
use cuecard::cli::Cli;
use cuecard::Env;
use libfuzzer_sys::fuzz_target;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cuecard-fuzz-table-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.toml"), "[audit]\nenabled = false\n").unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let (mapping, rest) = (&data[..split], &data[split + 1..]);
    let Some((&pick, table)) = rest.split_first() else {
        return;
    };
    let dir = dir();
    let input = dir.join(if pick & 1 == 0 { "input.csv" } else { "input.tsv" });
    let map = dir.join("input.map.toml");
    std::fs::write(&input, table).unwrap();
    std::fs::write(&map, mapping).unwrap();
    let command = if pick & 2 == 0 { "brief" } else { "explain" };
    let format = if pick & 4 == 0 { "json" } else { "table" };
    let cli = Cli::parse_from([
        "cuecard",
        "--config",
        dir.join("config.toml").to_str().unwrap(),
        "--today",
        "2026-11-22",
        "--color",
        "never",
        "--jobs",
        "1",
        command,
        "--format",
        format,
        "--map",
        map.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    let env = Env {
        home: Some(dir.to_string_lossy().into_owned()),
        xdg_state_home: Some(dir.to_string_lossy().into_owned()),
        ..Env::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let Ok(_code) = cuecard::run(&cli, &env, &mut out, &mut err) else {
        return;
    };
    let text = std::str::from_utf8(&out).expect("stdout is UTF-8");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a raw control character reached stdout"
    );
    if format == "json" {
        for doc in serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>() {
            doc.expect("JSON output parses");
        }
    }
});
