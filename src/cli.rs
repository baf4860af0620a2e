//! Command-line arguments (clap derive structs only; no logic here).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::vocab::{Familiarity, Format, InputFormat, Setting, Style};

const EXIT_CODES: &str = "\
Exit codes:
  0   ok
  1   internal error
  2   usage error
  65  bad input data (also when some records failed and the rest were briefed)
  66  input not found or unreadable, or a --ref that matched no customer
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
    ///
    /// Example: cuecard brief briefings/flight-qf1.toml --ref 12D
    #[command(after_help = EXIT_CODES)]
    Brief(Inputs),
    /// Show, per customer, why each cue was given and what was withheld (never values)
    ///
    /// Example: cuecard explain briefings/flight-qf1.toml --ref 12D
    #[command(after_help = EXIT_CODES)]
    Explain(Inputs),
    /// Validate a config file and lint its phrases (default: the config in use)
    Check {
        /// The config file to check [default: the discovered config]
        #[arg(value_name = "CONFIG")]
        file: Option<PathBuf>,
        #[command(flatten)]
        flags: ConfigFlag,
    },
    /// Print shell completions, e.g. `cuecard completions bash > /etc/bash_completion.d/cuecard`
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `cuecard man | man -l -`
    Man,
    /// Generate synthetic customers for training: a manifest (toml, json), a stream (ndjson) or a flat export (csv)
    ///
    /// Every profile is marked `synthetic = true`; names and items come from built-in lists.
    /// The same seed, setting and date give the same bytes. `--format` is toml (default),
    /// json, ndjson or csv; `--setting` picks the wording and codes (default generic); `--today`
    /// the shift date (default today).
    ///
    /// Example: cuecard sample --setting hotel --count 12 --seed 4 | cuecard explain -
    Sample(SampleArgs),
    /// Print the JSON Schema of an input or output format
    ///
    /// Example: cuecard schema profile > profile.schema.json
    Schema {
        /// Which format: profile, manifest, config, briefing, explanation or mapping
        #[arg(value_enum)]
        kind: Option<SchemaKind>,
    },
    /// Check, anchor and summarise the audit log of who read which customers
    #[command(after_help = AUDIT_HELP)]
    Audit(Audit),
    /// Mapping files for CSV and spreadsheet exports
    #[command(subcommand)]
    Map(MapCommand),
}

/// `cuecard map ...`
#[derive(Subcommand, Debug)]
pub enum MapCommand {
    /// Print a starter mapping for a CSV or spreadsheet's headers, to edit
    ///
    /// Headers that are profile fields are filled in; every other column is
    /// listed as "ignore", marked to decide. Save it as FILE.map.toml.
    ///
    /// Example: cuecard map init arrivals.csv > arrivals.csv.map.toml
    Init {
        /// The CSV, TSV, .xlsx or .ods file
        #[arg(value_name = "FILE")]
        file: String,
        /// Workbook sheet [default: the first]
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Lines before the header row (a report's title) [default: 0]
        #[arg(long, value_name = "N", default_value_t = 0)]
        skip_rows: usize,
        /// One character between cells [default: "," or a tab for .tsv]
        #[arg(long, value_name = "CHAR")]
        delimiter: Option<char>,
    },
}

/// Options of `cuecard sample`.
#[derive(Args, Debug)]
pub struct SampleArgs {
    /// Output format: toml, json, ndjson or csv (a manifest, a stream, or a flat export) [default: toml]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Wording, names and codes for this setting [default: generic]
    #[arg(long, value_enum)]
    pub setting: Option<Setting>,
    /// The shift date, e.g. 2026-11-22 [env: CUECARD_TODAY] [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,
    /// How many customers
    #[arg(long, default_value_t = 12, value_name = "N")]
    pub count: u64,
    /// The same seed gives the same customers
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
}

/// The formats `cuecard schema` describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// One customer (TOML or JSON, or one NDJSON line)
    Profile,
    /// A shift: `[shift]` plus `[[customers]]`
    Manifest,
    /// A user config file (every key optional: it overrides the built-in one)
    Config,
    /// `brief --format json`
    Briefing,
    /// `explain --format json`
    Explanation,
    /// A mapping file for CSV and spreadsheet inputs (`FILE.map.toml`)
    Mapping,
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
    #[command(flatten)]
    pub config: ConfigFlag,
    /// Output format: table or json [default: table]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Table width in columns [default: the terminal's, else 100]
    #[arg(long, global = true, value_name = "COLUMNS")]
    pub width: Option<u16>,
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
    /// Profiles, manifests (.toml, .json) or streams (.ndjson, .jsonl); `-` reads stdin (a stream, or one manifest or profile)
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Only the customers with this ref (a seat, a room): repeat it or separate refs with commas; matched whole, ignoring case. Only they are briefed, printed and audited; a ref found in no input is an error (exit 66)
    #[arg(long = "ref", value_name = "REF", value_delimiter = ',')]
    pub refs: Vec<String>,

    #[command(flatten)]
    pub flags: Common,
}

/// `--config`, for the commands that read a config and nothing else.
#[derive(Args, Debug, Default, Clone)]
pub struct ConfigFlag {
    /// Config file [env: CUECARD_CONFIG] [default: $XDG_CONFIG_HOME/cuecard/config.toml, else built-in]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The flags of `brief` and `explain`. They may also come before the
/// command (`cuecard --today 2026-11-22 brief ...`), where the other
/// commands take the ones they use; after it, they win.
#[derive(Args, Debug, Default, Clone)]
pub struct Common {
    /// Config file [env: CUECARD_CONFIG] [default: $XDG_CONFIG_HOME/cuecard/config.toml, else built-in]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format: table, json, ndjson, markdown or html [default: table]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// How close staff may sound [default: from config, built-in `warm`]
    #[arg(long, value_enum)]
    pub familiarity: Option<Familiarity>,

    /// Cue style: a note to staff (hint) or a suggested first line (opener) [default: from config]
    #[arg(long, value_enum)]
    pub style: Option<Style>,

    /// Wording for this setting, overriding the manifest's
    #[arg(long, value_enum)]
    pub setting: Option<Setting>,

    /// Briefing date for relative phrases, e.g. 2026-11-22 [env: CUECARD_TODAY] [default: the manifest's shift.date, else today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<chrono::NaiveDate>,

    /// Who is running this, for the audit log [default: $USER]
    #[arg(long)]
    pub operator: Option<String>,

    /// Why this run reads customer data, for the audit log
    #[arg(long)]
    pub purpose: Option<String>,

    /// When to use colour: auto, always or never [default: auto]; honours NO_COLOR, CLICOLOR and CLICOLOR_FORCE
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Table width in columns [default: the terminal's, else 100]
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<u16>,

    /// Threads for briefing long runs, started after the first 2,000 customers [default: the number of cores]; output keeps input order
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,

    /// No progress line on stderr (it only ever shows on a terminal, for long runs)
    #[arg(long, short)]
    pub quiet: bool,

    /// Mapping file for CSV and spreadsheet inputs [default: <input>.map.toml beside each, if there is one]
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,

    /// Workbook sheet to read [default: the mapping's `file.sheet`, else the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// What `-` (stdin) holds when it is a table: csv or tsv [default: profiles, manifests or NDJSON]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Parses `YYYY-MM-DD`, as `--today` and `CUECARD_TODAY` take it: four
/// digits of year, as in a profile (`1-01-01` and `+10000-01-01` are not
/// dates anyone means).
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let text = text.trim();
    crate::input::date::Date::parse(text)
        .filter(|_| text.len() == 10)
        .map(|d| d.0)
        .ok_or_else(|| "expected a date written YYYY-MM-DD".to_string())
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
