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

use common::*;
use tempfile::TempDir;

/// `struct rusage` on Linux: two `timeval`s, then fourteen `long`s, the
/// first of which is the peak resident set in KiB.
#[repr(C)]
struct Rusage {
    utime: [i64; 2],
    stime: [i64; 2],
    maxrss: i64,
    rest: [i64; 13],
}

extern "C" {
    fn getrusage(who: i32, usage: *mut Rusage) -> i32;
}

const RUSAGE_CHILDREN: i32 = -1;

/// The largest peak resident set, in bytes, of any child waited for.
fn children_peak() -> u64 {
    let mut usage = Rusage {
        utime: [0; 2],
        stime: [0; 2],
        maxrss: 0,
        rest: [0; 13],
    };
    // SAFETY: `usage` is a valid `struct rusage` for the call to fill in.
    let rc = unsafe { getrusage(RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    u64::try_from(usage.maxrss).unwrap() * 1024
}

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
