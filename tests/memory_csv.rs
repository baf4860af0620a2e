//! Memory: a CSV export streams. Briefing four times as many rows must not
//! raise the peak by anywhere near the extra bytes read, as it would if the
//! file, its rows or its profiles were held.
//!
//! Its own test binary: the peak is the largest of every child this
//! process has waited for (`getrusage(RUSAGE_CHILDREN)`), so the small run
//! goes first and no other test runs children here.
#![cfg(target_os = "linux")]

mod common;
mod memory_peak;

use common::*;
use memory_peak::children_peak;
use tempfile::TempDir;

#[test]
fn a_csv_export_is_briefed_in_flat_memory() {
    let home = TempDir::new().unwrap();
    let mut sizes = Vec::new();
    let mut peaks = Vec::new();
    // The smaller run is large enough that the workers have started and
    // their allocators have reached their steady size (below a few
    // thousand rows the run is over before they do).
    for count in [16_000, 64_000] {
        let out = succeed(
            cuecard(home.path())
                .args(["sample", "--setting", "flight", "--format", "csv"])
                .args(["--count", &count.to_string(), "--seed", "2"]),
        );
        let csv = write(
            home.path(),
            &format!("{count}.csv"),
            &String::from_utf8(out.stdout).unwrap(),
        );
        sizes.push(std::fs::metadata(&csv).unwrap().len());
        let briefed = cuecard(home.path())
            .args([
                "brief",
                "--jobs",
                "2",
                "--format",
                "ndjson",
                "--setting",
                "flight",
            ])
            .arg(&csv)
            .output()
            .unwrap();
        assert_eq!(briefed.status.code(), Some(0));
        let lines = briefed.stdout.iter().filter(|b| **b == b'\n').count();
        assert_eq!(lines, count + 2, "a shift, every customer, a summary");
        peaks.push(children_peak());
    }
    let grown = peaks[1].saturating_sub(peaks[0]);
    let extra = sizes[1] - sizes[0];
    assert!(
        grown < extra / 2,
        "peak grew {} KB for {} KB more input ({peaks:?})",
        grown >> 10,
        extra >> 10
    );
}
