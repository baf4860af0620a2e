//! The worker pool that briefs streams on every core (`--jobs`).
//!
//! A batch of stream lines goes through two pure stages on the workers —
//! [`Stages::prepare`] (parse, classify, plan, hash the id for the audit)
//! and [`Stages::finish`] (fill in the wording, render, count) — with one
//! step between them that must run in input order on the calling thread:
//! choosing the wording, since cabin-wide variety depends on the customers
//! before. The pool only moves work and keeps results in order: batches are
//! numbered as they are sent, and each stage's results are handed back in
//! that order, so the calling thread can choose batch `n` while the workers
//! prepare `n + 1` and finish `n - 1`.
//!
//! Both stages of a batch run on the same worker (batch `n` on worker
//! `n % workers`): a batch's profiles and cues are made, read and freed
//! in one core's cache and by one allocator heap. Shared between the
//! workers, the same stream took 40% more CPU on two workers than on one.
//!
//! The calling thread is one of the workers: its batches run as they are
//! sent. With a thread for every core besides, the in-order thread made
//! one thread too many, and the switching between them cost more CPU than
//! the in-order work itself (about 8% of the wall time on two cores).
//!
//! With one job there are no threads: each stage runs as it is sent.
//!
//! [`split`] is the pool's small sibling, for work that is all at hand at
//! once (a manifest's sections, a table's pages): items mapped in order on
//! scoped threads, none kept after.

use std::collections::{BTreeMap, VecDeque};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread::Scope;

/// The two stages the workers run. `Send + Sync` because every worker
/// holds it; pure, so they can run in any order on any thread.
pub(crate) trait Stages: Send + Sync {
    type Raw: Send;
    type Prepared: Send;
    type Chosen: Send;
    type Finished: Send;

    fn prepare(&self, raw: Self::Raw) -> Vec<Self::Prepared>;
    fn finish(&self, chosen: Vec<Self::Chosen>) -> Vec<Self::Finished>;
}

/// `f` of every item, in order, worked out on up to `threads` threads (this
/// one among them), each given a run of at least `least` items: for work
/// that is all at hand at once, like a manifest's sections or a table's
/// pages. Below `least` items a thread costs more to start than it saves.
pub(crate) fn split<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    least: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, (items.len() / least.max(1)).max(1));
    let share = items.len().div_ceil(threads).max(1);
    let run = |part: &[T]| part.iter().map(&f).collect::<Vec<R>>();
    let mut parts = items.chunks(share);
    let mine = parts.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = parts.map(|part| scope.spawn(move || run(part))).collect();
        let mut all = run(mine);
        for other in others {
            // A panic on a thread is a panic here too.
            all.extend(
                other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        all
    })
}

enum Job<S: Stages> {
    Prepare(u64, S::Raw),
    Finish(u64, Vec<S::Chosen>),
}

/// A stage's results for one batch, by batch number.
pub(crate) enum Done<S: Stages> {
    Prepared(u64, Vec<S::Prepared>),
    Finished(u64, Vec<S::Finished>),
}

/// Sends work to the workers (or runs it here, with one job) and hands back
/// each stage's results in batch order.
pub(crate) struct Pool<'s, S: Stages> {
    stages: &'s S,
    /// Each worker's queue; none with one job.
    jobs: Vec<Sender<Job<S>>>,
    results: Option<Receiver<Done<S>>>,
    /// Results that arrived, or were made here, and not yet handed back.
    arrived: VecDeque<Done<S>>,
    sent: u64,
    next_prepared: u64,
    next_finished: u64,
    early_prepared: BTreeMap<u64, Vec<S::Prepared>>,
    early_finished: BTreeMap<u64, Vec<S::Finished>>,
    /// Batches in flight at most: enough to keep every worker busy while
    /// the calling thread chooses and writes, few enough that memory stays
    /// flat (two per worker, and two more).
    limit: u64,
}

impl<'s, S: Stages + 's> Pool<'s, S> {
    /// A pool of `workers` threads in `scope`, the calling thread one of
    /// them (so `workers - 1` are spawned; none for one job or fewer).
    pub(crate) fn new<'scope>(
        scope: &'scope Scope<'scope, '_>,
        stages: &'s S,
        workers: usize,
    ) -> Pool<'s, S>
    where
        's: 'scope,
    {
        let mut pool = Pool {
            stages,
            jobs: Vec::new(),
            results: None,
            arrived: VecDeque::new(),
            sent: 0,
            next_prepared: 0,
            next_finished: 0,
            early_prepared: BTreeMap::new(),
            early_finished: BTreeMap::new(),
            limit: workers as u64 * 2 + 2,
        };
        if workers <= 1 {
            return pool;
        }
        let (done_tx, done_rx) = channel::<Done<S>>();
        for _ in 1..workers {
            let (job_tx, job_rx) = channel::<Job<S>>();
            let done_tx = done_tx.clone();
            scope.spawn(move || work(stages, &job_rx, &done_tx));
            pool.jobs.push(job_tx);
        }
        pool.results = Some(done_rx);
        pool
    }

    /// Sends a new batch to be prepared; returns its number.
    pub(crate) fn prepare(&mut self, raw: S::Raw) -> u64 {
        let n = self.sent;
        self.sent += 1;
        self.send(Job::Prepare(n, raw));
        n
    }

    /// Sends batch `n`, its wording chosen, to be finished.
    pub(crate) fn finish(&mut self, n: u64, chosen: Vec<S::Chosen>) {
        self.send(Job::Finish(n, chosen));
    }

    /// Whether every batch sent has been handed back finished.
    pub(crate) fn idle(&self) -> bool {
        self.next_finished == self.sent
    }

    /// Whether as many batches are in flight as should be.
    pub(crate) fn full(&self) -> bool {
        self.sent - self.next_finished >= self.limit
    }

    /// The next result in batch order: waits for one when `wait`, else
    /// only takes what has arrived. Prepared batches come back in order,
    /// and so do finished ones.
    pub(crate) fn next(&mut self, wait: bool) -> Option<Done<S>> {
        loop {
            if let Some(items) = self.early_prepared.remove(&self.next_prepared) {
                self.next_prepared += 1;
                return Some(Done::Prepared(self.next_prepared - 1, items));
            }
            if let Some(items) = self.early_finished.remove(&self.next_finished) {
                self.next_finished += 1;
                return Some(Done::Finished(self.next_finished - 1, items));
            }
            let done = match self.arrived.pop_front() {
                Some(done) => done,
                None => {
                    let results = self.results.as_ref()?;
                    let received = if wait && !self.idle() {
                        results.recv().ok()
                    } else {
                        results.try_recv().ok()
                    };
                    received?
                }
            };
            match done {
                Done::Prepared(n, items) => {
                    self.early_prepared.insert(n, items);
                }
                Done::Finished(n, items) => {
                    self.early_finished.insert(n, items);
                }
            }
        }
    }

    fn send(&mut self, job: Job<S>) {
        let n = match &job {
            Job::Prepare(n, _) | Job::Finish(n, _) => *n,
        };
        // Batch `n` is the calling thread's when `n % workers` is 0, else
        // it is spawned worker `n % workers - 1`'s.
        let workers = self.jobs.len() as u64 + 1;
        if n % workers != 0 {
            let worker = usize::try_from(n % workers - 1).unwrap_or(0);
            // The workers live as long as the pool; a send fails only if
            // one panicked, and a panic ends the process (see main).
            let _ = self.jobs[worker].send(job);
            return;
        }
        let done = run(self.stages, job);
        self.arrived.push_back(done);
    }
}

fn run<S: Stages>(stages: &S, job: Job<S>) -> Done<S> {
    match job {
        Job::Prepare(n, raw) => Done::Prepared(n, stages.prepare(raw)),
        Job::Finish(n, chosen) => Done::Finished(n, stages.finish(chosen)),
    }
}

/// A worker: runs jobs until the pool is dropped.
fn work<S: Stages>(stages: &S, jobs: &Receiver<Job<S>>, done: &Sender<Done<S>>) {
    for job in jobs {
        if done.send(run(stages, job)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles, then adds one; batches of numbers.
    struct Arith;

    impl Stages for Arith {
        type Raw = Vec<u64>;
        type Prepared = u64;
        type Chosen = u64;
        type Finished = u64;

        fn prepare(&self, raw: Vec<u64>) -> Vec<u64> {
            raw.into_iter().map(|x| x * 2).collect()
        }

        fn finish(&self, chosen: Vec<u64>) -> Vec<u64> {
            chosen.into_iter().map(|x| x + 1).collect()
        }
    }

    fn through(workers: usize) -> (Vec<u64>, Vec<u64>) {
        std::thread::scope(|scope| {
            let mut pool = Pool::new(scope, &Arith, workers);
            let (mut chosen_order, mut out) = (Vec::new(), Vec::new());
            let mut handle = |pool: &mut Pool<'_, Arith>, done: Done<Arith>| match done {
                Done::Prepared(n, items) => {
                    chosen_order.push(n);
                    pool.finish(n, items);
                }
                Done::Finished(_, items) => out.extend(items),
            };
            for batch in 0..50u64 {
                pool.prepare((batch * 10..batch * 10 + 10).collect());
                while pool.full() {
                    let done = pool.next(true).expect("in flight");
                    handle(&mut pool, done);
                }
                while let Some(done) = pool.next(false) {
                    handle(&mut pool, done);
                }
            }
            while !pool.idle() {
                let done = pool.next(true).expect("in flight");
                handle(&mut pool, done);
            }
            (chosen_order, out)
        })
    }

    #[test]
    fn split_keeps_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..103).collect();
        let squares: Vec<u64> = items.iter().map(|i| i * i).collect();
        for (threads, least) in [(1, 1), (2, 1), (3, 10), (8, 4), (8, 200), (0, 0)] {
            assert_eq!(
                split(&items, threads, least, |i| i * i),
                squares,
                "{threads}/{least}"
            );
        }
        assert!(split(&[] as &[u64], 4, 1, |i| *i).is_empty());
    }

    #[test]
    fn split_gives_each_thread_at_least_its_least() {
        for (len, threads, least) in [
            (9, 8, 4),
            (5, 2, 4),
            (65, 2, 64),
            (128, 2, 64),
            (450, 2, 64),
        ] {
            let items: Vec<usize> = (0..len).collect();
            let ids = split(&items, threads, least, |_| std::thread::current().id());
            let mut runs: Vec<usize> = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                if i == 0 || ids[i - 1] != *id {
                    runs.push(0);
                }
                *runs.last_mut().unwrap() += 1;
            }
            assert!(runs.len() <= threads, "{len}/{threads}/{least}: {runs:?}");
            assert!(
                runs.iter().all(|&r| r >= least) || runs.len() == 1,
                "{len}/{least}: {runs:?}"
            );
        }
        let items: Vec<usize> = (0..128).collect();
        let ids = split(&items, 2, 64, |_| std::thread::current().id());
        assert!(ids[0] != ids[127], "128 items, 64 a thread: two threads");
    }

    #[test]
    fn every_stage_comes_back_in_batch_order() {
        let expected: Vec<u64> = (0..500).map(|x| x * 2 + 1).collect();
        for workers in [1, 2, 3, 8] {
            let (chosen, out) = through(workers);
            assert_eq!(chosen, (0..50).collect::<Vec<_>>(), "{workers} workers");
            assert_eq!(out, expected, "{workers} workers");
        }
    }
}
