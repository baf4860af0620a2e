//! The briefing loop shared by `brief` and `explain`: load every input,
//! brief each customer, render, and release the output chunk by chunk, each
//! after its ledger (audit) record.
//!
//! Streams arrive as batches of raw lines, documents as batches of
//! customers already read, and both go through the [`Pool`]: parsing (of
//! lines), classification, planning, the audit hash, the choice of wording
//! (in turn, as it depends on the customers before, for cabin-wide
//! variety), filling in, rendering and counting all run on the `--jobs`
//! threads; only the writes run in input order on this thread, overlapped
//! with the workers' next batches. The threads start only once a run has
//! sent the pool [`WORTH_A_THREAD`] customers: until then, and for a
//! crew's whole manifest, everything runs on this thread.

mod held;
mod printer;
mod progress;
mod state;
mod wanted;

use std::io::Write;

use held::{Held, Writing};
use printer::Printer;
pub(crate) use printer::Printout;
use progress::Progress;
use state::{finish as end_run, RunState};
pub(crate) use wanted::Wanted;

use crate::briefer::{self, Briefed, Briefer, Occasion, PreparedCustomer};
use crate::error::{with_earned, Code, InputError};
use crate::input::{self, Batch, Event, Profile};
use crate::ledger::{record, Chunk, Ledger, Subject, Subjects, Tally, CHUNK};
use crate::model::CustomerBrief;
use crate::pool::{Pool, Stages, WORTH_A_THREAD};
use crate::render::RenderOne;
use crate::settings::Settings;
use crate::variation::Cabin;
use crate::vocab::InputFormat;

/// Loads every input, briefs each customer and renders it.
pub(crate) fn brief_inputs(
    settings: &Settings,
    inputs: &[String],
    wanted: Wanted,
    printout: Printout,
    ledger: &mut dyn Ledger,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Code> {
    let held = Held::default();
    let mut sink = held.clone();
    let printer = Printer::new(printout, settings, &mut sink)?;
    let stages = Workers {
        by: settings.briefer(),
        subjects: ledger.subjects(),
        render: printer.prerender(),
        wanted: wanted.clone(),
    };
    std::thread::scope(|scope| {
        let mut driver = Driver {
            settings,
            pool: Pool::new(
                scope,
                &stages,
                Cabin::default(),
                || settings.jobs.count(),
                WORTH_A_THREAD,
            ),
            read: Vec::new(),
            batch: Writing::default(),
            printer,
            wanted,
            run: RunState::new(),
            chunk: Chunk::default(),
            progress: Progress::new(settings.progress),
            held,
            ledger,
            out,
            err,
        };
        let reading = input::Reading {
            max_bytes: settings.config.limits.max_input_bytes,
            jobs: settings.jobs,
            map: settings.map.as_deref(),
            sheet: settings.sheet.as_deref(),
            stdin_table: settings.stdin_table.map(|f| match f {
                InputFormat::Csv => input::table::Source::Csv,
                InputFormat::Tsv => input::table::Source::Tsv,
            }),
        };
        for name in inputs {
            input::load(name, reading, &mut |event| driver.event(event))
                .map_err(|e| with_earned(e, driver.run.code()))?;
        }
        driver.end()
    })
}

/// A customer briefed, hashed for the audit and counted, not yet written:
/// rendered already for formats that print as they go.
struct FinishedCustomer {
    subject: Subject,
    tally: Tally,
    out: Output,
    /// Which `--ref` it has, if any.
    wanted: Option<usize>,
}

enum Output {
    /// Rendered into its batch's bytes, ending at this offset.
    Bytes(usize),
    Briefed(Briefed),
}

/// A finished batch: its customers and errors in order, and the bytes its
/// customers were rendered into, one after another. One buffer a batch,
/// made on a worker and handed on whole, rather than one per customer
/// freed by the thread that writes.
struct Rendered {
    items: Vec<Item<FinishedCustomer>>,
    bytes: Vec<u8>,
}

/// What the workers do with a batch of stream lines (see [`Pool`]).
struct Workers<'s> {
    by: Briefer<'s>,
    subjects: Subjects,
    render: Option<RenderOne<CustomerBrief>>,
    /// `--ref`: stream lines of other customers are dropped once parsed.
    wanted: Wanted,
}

/// A batch to prepare, and when and where its customers are served.
type Work = (Customers, Occasion);
type Item<T> = Result<T, InputError>;

/// Customers not parsed yet (with their input's name), or customers
/// already read from a document.
enum Customers {
    Unparsed(String, Batch),
    // Boxed as the loaders hand them over and as briefing keeps them.
    #[allow(clippy::vec_box)]
    Profiles(Vec<Box<Profile>>),
}

/// Customers of a document per batch sent to the pool.
const PROFILES: usize = 64;

impl<'s> Stages for Workers<'s> {
    type Work = Work;
    type Batch = Vec<Item<(Subject, PreparedCustomer<'s>)>>;
    type Finished = Rendered;
    type Turn = Cabin;

    fn prepare(&self, (batch, at): Work) -> Self::Batch {
        match batch {
            Customers::Unparsed(input, batch) => {
                let mut prepared = Vec::with_capacity(batch.len());
                batch.read(&input, &mut |parsed| {
                    if self.wanted.admits_item(&parsed) {
                        prepared.push(parsed.map(|p| self.prepare_one(p, at)));
                    }
                });
                prepared
            }
            Customers::Profiles(profiles) => profiles
                .into_iter()
                .map(|p| Ok(self.prepare_one(p, at)))
                .collect(),
        }
    }

    fn choose(&self, cabin: &mut Cabin, batch: &mut Self::Batch) {
        for (_, prepared) in batch.iter_mut().flatten() {
            briefer::choose(prepared, cabin);
        }
    }

    fn finish(&self, batch: Self::Batch) -> Rendered {
        let room = if self.render.is_some() {
            batch.len() * 640
        } else {
            0
        };
        let mut bytes = Vec::with_capacity(room);
        let items = batch
            .into_iter()
            .map(|c| c.map(|c| self.finish_one(c, &mut bytes)))
            .collect();
        Rendered { items, bytes }
    }
}

impl<'s> Workers<'s> {
    /// Hashes the id for the audit and prepares the customer's cues.
    fn prepare_one(&self, profile: Box<Profile>, at: Occasion) -> (Subject, PreparedCustomer<'s>) {
        let subject = (self.subjects)(&profile.id);
        (subject, briefer::prepare(profile, self.by, at))
    }

    /// Fills in a customer's chosen wording and counts it for the audit;
    /// renders it too, when the format prints as it goes, so the profile
    /// and briefing are freed on a worker (where they were made, unless
    /// their batch was parked), not on the thread that writes in order.
    fn finish_one(
        &self,
        (subject, chosen): (Subject, PreparedCustomer<'_>),
        bytes: &mut Vec<u8>,
    ) -> FinishedCustomer {
        let wanted = self.wanted.which(chosen.profile.reference.as_deref());
        let (profile, briefed) = briefer::complete(chosen);
        let tally = tally(&profile, &briefed);
        let out = match self.render {
            Some(render) => {
                render(&briefed.row, bytes);
                Output::Bytes(bytes.len())
            }
            None => Output::Briefed(briefed),
        };
        FinishedCustomer {
            subject,
            tally,
            out,
            wanted,
        }
    }
}

struct Driver<'s, 'p, 'w> {
    settings: &'s Settings,
    pool: Pool<'p, Workers<'s>>,
    /// The finished batch being written.
    batch: Writing,
    /// Customers read from a document, not yet sent to the pool.
    #[allow(clippy::vec_box)]
    read: Vec<Box<Profile>>,
    printer: Printer<'w>,
    /// `--ref`, and which of its refs were found.
    wanted: Wanted,
    run: RunState,
    chunk: Chunk,
    progress: Progress,
    held: Held,
    ledger: &'w mut dyn Ledger,
    out: &'w mut dyn Write,
    err: &'w mut dyn Write,
}

impl Driver<'_, '_, '_> {
    fn event(&mut self, event: Event) -> anyhow::Result<()> {
        if let Event::Profile(profile) = event {
            if !self.wanted.admits(profile.reference.as_deref()) {
                return Ok(());
            }
            self.wanted.found(profile.reference.as_deref());
            self.read.push(profile);
            if self.read.len() >= PROFILES {
                self.send_read()?;
            }
            return Ok(());
        }
        self.send_read()?;
        if let Event::Batch { input, batch } = event {
            let at = self.run.occasion(self.settings);
            let customers = batch.len();
            self.pool
                .send((Customers::Unparsed(input, batch), at), customers);
            return self.keep_up();
        }
        // Anything else comes after the customers before it.
        self.drain()?;
        match event {
            Event::Begin { input, shift } => {
                self.chunk.begin(&input, shift.is_some());
                if let Some(h) = self.run.begin(self.settings, shift.as_ref()) {
                    self.printer.begin(&h)?;
                }
                Ok(())
            }
            Event::Error(e) if self.wanted.admits_error(&e) => {
                self.wanted.found(e.reference.as_deref());
                self.error(&e)
            }
            // Another customer's record (`--ref`), or handled above.
            Event::Error(_) | Event::Profile(_) | Event::Batch { .. } => Ok(()),
        }
    }

    /// Sends the customers read so far to be briefed.
    fn send_read(&mut self) -> anyhow::Result<()> {
        if self.read.is_empty() {
            return Ok(());
        }
        let at = self.run.occasion(self.settings);
        let profiles = std::mem::take(&mut self.read);
        let customers = profiles.len();
        self.pool
            .send((Customers::Profiles(profiles), at), customers);
        self.keep_up()
    }

    /// Takes every result that is ready, and waits while as many batches
    /// are in flight as should be (so memory stays flat).
    fn keep_up(&mut self) -> anyhow::Result<()> {
        while self.pool.full() {
            self.step(true)?;
        }
        while self.step(false)? {}
        Ok(())
    }

    /// Takes every batch still in flight.
    fn drain(&mut self) -> anyhow::Result<()> {
        while !self.pool.idle() {
            self.step(true)?;
        }
        Ok(())
    }

    /// Writes the next finished batch in order, if there is one (waiting
    /// for it with `wait`).
    fn step(&mut self, wait: bool) -> anyhow::Result<bool> {
        let Some(Rendered { items, bytes }) = self.pool.next(wait) else {
            return Ok(false);
        };
        self.batch = Writing::new(bytes);
        for item in items {
            match item {
                Ok(finished) => self.customer(finished)?,
                Err(e) => {
                    self.wanted.found(e.reference.as_deref());
                    // After the customers before it.
                    self.batch.hold_to_end(&self.held);
                    self.error(&e)?;
                }
            }
        }
        self.batch.hold_rest(&self.held);
        Ok(true)
    }

    /// Counts, audits and writes one finished customer.
    fn customer(&mut self, finished: FinishedCustomer) -> anyhow::Result<()> {
        let FinishedCustomer {
            subject,
            tally,
            out,
            wanted,
        } = finished;
        self.wanted.found_at(wanted);
        self.run.summary.customers += 1;
        self.run.summary.cues += tally.cues;
        self.chunk.add(subject, &tally);
        match out {
            Output::Bytes(end) => self.batch.end = end,
            Output::Briefed(briefed) => self.printer.customer(briefed)?,
        }
        self.progress.tick();
        if self.chunk.subjects.len() >= CHUNK {
            self.batch.hold_to_end(&self.held);
            self.held.release(&mut self.chunk, self.ledger, self.out)?;
        }
        Ok(())
    }

    fn error(&mut self, e: &InputError) -> anyhow::Result<()> {
        let shown = self.run.error(e, self.err)?;
        self.chunk.errors += 1;
        self.printer.error(&shown)?;
        Ok(())
    }

    /// The end of the run: totals, the last record, the last output.
    ///
    /// Once the workers have started (a long run), the last record is
    /// written and synced on a thread of its own while the totals are
    /// drawn: for a long table the sync takes about a third as long as the
    /// drawing. In a shorter run the record follows the drawing on this
    /// thread. Nothing is printed until both are done.
    fn end(mut self) -> anyhow::Result<Code> {
        self.send_read()?;
        self.drain()?;
        for reference in self.wanted.missing() {
            let reference = crate::model::sanitize(reference);
            writeln!(
                self.err,
                "cuecard: --ref {reference}: no customer has this ref"
            )?;
            self.run.refs_missing = true;
        }
        self.progress.finish();
        let beside = self.pool.threaded();
        let Driver {
            settings,
            printer,
            mut run,
            chunk,
            held,
            ledger,
            out,
            ..
        } = self;
        // The renderer is dropped once it has drawn the totals.
        let draw = move || {
            let mut printer = printer;
            end_run(&mut printer, &mut run, settings)
        };
        let code = if beside && chunk.covers_anything() {
            std::thread::scope(|scope| {
                let recording = scope.spawn(|| record(&chunk, ledger));
                let code = draw();
                // A panic on the thread is a panic here too.
                recording
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
                code
            })?
        } else {
            let code = draw()?;
            record(&chunk, ledger)?;
            code
        };
        held.write_to(out).map_err(|e| with_earned(e, code))?;
        Ok(code)
    }
}

/// What one customer adds to the audit's count.
fn tally(profile: &Profile, briefed: &Briefed) -> Tally {
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
