//! Memory: a TOML manifest is read section by section, not held whole as a
//! tree. A 16 MB manifest (38,000 customers) once peaked at 338 MB, about
//! 20 times its size; now the whole run, start-up included, stays within
//! five times the file plus a fixed allowance.
//!
//! Its own test binary: the peak is read with `getrusage(RUSAGE_CHILDREN)`,
//! the largest of every child this process has waited for, so no other
//! test may run children here.
#![cfg(target_os = "linux")]

mod common;
mod memory_peak;

use common::*;
use memory_peak::children_peak;
use tempfile::TempDir;

#[test]
fn a_large_toml_manifest_is_briefed_in_a_few_times_its_size() {
    let home = TempDir::new().unwrap();
    let out = succeed(
        cuecard(home.path())
            .args(["sample", "--setting", "flight", "--format", "toml"])
            .args(["--count", "38000", "--seed", "2"]),
    );
    let manifest = write(
        home.path(),
        "big.toml",
        &String::from_utf8(out.stdout).unwrap(),
    );
    let size = std::fs::metadata(&manifest).unwrap().len();
    assert!(size > 15_000_000, "{size}");
    let briefed = cuecard(home.path())
        .args(["brief", "--jobs", "2", "--format", "ndjson"])
        .arg(&manifest)
        .output()
        .unwrap();
    assert_eq!(briefed.status.code(), Some(0));
    let peak = children_peak();
    let bound = 5 * size + 24 * 1024 * 1024;
    assert!(
        peak < bound,
        "peak {} MB for a {} MB manifest (bound {} MB)",
        peak >> 20,
        size >> 20,
        bound >> 20
    );
}
