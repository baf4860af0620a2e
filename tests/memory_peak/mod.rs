//! The peak memory of the children a test binary has waited for, for the
//! memory tests (each its own binary, so no other test's children count).

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
pub(crate) fn children_peak() -> u64 {
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
