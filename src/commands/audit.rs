//! `cuecard audit verify | head | report`: reads the log (`--log`, else the
//! config's) and prints what it found as a table or JSON. Verify and head
//! exit 65 on a broken chain; report still reports, and exits 65 too.

use std::fs::File;
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::audit::chain::is_hash;
use crate::audit::record::Record;
use crate::audit::report::{report, Report};
use crate::audit::verify::{verify, Verdict};
use crate::cli::{Audit, AuditAction, Common};
use crate::env::Env;
use crate::error::{Code, Fail};
use crate::model::sanitize;
use crate::settings::{Job, Settings};
use crate::vocab::Format;

/// Runs one `cuecard audit` subcommand.
pub(super) fn command(
    args: &Audit,
    common: &Common,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Code> {
    let settings = Settings::resolve(common, env, Job::Audit)?;
    let json = settings.format == Format::Json;
    let path = match &args.log {
        Some(path) => path.clone(),
        None => crate::audit::paths::log_path(&settings.config.audit, env)?,
    };
    match &args.action {
        AuditAction::Verify { expect_head } => {
            let verdict = check(&path, expect_head.as_deref())?;
            print_verdict(&path, &verdict, json, out)?;
            Ok(code(&verdict))
        }
        AuditAction::Head => head(&path, json, out, err),
        AuditAction::Report { since } => {
            let verdict = check(&path, None)?;
            let report = make_report(&path, &settings, *since)?;
            print_report(&path, &verdict, &report, json, settings.width, out)?;
            Ok(code(&verdict))
        }
    }
}

fn code(verdict: &Verdict) -> Code {
    if verdict.is_intact() {
        Code::Ok
    } else {
        Code::BadInput
    }
}

fn open(path: &Path) -> anyhow::Result<BufReader<File>> {
    File::open(path).map(BufReader::new).map_err(|e| {
        let shown = path.display();
        match e.kind() {
            ErrorKind::NotFound => Fail::new(Code::NotFound, format!("no audit log at `{shown}`")),
            _ => Fail::new(
                Code::Audit,
                format!("could not read the audit log `{shown}`: {e}"),
            ),
        }
    })
}

fn check(path: &Path, expect_head: Option<&str>) -> anyhow::Result<Verdict> {
    if let Some(head) = expect_head.filter(|h| !is_hash(h)) {
        let head = sanitize(head);
        return Err(Fail::new(
            Code::Usage,
            format!("--expect-head `{head}` is not a head: expected 64 lower-case hex digits, as `cuecard audit head` prints"),
        ));
    }
    verify(open(path)?, expect_head).map_err(|e| {
        Fail::new(
            Code::Audit,
            format!("could not read the audit log `{}`: {e}", path.display()),
        )
    })
}

/// The log's lines as records (`None` for a line that is no record),
/// read one at a time; a read error ends them and is kept in `error`.
struct Lines {
    reader: BufReader<File>,
    line: Vec<u8>,
    error: Option<std::io::Error>,
}

impl Iterator for Lines {
    type Item = Option<Record>;

    fn next(&mut self) -> Option<Option<Record>> {
        self.line.clear();
        match self.reader.read_until(b'\n', &mut self.line) {
            Ok(0) => None,
            Ok(_) => Some(
                self.line
                    .ends_with(b"\n")
                    .then(|| Record::parse(&self.line))
                    .flatten(),
            ),
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }
}

fn make_report(
    path: &Path,
    settings: &Settings,
    since: Option<NaiveDate>,
) -> anyhow::Result<Report> {
    let mut lines = Lines {
        reader: open(path)?,
        line: Vec::new(),
        error: None,
    };
    let report = report(&mut lines, &settings.config.audit.alerts, since);
    match lines.error {
        Some(e) => Err(Fail::new(
            Code::Audit,
            format!("could not read the audit log `{}`: {e}", path.display()),
        )),
        None => Ok(report),
    }
}

fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

#[derive(Serialize)]
struct VerifyOut<'a> {
    log: String,
    ok: bool,
    #[serde(flatten)]
    verdict: &'a Verdict,
}

fn print_verdict(path: &Path, v: &Verdict, json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let log = shown(path);
    if json {
        let doc = VerifyOut {
            log,
            ok: v.is_intact(),
            verdict: v,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    match &v.first {
        None => {
            let records = v.lines - v.sealed.len() as u64;
            writeln!(out, "audit log `{log}`: intact, {records} records")?;
            writeln!(out, "head: {}", v.head)?;
        }
        Some(p) => {
            writeln!(out, "audit log `{log}`: BROKEN at line {}", p.line)?;
            writeln!(out, "why: {}", p.message)?;
            writeln!(
                out,
                "intact: lines 1 to {} of {}; bad lines: {}",
                v.intact, v.lines, v.problems
            )?;
        }
    }
    for line in &v.sealed {
        writeln!(out, "sealed: line {line} is a torn write (a writer stopped mid-line), sealed by the record after it, which names it and the line before it; the chain is checked across it")?;
    }
    match v.anchor.as_ref().and_then(|a| a.line) {
        Some(line) => writeln!(out, "anchor: found at line {line} ({} records after it)", v.lines - line)?,
        None if v.anchor.is_none() && v.is_intact() => writeln!(
            out,
            "note: records cut off the end leave the chain intact; keep `cuecard audit head` elsewhere and check with --expect-head"
        )?,
        None => {}
    }
    Ok(())
}

fn head(path: &Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Code> {
    let v = check(path, None)?;
    if let Some(p) = &v.first {
        writeln!(
            err,
            "cuecard: not anchoring a broken log `{}`: {}",
            shown(path),
            p.message
        )?;
        return Ok(Code::BadInput);
    }
    if json {
        let doc = serde_json::json!({"log": shown(path), "head": v.head, "records": v.lines});
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", v.head)?;
    }
    Ok(Code::Ok)
}

#[derive(Serialize)]
struct ReportOut<'a> {
    log: String,
    chain: &'a Verdict,
    #[serde(flatten)]
    report: &'a Report,
}

fn print_report(
    path: &Path,
    v: &Verdict,
    report: &Report,
    json: bool,
    width: u16,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if json {
        let doc = ReportOut {
            log: shown(path),
            chain: v,
            report,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    crate::audit::report_table::print(&shown(path), v, report, width, out)
}
