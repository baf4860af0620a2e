//! The briefing loop shared by `brief` and `explain`: load every input,
//! brief each customer, render, and release the output chunk by chunk, each
//! after its ledger (audit) record.
//!
//! Streams arrive as batches of raw lines, documents as batches of
//! customers already read, and both go through the [`Pool`]: parsing (of
//! lines), classification, planning and the audit hash run on the
//! `--jobs` threads, and so do filling in, rendering and counting; only the
//! choice of wording (which depends on the customers before, for
//! cabin-wide variety) and the writes run in input order on this thread,
//! overlapped with the workers' next batches.

use std::io::Write;

use crate::app::{
    finish as end_run, make_renderer, Chunk, Held, Kind, Ledger, Run, Subject, Subjects, Tally,
    CHUNK,
};
use crate::brief::{self, Briefed, Briefer, Occasion, Prepared};
use crate::error::{Code, InputError};
use crate::input::{self, Batch, Event, Profile};
use crate::pipeline::{Done, Pool, Stages};
use crate::progress::Progress;
use crate::render::{Render, Renderer};
use crate::settings::Settings;

/// Loads every input, briefs each customer and renders it.
pub fn brief_inputs(
    settings: &Settings,
    inputs: &[String],
    kind: Kind,
    ledger: &mut dyn Ledger,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Code> {
    let held = Held::default();
    let mut sink = held.clone();
    let render = make_renderer(kind, settings, &mut sink);
    let stages = Briefing {
        by: settings.briefer(),
        subjects: ledger.subjects(),
        render: render.prerender(),
    };
    std::thread::scope(|scope| {
        let mut driver = Driver {
            settings,
            pool: Pool::new(scope, &stages, settings.jobs),
            read: Vec::new(),
            render,
            run: Run::new(),
            chunk: Chunk::default(),
            progress: Progress::new(settings.progress),
            held,
            ledger,
            out,
            err,
        };
        let reading = input::Reading {
            max_bytes: settings.config.limits.max_input_bytes,
            threads: settings.jobs,
        };
        for name in inputs {
            input::load(name, reading, &mut |event| driver.event(event))?;
        }
        driver.end()
    })
}

/// A customer briefed, hashed for the audit and counted, not yet written:
/// rendered already (`bytes`) for formats that print as they go.
struct Finished {
    subject: Subject,
    tally: Tally,
    out: Output,
}

enum Output {
    Bytes(Vec<u8>),
    Briefed(Briefed),
}

/// What the workers do with a batch of stream lines (see [`Pool`]).
struct Briefing<'s> {
    by: Briefer<'s>,
    subjects: Subjects,
    render: Option<Render>,
}

/// A batch to prepare, and when and where its customers are served.
type Work = (Customers, Occasion);
type Item<T> = Result<T, InputError>;

/// Stream lines not parsed yet (with their input's name), or customers
/// already read from a document.
enum Customers {
    Lines(String, Batch),
    // Boxed as the loaders hand them over and as briefing keeps them.
    #[allow(clippy::vec_box)]
    Profiles(Vec<Box<Profile>>),
}

/// Customers of a document per batch sent to the pool.
const PROFILES: usize = 64;

impl<'s> Stages for Briefing<'s> {
    type Raw = Work;
    type Prepared = Item<(Subject, Prepared<'s>)>;
    type Chosen = Item<(Subject, Prepared<'s>)>;
    type Finished = Item<Finished>;

    fn prepare(&self, (batch, at): Work) -> Vec<Self::Prepared> {
        match batch {
            Customers::Lines(input, lines) => lines
                .lines()
                .filter_map(|line| input::parse_line(&input, line.number, line.bytes))
                .map(|parsed| parsed.map(|p| self.prepare_one(p, at)))
                .collect(),
            Customers::Profiles(profiles) => profiles
                .into_iter()
                .map(|p| Ok(self.prepare_one(p, at)))
                .collect(),
        }
    }

    fn finish(&self, chosen: Vec<Self::Chosen>) -> Vec<Self::Finished> {
        chosen
            .into_iter()
            .map(|c| c.map(|c| finish(c, self.render)))
            .collect()
    }
}

impl<'s> Briefing<'s> {
    /// Hashes the id for the audit and prepares the customer's cues.
    fn prepare_one(&self, profile: Box<Profile>, at: Occasion) -> (Subject, Prepared<'s>) {
        let subject = (self.subjects)(&profile.id);
        (subject, brief::prepare(profile, self.by, at))
    }
}

struct Driver<'s, 'p, 'w> {
    settings: &'s Settings,
    pool: Pool<'p, Briefing<'s>>,
    /// Customers read from a document, not yet sent to the pool.
    #[allow(clippy::vec_box)]
    read: Vec<Box<Profile>>,
    render: Box<dyn Renderer + 'w>,
    run: Run,
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
            self.read.push(profile);
            if self.read.len() >= PROFILES {
                self.send_read()?;
            }
            return Ok(());
        }
        self.send_read()?;
        if let Event::Lines { input, lines } = event {
            let at = self.run.occasion(self.settings);
            self.pool.prepare((Customers::Lines(input, lines), at));
            return self.keep_up();
        }
        // Anything else comes after the customers before it.
        self.drain()?;
        match event {
            Event::Begin { input, shift } => {
                self.chunk.begin(&input, shift.is_some());
                if let Some(h) = self.run.begin(self.settings, shift.as_ref()) {
                    self.render.begin(&h)?;
                }
                Ok(())
            }
            Event::Error(e) => self.error(&e),
            Event::Profile(_) | Event::Lines { .. } => Ok(()),
        }
    }

    /// Sends the customers read so far to be briefed.
    fn send_read(&mut self) -> anyhow::Result<()> {
        if self.read.is_empty() {
            return Ok(());
        }
        let at = self.run.occasion(self.settings);
        let profiles = std::mem::take(&mut self.read);
        self.pool.prepare((Customers::Profiles(profiles), at));
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

    /// Takes the next result in order, if there is one (waiting for it
    /// with `wait`): a prepared batch has its wording chosen, in order, and
    /// goes back to be finished; a finished batch is written.
    fn step(&mut self, wait: bool) -> anyhow::Result<bool> {
        match self.pool.next(wait) {
            None => Ok(false),
            Some(Done::Prepared(n, mut items)) => {
                // In place: the batch stays in the memory its worker made.
                for (_, prepared) in items.iter_mut().flatten() {
                    brief::choose(prepared, &mut self.run.cabin);
                }
                self.pool.finish(n, items);
                Ok(true)
            }
            Some(Done::Finished(_, items)) => {
                for item in items {
                    match item {
                        Ok(finished) => self.customer(finished)?,
                        Err(e) => self.error(&e)?,
                    }
                }
                Ok(true)
            }
        }
    }

    /// Counts, audits and writes one finished customer.
    fn customer(&mut self, finished: Finished) -> anyhow::Result<()> {
        let Finished {
            subject,
            tally,
            out,
        } = finished;
        self.run.summary.customers += 1;
        self.run.summary.cues += tally.cues;
        self.chunk.add(subject, &tally);
        match out {
            Output::Bytes(bytes) => self.held.push(bytes),
            Output::Briefed(briefed) => self.render.customer(briefed)?,
        }
        self.progress.tick();
        if self.chunk.subjects.len() >= CHUNK {
            self.held.release(&mut self.chunk, self.ledger, self.out)?;
        }
        Ok(())
    }

    fn error(&mut self, e: &InputError) -> anyhow::Result<()> {
        let shown = self.run.error(e, self.err)?;
        self.chunk.errors += 1;
        self.render.error(&shown)?;
        Ok(())
    }

    /// The end of the run: totals, the last record, the last output.
    fn end(mut self) -> anyhow::Result<Code> {
        self.send_read()?;
        self.drain()?;
        self.progress.finish();
        let code = end_run(self.render.as_mut(), &mut self.run, self.settings)?;
        drop(self.render);
        self.held.release(&mut self.chunk, self.ledger, self.out)?;
        Ok(code)
    }
}

/// Fills in a customer's chosen wording and counts it for the audit; with
/// `render`, renders it too, so the profile and briefing are freed there,
/// on a worker thread, rather than on the one that writes in order.
fn finish((subject, chosen): (Subject, Prepared<'_>), render: Option<Render>) -> Finished {
    let (profile, briefed) = brief::complete(chosen);
    let tally = Tally::of(&profile, &briefed);
    let out = match render {
        Some(render) => Output::Bytes(render(&briefed)),
        None => Output::Briefed(briefed),
    };
    Finished {
        subject,
        tally,
        out,
    }
}
