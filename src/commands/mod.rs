//! The commands, one file each; this file dispatches the parsed command
//! line to them. `brief` and `explain` are the run loop (`crate::run`)
//! given resolved settings, their inputs and a ledger. Nothing here prints
//! directly: `main` hands in stdout and stderr.

mod audit;
mod check;
mod completions;
mod map;
mod schema;

use std::io::Write;

use crate::audit::{AuditLog, RunNote};
use crate::cli::{Cli, Command};
use crate::env::Env;
use crate::error::{Code, Fail};
use crate::ledger::{Ledger, NoLedger};
use crate::run::{brief_inputs, Printout, Wanted};
use crate::settings::{flags_for, Job, Settings};

/// Runs the parsed command line; returns the exit code for a run that
/// completed (possibly with bad records), or an error for one that did not.
pub fn run(cli: &Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Code> {
    let flags = flags_for(cli);
    match &cli.command {
        Command::Brief(args) | Command::Explain(args) => {
            let (job, printout) = match cli.command {
                Command::Explain(_) => (Job::Explain, Printout::Explanation),
                _ => (Job::Brief, Printout::Briefing),
            };
            if Wanted::is_blank(&args.refs) {
                // Empty would mean every customer: never what a lookup meant.
                return Err(Fail::new(
                    Code::Usage,
                    "--ref needs a ref, e.g. `--ref 12D`",
                ));
            }
            let settings = Settings::resolve(&flags, env, job)?;
            let inputs = inputs_or_stdin(&args.inputs, env)?;
            let mut ledger = ledger_for(&settings, env, printout, err)?;
            let wanted = Wanted::new(&args.refs);
            brief_inputs(
                &settings,
                &inputs,
                wanted,
                printout,
                ledger.as_mut(),
                out,
                err,
            )
        }
        Command::Audit(args) => audit::command(args, &flags, env, out, err),
        Command::Check { file, .. } => check::check(file.as_deref(), &flags, env, out),
        Command::Completions { shell } => completions::completions(*shell, out).map(|()| Code::Ok),
        Command::Man => completions::man(out).map(|()| Code::Ok),
        Command::Sample(args) => {
            let spec = crate::settings::sample_spec(&flags, args, env)?;
            crate::sample::write(&spec, out).map(|()| Code::Ok)
        }
        Command::Schema { kind } => schema::write(*kind, out).map(|()| Code::Ok),
        Command::Map(command) => map::command(command, out).map(|()| Code::Ok),
    }
}

/// The audit log when the config enables it (the default), else nothing.
/// The first run says, once, where the log and its key were made.
fn ledger_for(
    settings: &Settings,
    env: &Env,
    printout: Printout,
    err: &mut dyn Write,
) -> anyhow::Result<Box<dyn Ledger>> {
    if !settings.config.audit.enabled {
        return Ok(Box::new(NoLedger));
    }
    let note = RunNote {
        command: printout.command(),
        operator: &settings.operator,
        purpose: settings.purpose_note.as_deref(),
        config_sha256: &settings.config.digest,
    };
    let log = AuditLog::open(&settings.config.audit, env, &note)?;
    if let Some(note) = log.first_use().filter(|_| !settings.quiet) {
        writeln!(err, "cuecard: {note}")?;
    }
    Ok(Box::new(log))
}

/// No INPUT reads stdin, unless stdin is a terminal: then a hint, not a hang.
fn inputs_or_stdin(inputs: &[String], env: &Env) -> anyhow::Result<Vec<String>> {
    if !inputs.is_empty() {
        return Ok(inputs.to_vec());
    }
    if env.stdin_tty {
        return Err(Fail::new(
            Code::Usage,
            "no input given: name a profile, manifest or stream (e.g. `cuecard brief briefings/flight-qf1.toml`), or pipe NDJSON in",
        ));
    }
    Ok(vec!["-".into()])
}
