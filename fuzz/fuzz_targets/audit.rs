//! `audit verify` and `audit report` on an arbitrary log: whatever the
//! bytes, no panic, and an answer (intact, broken, or an error).
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
        let dir = std::env::temp_dir().join(format!("cuecard-fuzz-audit-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("cuecard")).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let dir = dir();
    std::fs::write(dir.join("cuecard").join("audit.jsonl"), body).unwrap();
    let sub = ["verify", "report", "head"][usize::from(pick) % 3];
    let cli = Cli::parse_from(["cuecard", "--today", "2026-11-22", "audit", sub]);
    let env = Env {
        home: Some(dir.to_string_lossy().into_owned()),
        xdg_state_home: Some(dir.to_string_lossy().into_owned()),
        xdg_config_home: Some(dir.join("config").to_string_lossy().into_owned()),
        ..Env::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let _ = cuecard::run(&cli, &env, &mut out, &mut err);
});
