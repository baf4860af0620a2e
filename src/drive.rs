//! The briefing loop shared by `brief` and `explain`: load every input,
//! brief each customer, render, and release the output chunk by chunk, each
//! after its ledger (audit) record.
//!
//! Streams arrive as batches of raw lines. Parsing, classification and
//! planning are pure, so a batch is shared between `--jobs` threads; only
//! the choice of wording (which depends on the customers before, for
//! cabin-wide variety) and rendering run in input order on this thread.

use std::io::Write;

use crate::app::{finish, make_renderer, Chunk, Held, Kind, Ledger, Run, CHUNK};
use crate::brief::{self, Briefed};
use crate::error::{Code, InputError};
use crate::input::{self, Event, Profile, RawLine};
use crate::progress::Progress;
use crate::render::Renderer;
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
    let mut driver = Driver {
        settings,
        render: make_renderer(kind, settings, &mut sink),
        run: Run::new(),
        chunk: Chunk::default(),
        progress: Progress::new(settings.progress),
        held,
        ledger,
        out,
        err,
    };
    for name in inputs {
        input::load(name, settings.config.limits.max_input_bytes, &mut |event| {
            driver.event(event)
        })?;
    }
    driver.end()
}

/// A customer briefed and hashed for the audit, not yet written.
type Finished = (Box<Profile>, String, Briefed);

struct Driver<'s, 'w> {
    settings: &'s Settings,
    render: Box<dyn Renderer + 'w>,
    run: Run,
    chunk: Chunk,
    progress: Progress,
    held: Held,
    ledger: &'w mut dyn Ledger,
    out: &'w mut dyn Write,
    err: &'w mut dyn Write,
}

impl Driver<'_, '_> {
    fn event(&mut self, event: Event) -> anyhow::Result<()> {
        match event {
            Event::Begin { input, shift } => {
                self.chunk.begin(&input, shift.is_some());
                if let Some(h) = self.run.begin(self.settings, shift.as_ref()) {
                    self.render.begin(&h)?;
                }
                Ok(())
            }
            Event::Profile(profile) => {
                let at = self.run.occasion(self.settings);
                let subject = self.ledger.subject(&profile.id);
                let prepared = brief::prepare(profile, self.settings.briefer(), at);
                let (profile, briefed) = brief::finish(prepared, &mut self.run.cabin);
                self.customer(&profile, subject, briefed, None)
            }
            Event::Lines { input, lines } => self.lines(&input, lines),
            Event::Error(e) => self.error(&e),
        }
    }

    /// A batch of stream lines: parsed, prepared and hashed for the audit
    /// on every core; worded in order (cabin-wide variety depends on the
    /// customers before); rendered on every core again; written in order.
    fn lines(&mut self, input: &str, lines: Vec<RawLine>) -> anyhow::Result<()> {
        let (by, jobs) = (self.settings.briefer(), self.settings.jobs);
        let at = self.run.occasion(self.settings);
        let ledger: &dyn Ledger = &*self.ledger;
        let prepared = parallel_map(jobs, lines, |line| {
            let parsed = input::parse_line(input, line.number, &line.bytes)?;
            Some(parsed.map(|p| (ledger.subject(&p.id), brief::prepare(p, by, at))))
        });
        let finished: Vec<Result<Finished, InputError>> = prepared
            .into_iter()
            .flatten()
            .map(|r| {
                r.map(|(subject, p)| {
                    let (profile, briefed) = brief::finish(p, &mut self.run.cabin);
                    (profile, subject, briefed)
                })
            })
            .collect();
        let rendered: Vec<Option<Vec<u8>>> = match self.render.prerender() {
            Some(render) => parallel_map(jobs, finished.iter().collect(), |f| {
                f.as_ref().ok().map(|(_, _, briefed)| render(briefed))
            }),
            None => finished.iter().map(|_| None).collect(),
        };
        for (item, bytes) in finished.into_iter().zip(rendered) {
            match item {
                Ok((profile, subject, briefed)) => {
                    self.customer(&profile, subject, briefed, bytes)?
                }
                Err(e) => self.error(&e)?,
            }
        }
        Ok(())
    }

    /// Counts, audits and writes one briefed customer (`bytes`: already
    /// rendered on a worker thread).
    fn customer(
        &mut self,
        profile: &Profile,
        subject: String,
        briefed: Briefed,
        bytes: Option<Vec<u8>>,
    ) -> anyhow::Result<()> {
        self.run.summary.customers += 1;
        self.run.summary.cues += briefed.row.cues.len();
        self.chunk.add(profile, subject, &briefed);
        match bytes {
            Some(bytes) => self.render.rendered(&bytes)?,
            None => self.render.customer(briefed)?,
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
        self.progress.finish();
        let code = finish(self.render.as_mut(), &mut self.run, self.settings)?;
        drop(self.render);
        self.held.release(&mut self.chunk, self.ledger, self.out)?;
        Ok(code)
    }
}

/// Maps `items` on up to `jobs` threads, keeping their order. Small batches
/// and `--jobs 1` stay on this thread.
fn parallel_map<T: Send, R: Send>(jobs: usize, items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    if jobs <= 1 || items.len() < 64 {
        return items.into_iter().map(f).collect();
    }
    let per = items.len().div_ceil(jobs);
    let mut parts: Vec<Vec<T>> = Vec::with_capacity(jobs);
    let mut rest = items;
    while rest.len() > per {
        let tail = rest.split_off(per);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        for jobs in [1, 2, 3, 8] {
            let out = parallel_map(jobs, items.clone(), |x| x * 2);
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }
}
