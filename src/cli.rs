//! Command-line arguments (clap derive structs only; no logic here).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::vocab::{Familiarity, Setting, Style};

const EXIT_CODES: &str = "\
Exit codes:
  0   ok
  1   internal error
  2   usage error
  65  bad input data (also when some records failed and the rest were briefed)
  66  input not found or unreadable
  74  audit log could not be written (nothing is printed)
  78  bad config

Config discovery (first found wins, then flags override it key by key):
  --config FILE, $CUECARD_CONFIG, $XDG_CONFIG_HOME/cuecard/config.toml,
  else the built-in default (see `cuecard check`).";

#[derive(Parser, Debug)]
#[command(
    name = "cuecard",
    version,
    about = "Turns customer profiles into a few short, natural cues for front-line staff",
    long_about = "Turns customer profiles into a few short, natural cues for front-line staff.\n\n\
        Reads a customer profile or a whole shift's manifest (TOML, JSON or NDJSON) and prints \
        conversational cues instead of raw fields. Restricted data (health, beliefs, \
        bereavement, ...) never reaches the output; where staff must act on it, the cue names \
        the action, never the reason.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the briefing for profiles, manifests or NDJSON streams
    #[command(after_help = EXIT_CODES)]
    Brief(Inputs),
    /// Show, per customer, why each cue was given and what was withheld (never values)
    #[command(after_help = EXIT_CODES)]
    Explain(Inputs),
    /// Validate a config file and lint its phrases (default: the config in use)
    Check {
        /// The config file to check [default: the discovered config]
        config: Option<PathBuf>,
    },
    /// Print shell completions, e.g. `cuecard completions bash > /etc/bash_completion.d/cuecard`
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `cuecard man | man -l -`
    Man,
    /// Check, anchor and summarise the audit log of who read which customers
    #[command(after_help = AUDIT_HELP)]
    Audit(Audit),
}

const AUDIT_HELP: &str = "\
Every `brief` and `explain` run appends one JSON line per 10,000 customers to
the audit log ($XDG_STATE_HOME/cuecard/audit.jsonl unless `audit.path` says
otherwise). Each line holds the SHA-256 of the line before it, so an edited,
deleted or reordered line breaks the chain. Cutting records off the end does
not: store `cuecard audit head` somewhere else and check against it with
`cuecard audit verify --expect-head HASH`.

Exit codes:
  0   the log is intact (verify, head) or the report was made on an intact log
  65  the log is broken: the first bad line is named
  66  the log does not exist
  74  the log or key could not be read";

/// `cuecard audit`: the log's path and what to do with it.
#[derive(Args, Debug)]
pub struct Audit {
    /// The audit log to read [default: `audit.path` from the config]
    #[arg(long, global = true, value_name = "FILE")]
    pub log: Option<PathBuf>,
    #[command(subcommand)]
    pub action: AuditAction,
}

#[derive(Subcommand, Debug)]
pub enum AuditAction {
    /// Check the hash chain and name the first bad line (exit 0 intact, 65 broken)
    #[command(after_help = AUDIT_HELP)]
    Verify {
        /// Also require this head, taken earlier with `audit head` and kept elsewhere: catches records cut off the end
        #[arg(long, value_name = "HASH")]
        expect_head: Option<String>,
    },
    /// Print the head hash (of the last record) to keep elsewhere as an anchor
    #[command(after_help = AUDIT_HELP)]
    Head,
    /// Per-operator runs, customers and purposes, and misuse flags (`--format table|json`)
    #[command(after_help = AUDIT_HELP)]
    Report {
        /// Only runs from this date on, e.g. 2026-11-01 (in `audit.alerts.utc_offset`)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        since: Option<chrono::NaiveDate>,
    },
}

#[derive(Args, Debug)]
pub struct Inputs {
    /// Profiles, manifests (.toml, .json) or streams (.ndjson, .jsonl); `-` reads NDJSON from stdin
    ///
    /// Example: cuecard brief briefings/flight-qf1.toml
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// Flags shared by every command.
#[derive(Args, Debug, Default)]
pub struct Common {
    /// Config file [env: CUECARD_CONFIG] [default: $XDG_CONFIG_HOME/cuecard/config.toml, else built-in]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// How close staff may sound [default: from config, built-in `warm`]
    #[arg(long, global = true, value_enum)]
    pub familiarity: Option<Familiarity>,

    /// Cue style: a note to staff (hint) or a suggested first line (opener) [default: from config]
    #[arg(long, global = true, value_enum)]
    pub style: Option<Style>,

    /// Wording for this setting, overriding the manifest's
    #[arg(long, global = true, value_enum)]
    pub setting: Option<Setting>,

    /// Briefing date for relative phrases, e.g. 2026-11-22 [env: CUECARD_TODAY] [default: the manifest's shift.date, else today]
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,

    /// Who is running this, for the audit log [default: $USER]
    #[arg(long, global = true)]
    pub operator: Option<String>,

    /// Why this run reads customer data, for the audit log
    #[arg(long, global = true)]
    pub purpose: Option<String>,

    /// When to use colour; honours NO_COLOR, CLICOLOR and CLICOLOR_FORCE
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Table width in columns [default: the terminal's, else 100]
    #[arg(long, global = true, value_name = "COLUMNS")]
    pub width: Option<u16>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Ndjson,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Parses `YYYY-MM-DD`, as `--today` and `CUECARD_TODAY` take it.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "expected a date written YYYY-MM-DD".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
