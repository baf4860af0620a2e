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
//! overlapped with the workers' next batches. The threads start only once
//! a run has sent the pool [`WORTH_A_THREAD`] customers: until then, and
//! for a crew's whole manifest, everything runs on this thread.

use std::io::Write;

use crate::app::{
    finish as end_run, make_renderer, record, Chunk, Held, Kind, Ledger, Run, Subject, Subjects,
    Tally, CHUNK,
};
use crate::brief::{self, Briefed, Briefer, Occasion, Prepared};
use crate::error::{with_earned, Code, InputError};
use crate::input::{self, Batch, Event, Profile};
use crate::pipeline::{Done, Pool, Stages, WORTH_A_THREAD};
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
            pool: Pool::new(scope, &stages, || settings.jobs.count(), WORTH_A_THREAD),
            read: Vec::new(),
            batch: Writing::default(),
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
            jobs: settings.jobs,
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
struct Finished {
    subject: Subject,
    tally: Tally,
    out: Output,
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
    items: Vec<Item<Finished>>,
    bytes: Vec<u8>,
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
    type Finished = Rendered;

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

    fn finish(&self, chosen: Vec<Self::Chosen>) -> Vec<Rendered> {
        let room = if self.render.is_some() {
            chosen.len() * 640
        } else {
            0
        };
        let mut bytes = Vec::with_capacity(room);
        let items = chosen
            .into_iter()
            .map(|c| c.map(|c| finish(c, self.render, &mut bytes)))
            .collect();
        vec![Rendered { items, bytes }]
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
    /// The finished batch being written.
    batch: Writing,
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
            let customers = lines.line_count();
            self.pool
                .prepare((Customers::Lines(input, lines), at), customers);
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
        let customers = profiles.len();
        self.pool
            .prepare((Customers::Profiles(profiles), at), customers);
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
            Some(Done::Finished(_, batches)) => {
                for Rendered { items, bytes } in batches {
                    self.batch = Writing::new(bytes);
                    for item in items {
                        match item {
                            Ok(finished) => self.customer(finished)?,
                            Err(e) => {
                                // After the customers before it.
                                self.batch.hold_to_end(&self.held);
                                self.error(&e)?;
                            }
                        }
                    }
                    self.batch.hold_rest(&self.held);
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
            Output::Bytes(end) => self.batch.end = end,
            Output::Briefed(briefed) => self.render.customer(briefed)?,
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
        self.render.error(&shown)?;
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
        self.progress.finish();
        let beside = self.pool.threaded();
        let Driver {
            settings,
            render,
            mut run,
            chunk,
            held,
            ledger,
            out,
            ..
        } = self;
        // The renderer is dropped once it has drawn the totals.
        let draw = move || {
            let mut render = render;
            end_run(render.as_mut(), &mut run, settings)
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

/// Fills in a customer's chosen wording and counts it for the audit; with
/// `render`, renders it too, so the profile and briefing are freed there,
/// on a worker thread, rather than on the one that writes in order.
fn finish(
    (subject, chosen): (Subject, Prepared<'_>),
    render: Option<Render>,
    bytes: &mut Vec<u8>,
) -> Finished {
    let (profile, briefed) = brief::complete(chosen);
    let tally = Tally::of(&profile, &briefed);
    let out = match render {
        Some(render) => {
            render(&briefed, bytes);
            Output::Bytes(bytes.len())
        }
        None => Output::Briefed(briefed),
    };
    Finished {
        subject,
        tally,
        out,
    }
}

/// A finished batch's bytes as they are held for output: up to `held`
/// they are held already; up to `end`, customers counted since.
#[derive(Default)]
struct Writing {
    bytes: Vec<u8>,
    held: usize,
    end: usize,
}

impl Writing {
    fn new(bytes: Vec<u8>) -> Writing {
        Writing {
            bytes,
            held: 0,
            end: 0,
        }
    }

    /// Holds what the customers counted so far rendered (a copy: this
    /// happens at an audit chunk's end or before an error, rarely).
    fn hold_to_end(&mut self, held: &Held) {
        if self.end > self.held {
            held.push(self.bytes[self.held..self.end].to_vec());
            self.held = self.end;
        }
    }

    /// Holds the rest of the batch, whole when nothing was held from it.
    fn hold_rest(&mut self, held: &Held) {
        let bytes = std::mem::take(&mut self.bytes);
        if self.held == 0 && !bytes.is_empty() {
            held.push(bytes);
        } else if self.held < bytes.len() {
            held.push(bytes[self.held..].to_vec());
        }
        *self = Writing::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::NoLedger;

    fn release(held: &Held) -> Vec<u8> {
        let mut out = Vec::new();
        held.release(&mut Chunk::default(), &mut NoLedger, &mut out)
            .unwrap();
        out
    }

    /// A finished batch is cut where an audit chunk ends: what is released
    /// with the chunk is exactly the customers counted in it.
    #[test]
    fn a_chunk_releases_only_the_customers_counted_in_it() {
        let held = Held::default();
        let mut batch = Writing::new(b"aaabbbccc".to_vec());
        batch.end = 3;
        batch.hold_to_end(&held);
        assert_eq!(release(&held), b"aaa");
        batch.end = 6;
        batch.hold_to_end(&held);
        batch.end = 9;
        batch.hold_rest(&held);
        assert_eq!(release(&held), b"bbbccc");
        // A batch nothing was cut from is held whole, as it came.
        let mut whole = Writing::new(b"dd".to_vec());
        whole.end = 2;
        whole.hold_rest(&held);
        assert_eq!(release(&held), b"dd");
    }
}
