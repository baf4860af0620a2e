//! The `cuecard` binary: parse arguments, run, map the outcome to an exit
//! code. Errors are printed once, as a chain; a closed pipe is quiet and
//! keeps the code the run had earned.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use cuecard::cli::Cli;
use cuecard::{code_of, earned_code, is_broken_pipe, with_earned, Code, Env};

// Briefing allocates many short-lived strings on the `--jobs` threads and
// frees them on another; mimalloc's thread-local heaps do this without the
// lock contention and consolidation passes that glibc's malloc spent about
// a third of the run on (see README, Performance).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    prompt_purging();
    quiet_panics();
    let cli = Cli::parse();
    let stdout = io::stdout();
    // Large writes: a stream of customers goes out in few system calls.
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = io::stderr();
    let result = cuecard::run(&cli, &Env::from_process(), &mut out, &mut err).and_then(|code| {
        out.flush()
            .map(|()| code)
            .map_err(|e| with_earned(e.into(), code))
    });
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(earned_code(&e) as u8),
        Err(e) => {
            let _ = writeln!(err, "cuecard: {e:#}");
            ExitCode::from(code_of(&e) as u8)
        }
    }
}

/// mimalloc's option index for the purge delay (`mi_option_purge_delay` in
/// mimalloc.h, v2 and v3; not exported by libmimalloc-sys). A freed page is
/// returned to the OS after this many milliseconds.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc holds freed pages for a second by default: on a stream, pages
/// freed by one `--jobs` thread after another allocated them pile up, and a
/// million profiles peaked at 53–63 MiB, close to the 64 MiB goal. At
/// 300 ms the peak was about 54 MiB at no measurable cost; 100 ms gave
/// 45–50 MiB but cost about a tenth of the speed. Runs before any thread
/// starts (`mi_option_set` is not thread safe); a `MIMALLOC_PURGE_DELAY`
/// set by the user, or a changed default, is left alone.
fn prompt_purging() {
    // SAFETY: plain FFI calls on an option index, before other threads exist.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == 1000 {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 300);
        }
    }
}

/// A panic prints one line without its payload (which might hold data) and
/// no backtrace, and exits 1 (internal error).
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            io::stderr(),
            "cuecard: internal error{at}; please report it"
        );
        std::process::exit(Code::Internal as i32);
    }));
}
