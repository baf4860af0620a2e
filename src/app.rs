//! Running a command: settings are resolved once, inputs are loaded and
//! briefed record by record, and the chosen renderer writes to the given
//! streams. Nothing here prints directly; `main` hands in stdout and stderr.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::Arc;

use crate::brief::{Briefed, Occasion};
use crate::briefing::{ErrorOut, Header, PurposeOut, SafeText, ShiftOut, Summary};
use crate::cli::{Cli, Command};
use crate::error::{Code, Fail, InputError};
use crate::input::{Profile, Shift};
use crate::render::{renderer, Renderer, TableStyle};
use crate::settings::{Env, Settings};
use crate::variation::Cabin;

/// Runs the parsed command line; returns the exit code for a run that
/// completed (possibly with bad records), or an error for one that did not.
pub fn run(cli: &Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Code> {
    match &cli.command {
        Command::Brief(inputs) | Command::Explain(inputs) => {
            let settings = Settings::resolve(&cli.common, env)?;
            let inputs = inputs_or_stdin(&inputs.inputs, env)?;
            let kind = match cli.command {
                Command::Explain(_) => Kind::Explain,
                _ => Kind::Brief,
            };
            let mut ledger = ledger_for(&settings, env, kind)?;
            crate::drive::brief_inputs(&settings, &inputs, kind, ledger.as_mut(), out, err)
        }
        Command::Audit(args) => crate::audit::command(args, &cli.common, env, out, err),
        Command::Check { config } => crate::check::check(config.as_deref(), &cli.common, env, out),
        Command::Completions { shell } => crate::shell::completions(*shell, out).map(|()| Code::Ok),
        Command::Man => crate::shell::man(out).map(|()| Code::Ok),
        Command::Sample(args) => {
            let spec = crate::settings::sample_spec(&cli.common, args, env)?;
            crate::sample::write(&spec, out).map(|()| Code::Ok)
        }
        Command::Schema { kind } => crate::schema::write(*kind, out).map(|()| Code::Ok),
    }
}

/// The audit log when the config enables it (the default), else nothing.
fn ledger_for(settings: &Settings, env: &Env, kind: Kind) -> anyhow::Result<Box<dyn Ledger>> {
    if !settings.config.audit.enabled {
        return Ok(Box::new(NoLedger));
    }
    let command = match kind {
        Kind::Brief => "brief",
        Kind::Explain => "explain",
    };
    Ok(Box::new(crate::audit::AuditLog::open(
        settings, env, command,
    )?))
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

/// The header for a briefing, from the first input's shift (if any).
pub fn header(settings: &Settings, shift: Option<&Shift>) -> Header {
    let today = settings.today_for(shift.and_then(|s| s.date).map(|d| d.0));
    Header {
        shift: ShiftOut {
            title: shift.and_then(|s| s.title.as_deref()).map(SafeText::new),
            date: today.format("%Y-%m-%d").to_string(),
            setting: settings.setting_for(shift.and_then(|s| s.setting)),
        },
        familiarity: settings.tone.familiarity,
        style: settings.tone.style,
        purpose: PurposeOut::from(&settings.config.purpose),
    }
}

/// Tracks a run's progress: the header, the current input's occasion and
/// the totals that decide the exit code.
pub struct Run {
    pub begun: bool,
    pub occasion: Option<Occasion>,
    pub summary: Summary,
    pub unreadable: bool,
    /// Phrase variety across the whole briefing.
    pub cabin: Cabin,
}

impl Default for Run {
    fn default() -> Self {
        Run::new()
    }
}

impl Run {
    pub fn new() -> Run {
        Run {
            begun: false,
            occasion: None,
            summary: Summary::default(),
            unreadable: false,
            cabin: Cabin::default(),
        }
    }

    /// A new input starts: sets the occasion, and the header once.
    pub fn begin(&mut self, settings: &Settings, shift: Option<&Shift>) -> Option<Header> {
        let header = header(settings, shift);
        self.occasion = Some(Occasion {
            setting: settings.setting_for(shift.and_then(|s| s.setting)),
            today: settings.today_for(shift.and_then(|s| s.date).map(|d| d.0)),
        });
        if self.begun {
            return None;
        }
        self.begun = true;
        Some(header)
    }

    pub fn occasion(&self, settings: &Settings) -> Occasion {
        self.occasion.unwrap_or(Occasion {
            setting: settings.setting_for(None),
            today: settings.today_for(None),
        })
    }

    /// Reports a bad input on stderr and counts it.
    pub fn error(&mut self, error: &InputError, err: &mut dyn Write) -> anyhow::Result<ErrorOut> {
        let shown = ErrorOut::from(error);
        writeln!(err, "cuecard: {shown}")?;
        self.summary.errors += 1;
        self.unreadable |= error.unreadable;
        Ok(shown)
    }

    pub fn code(&self) -> Code {
        if self.unreadable {
            Code::NotFound
        } else if self.summary.errors > 0 {
            Code::BadInput
        } else {
            Code::Ok
        }
    }
}

/// Customers per audit record when a run streams (spec §7): a record stays
/// bounded and nothing reaches stdout before the record that covers it.
pub const CHUNK: usize = 10_000;

/// Where a run's accountability goes: one record per chunk of customers,
/// written before that chunk's output is released.
pub trait Ledger: Send + Sync {
    fn record(&mut self, chunk: &Chunk) -> anyhow::Result<()>;

    /// How a customer id is kept in a chunk: the audit log's keyed hash.
    /// Pure, so it is worked out on the `--jobs` threads.
    fn subjects(&self) -> Subjects {
        Arc::new(|_| Subject::default())
    }
}

/// Turns a customer id into what a [`Chunk`] keeps of it.
pub type Subjects = Arc<dyn Fn(&str) -> Subject + Send + Sync>;

/// A customer as an audit record knows them: the first 64 bits of the
/// keyed hash of their id, written as 16 hex digits. Kept as a number on
/// the way, so a chunk of 10,000 is sorted and counted without strings.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Subject(pub u64);

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// A ledger that keeps nothing (audit disabled in the config).
pub struct NoLedger;

impl Ledger for NoLedger {
    fn record(&mut self, _chunk: &Chunk) -> anyhow::Result<()> {
        Ok(())
    }
}

/// What one audit record covers. Customer ids stay in memory only; a
/// ledger stores them as keyed hashes.
#[derive(Default, Debug)]
pub struct Chunk {
    pub subjects: Vec<Subject>,
    pub cues: usize,
    pub withheld: std::collections::BTreeMap<&'static str, usize>,
    pub errors: usize,
    pub all_synthetic: bool,
    /// The inputs this chunk covers, named as given (`<stdin>` for `-`).
    pub inputs: Vec<String>,
    /// Whether every customer in it came from a manifest (a shift).
    pub all_manifest: bool,
    /// Whether the input being read is a manifest.
    in_manifest: bool,
}

impl Chunk {
    /// Whether there is anything for a record to cover.
    pub(crate) fn covers_anything(&self) -> bool {
        !self.subjects.is_empty() || self.errors > 0
    }

    /// A new input starts; inputs that gave this chunk nothing so far
    /// (one carried over from the last chunk, an empty file) are dropped.
    pub(crate) fn begin(&mut self, input: &str, manifest: bool) {
        if self.subjects.is_empty() && self.errors == 0 {
            self.inputs.clear();
        }
        self.inputs.push(input.to_string());
        self.in_manifest = manifest;
    }

    /// The next chunk: the same input goes on.
    fn next(&self) -> Chunk {
        Chunk {
            inputs: self.inputs.last().cloned().into_iter().collect(),
            in_manifest: self.in_manifest,
            ..Chunk::default()
        }
    }

    /// One more customer, by its `subject` (see [`Ledger::subject`]).
    pub(crate) fn add(&mut self, subject: Subject, tally: &Tally) {
        if self.subjects.is_empty() {
            self.all_synthetic = true;
            self.all_manifest = true;
        }
        self.all_synthetic &= tally.synthetic;
        self.all_manifest &= self.in_manifest;
        self.subjects.push(subject);
        self.cues += tally.cues;
        for &(kind, n) in &tally.withheld {
            *self.withheld.entry(kind).or_default() += n;
        }
    }
}

/// What one customer adds to a [`Chunk`], counted on the thread that
/// briefed them.
pub(crate) struct Tally {
    pub synthetic: bool,
    pub cues: usize,
    /// Withheld fields by reason, each reason once.
    pub withheld: Vec<(&'static str, usize)>,
}

impl Tally {
    pub(crate) fn of(profile: &Profile, briefed: &Briefed) -> Tally {
        let mut withheld: Vec<(&'static str, usize)> = Vec::new();
        for w in &briefed.withheld {
            let kind = w.reason.kind();
            match withheld.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => withheld.push((kind, 1)),
            }
        }
        Tally {
            synthetic: profile.synthetic,
            cues: briefed.row.cues.len(),
            withheld,
        }
    }
}

/// Output held back until the ledger has recorded what it covers: the
/// renderer's writes, and customers rendered on the `--jobs` threads, kept
/// as the buffers they were rendered into rather than copied again.
#[derive(Clone, Default)]
pub(crate) struct Held(Rc<RefCell<Vec<Vec<u8>>>>);

impl Write for Held {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Small writes gather into parts of a few KiB; a large one (a
        // table's page) is a part of its own. Gathered into one growing
        // part, a table was copied again each time that part grew.
        const PART: usize = 1 << 12;
        let mut parts = self.0.borrow_mut();
        match parts.last_mut() {
            Some(last) if last.len() < PART && buf.len() < PART => last.extend_from_slice(buf),
            _ => parts.push(buf.to_vec()),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Held {
    /// Holds an already rendered piece, in order after what came before.
    pub(crate) fn push(&self, bytes: Vec<u8>) {
        self.0.borrow_mut().push(bytes);
    }

    /// Records `chunk`, then releases the held output to `out`.
    pub(crate) fn release(
        &self,
        chunk: &mut Chunk,
        ledger: &mut dyn Ledger,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        record(chunk, ledger)?;
        *chunk = chunk.next();
        self.write_to(out)
    }

    /// Releases the held output to `out`; its record must be written.
    pub(crate) fn write_to(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let parts = std::mem::take(&mut *self.0.borrow_mut());
        write_parts(out, &parts)?;
        Ok(())
    }
}

/// Writes the record of `chunk`, unless it covers nothing.
pub(crate) fn record(chunk: &Chunk, ledger: &mut dyn Ledger) -> anyhow::Result<()> {
    if chunk.covers_anything() {
        ledger.record(chunk)?;
    }
    Ok(())
}

/// Writes every part in order, many per system call (`writev`), instead of
/// copying each into the output buffer first: on a stream this runs on the
/// thread that keeps input order, and the copy was its largest cost.
fn write_parts(out: &mut dyn Write, parts: &[Vec<u8>]) -> io::Result<()> {
    // Well under the usual IOV_MAX of 1024.
    for group in parts.chunks(512) {
        let mut slices: Vec<io::IoSlice<'_>> = group.iter().map(|p| io::IoSlice::new(p)).collect();
        let mut rest = &mut slices[..];
        // Drops leading empty parts, so that `Ok(0)` below can only mean
        // the writer took nothing.
        io::IoSlice::advance_slices(&mut rest, 0);
        while !rest.is_empty() {
            match out.write_vectored(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => io::IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// Which command's output a run renders.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Brief,
    Explain,
}

/// The renderer for a run, writing into `w`.
pub(crate) fn make_renderer<'w>(
    kind: Kind,
    settings: &Settings,
    w: &'w mut dyn Write,
) -> Box<dyn Renderer + 'w> {
    let style = TableStyle {
        width: settings.width,
        color: settings.color,
        jobs: settings.jobs,
    };
    match kind {
        Kind::Explain => crate::explain::renderer(settings.format, w, style),
        Kind::Brief => renderer(settings.format, w, style),
    }
}

/// Ends a run: makes sure a header was written, then the totals.
pub(crate) fn finish(
    render: &mut dyn Renderer,
    run: &mut Run,
    settings: &Settings,
) -> anyhow::Result<Code> {
    if let Some(h) = run.begin(settings, None) {
        render.begin(&h)?;
    }
    render.finish(&run.summary)?;
    Ok(run.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_writes_keep_their_order_and_a_large_one_is_a_part_of_its_own() {
        let mut held = Held::default();
        let page = vec![b'p'; 5000];
        for piece in [&b"a"[..], b"b", &page, b"c"] {
            held.write_all(piece).unwrap();
        }
        let parts = held.0.borrow();
        let lens: Vec<usize> = parts.iter().map(Vec::len).collect();
        assert_eq!(lens, [2, 5000, 1]);
        assert_eq!(parts.concat(), [&b"ab"[..], &page, b"c"].concat());
    }
}
