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
//! Both stages of a batch run on the same thread: a batch's profiles and
//! cues are made, read and freed in one core's cache and by one allocator
//! heap. Shared between the workers, the same stream took 40% more CPU on
//! two workers than on one. Batches to prepare wait in one queue for
//! whichever thread is free first; a prepared batch goes back, once its
//! wording is chosen, to the thread that prepared it.
//!
//! The calling thread is one of the workers, but it reads, chooses and
//! writes first: it prepares a batch only when it would otherwise wait for
//! one. With a thread for every core besides, the in-order thread made one
//! thread too many, and the switching between them cost more CPU than the
//! in-order work itself (about 8% of the wall time on two cores). Batches
//! once went to the threads in turn, the calling thread taking its share
//! as it sent them: that left a worker idle while the calling thread read,
//! and when another process held a core, `--jobs 2` was slower than
//! `--jobs 1` as the calling thread waited on a worker that could not run.
//!
//! With one job there are no threads: each stage runs as it is sent. Nor
//! are there any until a run has sent [`WORTH_A_THREAD`] customers, so a
//! crew's manifest is briefed on the calling thread alone.
//!
//! [`split`] is the pool's small sibling, for work that is all at hand at
//! once (a manifest's sections, a table's pages): items mapped in order on
//! scoped threads, none kept after, each given at least `WORTH_A_THREAD`.

use std::collections::{BTreeMap, VecDeque};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::Scope;

/// The two stages the workers run. `Send + Sync` because every worker
/// holds it; pure, so they can run in any order on any thread.
/// Threads for briefing: `--jobs`, else the number of cores, which is only
/// looked up when a run has work enough for threads. The lookup reads the
/// cgroup's CPU quota and took 40–90 µs, a noticeable part of a crew's run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Jobs(Option<usize>);

impl Jobs {
    /// `n` threads (at least one).
    pub(crate) fn given(n: usize) -> Jobs {
        Jobs(Some(n.max(1)))
    }

    /// As many threads as there are cores.
    pub(crate) fn cores() -> Jobs {
        Jobs(None)
    }

    /// How many: the number given, else the cores this process may use.
    pub(crate) fn count(self) -> usize {
        self.0
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
    }
}

pub(crate) trait Stages: Send + Sync {
    type Work: Send;
    type Prepared: Send;
    type Chosen: Send;
    type Finished: Send;

    fn prepare(&self, raw: Self::Work) -> Vec<Self::Prepared>;
    fn finish(&self, chosen: Vec<Self::Chosen>) -> Vec<Self::Finished>;
}

/// `f` of every item, in order, worked out on up to `threads()` threads
/// (this one among them), each given a run of at least `least` items: for
/// work that is all at hand at once, like a manifest's sections or a
/// table's pages. Below `least` items a thread costs more to start than it
/// saves; `threads` is only asked when there are enough items for two.
pub(crate) fn split<T: Sync, R: Send>(
    items: &[T],
    threads: impl FnOnce() -> usize,
    least: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let least = least.max(1);
    if items.len() < 2 * least {
        return items.iter().map(f).collect();
    }
    let threads = threads().clamp(1, items.len() / least);
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
    Prepare(u64, S::Work),
    Finish(u64, Vec<S::Chosen>),
}

/// A stage's results for one batch, by batch number.
pub(crate) enum Done<S: Stages> {
    Prepared(u64, Vec<S::Prepared>),
    Finished(u64, Vec<S::Finished>),
}

/// Customers a run briefs before it starts threads. The pool starts its
/// `--jobs` workers once this many customers have been sent to it, and a
/// manifest's sections or a table's pages are split between threads only
/// in runs of at least this many.
///
/// Threads cost more than they save in a short run. Starting one took
/// about 50 µs and joining it 100–180 µs, and handing work to it cost about
/// as much again. The 2-core VM these figures come from also packs woken
/// threads onto the waker's core (`sched_vcpu_pack` on its kernel command
/// line): a woken helper ran on the busy caller's core 85% of the time.
/// With threads from the start, `--jobs 2` made a 450-customer manifest
/// slower, not faster: 7.9 ms against 6.9 ms at `--jobs 1` (medians of 300
/// interleaved runs). With this threshold, threads still cost 7% at 2,500
/// customers (22.0 against 20.6 ms), break even at 5,000, and save 7% on a
/// 10,000-customer manifest and 13% on a 10,000-line stream. It is set at
/// the low end of that range because a stream cannot know how long it will
/// be: a long stream's first 2,000 lines on one thread cost it under 1%.
pub const WORTH_A_THREAD: usize = 2_000;

/// Sends work to the workers (or runs it here, with one job or before they
/// start) and hands back each stage's results in batch order.
pub(crate) struct Pool<'scope, S: Stages> {
    stages: &'scope S,
    /// Starts the workers the first time the run has work enough for them.
    start: Option<Box<dyn FnOnce() -> Workers<S> + 'scope>>,
    /// Customers sent so far, and how many start the workers.
    customers: usize,
    least: usize,
    /// The jobs waiting for a thread; none until the workers start.
    queue: Option<Arc<Queue<S>>>,
    results: Option<Receiver<(Thread, Done<S>)>>,
    /// Results that arrived, or were made here, and not yet handed back.
    arrived: VecDeque<(Thread, Done<S>)>,
    /// The thread that prepared each batch not yet finished: it finishes it.
    owners: BTreeMap<u64, Thread>,
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

/// Batches in flight at most with `workers` (see [`Pool`]'s `limit`).
fn limit(workers: usize) -> u64 {
    workers as u64 * 2 + 2
}

/// Which thread ran a job: 0 is the calling thread, `k` worker `k`.
type Thread = usize;

/// The workers' queue, and where their results arrive.
type Workers<S> = (Arc<Queue<S>>, Receiver<(Thread, Done<S>)>);

/// Jobs waiting for a thread: batches to prepare, for whichever thread is
/// free first; batches to finish, each for the thread that prepared it.
struct Queue<S: Stages> {
    waiting: Mutex<Waiting<S>>,
    ready: Condvar,
}

struct Waiting<S: Stages> {
    prepare: VecDeque<(u64, S::Work)>,
    /// By worker (`k - 1` for worker `k`).
    finish: Vec<VecDeque<(u64, Vec<S::Chosen>)>>,
    /// The pool is gone: the workers stop.
    closed: bool,
}

impl<S: Stages> Queue<S> {
    /// A queue for `workers` threads besides the calling one.
    fn new(workers: usize) -> Queue<S> {
        Queue {
            waiting: Mutex::new(Waiting {
                prepare: VecDeque::new(),
                finish: (0..workers).map(|_| VecDeque::new()).collect(),
                closed: false,
            }),
            ready: Condvar::new(),
        }
    }

    /// The lock; a worker that panicked ends the process (see main), so a
    /// poisoned lock is taken as it is.
    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting<S>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn prepare(&self, n: u64, work: S::Work) {
        self.lock().prepare.push_back((n, work));
        self.ready.notify_one();
    }

    fn finish(&self, worker: Thread, n: u64, chosen: Vec<S::Chosen>) {
        self.lock().finish[worker - 1].push_back((n, chosen));
        // Only that worker may take it: wake them all, so it wakes.
        self.ready.notify_all();
    }

    /// A batch to prepare, if one is waiting (for the calling thread,
    /// which would otherwise wait).
    fn take_prepare(&self) -> Option<(u64, S::Work)> {
        self.lock().prepare.pop_front()
    }

    /// Worker `k`'s next job: its own batches to finish first (the
    /// calling thread waits on them to write), then any to prepare; `None`
    /// once the pool is gone.
    fn next(&self, worker: Thread) -> Option<Job<S>> {
        let mut waiting = self.lock();
        loop {
            if let Some((n, chosen)) = waiting.finish[worker - 1].pop_front() {
                return Some(Job::Finish(n, chosen));
            }
            if let Some((n, work)) = waiting.prepare.pop_front() {
                return Some(Job::Prepare(n, work));
            }
            if waiting.closed {
                return None;
            }
            waiting = self
                .ready
                .wait(waiting)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }
}

impl<'scope, S: Stages + 'scope> Pool<'scope, S> {
    /// A pool of up to `workers()` threads in `scope`, the calling thread
    /// one of them. The others are started (and `workers` asked) only once
    /// `least` customers have been sent: until then, and for a run that
    /// never gets there, every batch runs here as it is sent.
    pub(crate) fn new<'env>(
        scope: &'scope Scope<'scope, 'env>,
        stages: &'scope S,
        workers: impl FnOnce() -> usize + 'scope,
        least: usize,
    ) -> Pool<'scope, S> {
        let start = move || {
            let others = workers().saturating_sub(1);
            let queue = Arc::new(Queue::new(others));
            let (done_tx, done_rx) = channel::<(Thread, Done<S>)>();
            for worker in 1..=others {
                let (queue, done_tx) = (Arc::clone(&queue), done_tx.clone());
                scope.spawn(move || work(stages, &queue, worker, &done_tx));
            }
            (queue, done_rx)
        };
        Pool {
            stages,
            start: Some(Box::new(start)),
            customers: 0,
            least,
            queue: None,
            results: None,
            arrived: VecDeque::new(),
            owners: BTreeMap::new(),
            sent: 0,
            next_prepared: 0,
            next_finished: 0,
            early_prepared: BTreeMap::new(),
            early_finished: BTreeMap::new(),
            limit: limit(1),
        }
    }

    /// Whether the workers have started.
    pub(crate) fn threaded(&self) -> bool {
        self.queue.is_some()
    }

    /// Starts the workers, if they are not started yet.
    fn start(&mut self) {
        let Some(start) = self.start.take() else {
            return;
        };
        let (queue, results) = start();
        let workers = queue.lock().finish.len();
        if workers > 0 {
            self.limit = limit(workers + 1);
            self.queue = Some(queue);
            self.results = Some(results);
        }
    }

    /// Sends a new batch of `customers` to be prepared; returns its number.
    pub(crate) fn prepare(&mut self, raw: S::Work, customers: usize) -> u64 {
        self.customers = self.customers.saturating_add(customers);
        if self.customers >= self.least {
            self.start();
        }
        let n = self.sent;
        self.sent += 1;
        match &self.queue {
            Some(queue) => queue.prepare(n, raw),
            None => self.run_here(Job::Prepare(n, raw)),
        }
        n
    }

    /// Sends batch `n`, its wording chosen, to be finished by the thread
    /// that prepared it: a batch's profiles and cues are made, read and
    /// freed in one core's cache and by one allocator heap.
    pub(crate) fn finish(&mut self, n: u64, chosen: Vec<S::Chosen>) {
        match (self.owners.remove(&n).unwrap_or(0), &self.queue) {
            (worker @ 1.., Some(queue)) => queue.finish(worker, n, chosen),
            _ => self.run_here(Job::Finish(n, chosen)),
        }
    }

    fn run_here(&mut self, job: Job<S>) {
        let done = run(self.stages, job);
        self.arrived.push_back((0, done));
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
    /// and so do finished ones. While it would wait, the calling thread
    /// prepares a waiting batch itself: when another process holds a core,
    /// or the workers are behind, the work still gets done here.
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
            let (by, done) = match self.arrived.pop_front() {
                Some(arrived) => arrived,
                None => self.receive(wait)?,
            };
            match done {
                Done::Prepared(n, items) => {
                    self.owners.insert(n, by);
                    self.early_prepared.insert(n, items);
                }
                Done::Finished(n, items) => {
                    self.early_finished.insert(n, items);
                }
            }
        }
    }

    /// A result from the workers: one that has arrived, else (with
    /// `wait`) one prepared here, else the next to arrive.
    fn receive(&mut self, wait: bool) -> Option<(Thread, Done<S>)> {
        let results = self.results.as_ref()?;
        if let Ok(arrived) = results.try_recv() {
            return Some(arrived);
        }
        if !wait || self.idle() {
            return None;
        }
        if let Some((n, work)) = self.queue.as_ref().and_then(|q| q.take_prepare()) {
            return Some((0, run(self.stages, Job::Prepare(n, work))));
        }
        // Every worker gone with batches in flight means one panicked:
        // said here, rather than waited on for ever (the binary's panic
        // hook ends the process first; a library caller gets the panic).
        match results.recv() {
            Ok(arrived) => Some(arrived),
            Err(_) => panic!("a worker stopped with batches in flight"),
        }
    }
}

impl<S: Stages> Drop for Pool<'_, S> {
    fn drop(&mut self) {
        if let Some(queue) = &self.queue {
            queue.close();
        }
    }
}

fn run<S: Stages>(stages: &S, job: Job<S>) -> Done<S> {
    match job {
        Job::Prepare(n, raw) => Done::Prepared(n, stages.prepare(raw)),
        Job::Finish(n, chosen) => Done::Finished(n, stages.finish(chosen)),
    }
}

/// Worker `k`: runs jobs until the pool is dropped.
fn work<S: Stages>(stages: &S, queue: &Queue<S>, worker: Thread, done: &Sender<(Thread, Done<S>)>) {
    while let Some(job) = queue.next(worker) {
        if done.send((worker, run(stages, job))).is_err() {
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
        type Work = Vec<u64>;
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

    /// The order batches were chosen in, the results, and whether the
    /// workers started (after the first 25 numbers).
    fn through(workers: usize) -> (Vec<u64>, Vec<u64>, bool) {
        std::thread::scope(|scope| {
            let mut pool = Pool::new(scope, &Arith, move || workers, 25);
            let (mut chosen_order, mut out) = (Vec::new(), Vec::new());
            let mut handle = |pool: &mut Pool<'_, Arith>, done: Done<Arith>| match done {
                Done::Prepared(n, items) => {
                    chosen_order.push(n);
                    pool.finish(n, items);
                }
                Done::Finished(_, items) => out.extend(items),
            };
            for batch in 0..50u64 {
                pool.prepare((batch * 10..batch * 10 + 10).collect(), 10);
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
            let threaded = pool.threaded();
            (chosen_order, out, threaded)
        })
    }

    #[test]
    fn split_keeps_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..103).collect();
        let squares: Vec<u64> = items.iter().map(|i| i * i).collect();
        for (threads, least) in [(1, 1), (2, 1), (3, 10), (8, 4), (8, 200), (0, 0)] {
            assert_eq!(
                split(&items, || threads, least, |i| i * i),
                squares,
                "{threads}/{least}"
            );
        }
        assert!(split(&[] as &[u64], || 4, 1, |i| *i).is_empty());
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
            let ids = split(&items, || threads, least, |_| std::thread::current().id());
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
        let ids = split(&items, || 2, 64, |_| std::thread::current().id());
        assert!(ids[0] != ids[127], "128 items, 64 a thread: two threads");
    }

    /// Tags each number with the threads that prepared and finished it.
    /// `Tagged(Some(here))`: every thread but `here` takes 300 ms to
    /// prepare a batch, as when another process holds its core.
    struct Tagged(Option<std::thread::ThreadId>);

    type Tag = (u64, std::thread::ThreadId);

    impl Stages for Tagged {
        type Work = Vec<u64>;
        type Prepared = Tag;
        type Chosen = Tag;
        type Finished = (u64, std::thread::ThreadId, std::thread::ThreadId);

        fn prepare(&self, raw: Vec<u64>) -> Vec<Tag> {
            let id = std::thread::current().id();
            if self.0.is_some_and(|fast| fast != id) {
                std::thread::sleep(std::time::Duration::from_millis(300));
            }
            raw.into_iter().map(|x| (x, id)).collect()
        }

        fn finish(&self, chosen: Vec<Tag>) -> Vec<Self::Finished> {
            let id = std::thread::current().id();
            chosen.into_iter().map(|(x, p)| (x, p, id)).collect()
        }
    }

    /// Sends eight batches of ten (the workers start with the third),
    /// waits `pause` before taking results, and hands them all back.
    fn tagged<S: Stages<Work = Vec<u64>>>(
        stages: &S,
        workers: usize,
        pause: std::time::Duration,
    ) -> Vec<S::Finished>
    where
        S::Chosen: From<S::Prepared>,
    {
        std::thread::scope(|scope| {
            let mut pool = Pool::new(scope, stages, move || workers, 25);
            for batch in 0..8u64 {
                pool.prepare((batch * 10..batch * 10 + 10).collect(), 10);
            }
            assert_eq!(pool.threaded(), workers > 1);
            std::thread::sleep(pause);
            let mut out = Vec::new();
            while !pool.idle() {
                match pool.next(true).expect("in flight") {
                    Done::Prepared(n, items) => {
                        pool.finish(n, items.into_iter().map(S::Chosen::from).collect());
                    }
                    Done::Finished(_, items) => out.extend(items),
                }
            }
            out
        })
    }

    /// Batches sent before the workers start, and still in flight when
    /// they do, come back in order and finish where they were prepared;
    /// workers that are free take the batches waiting.
    #[test]
    fn workers_that_start_mid_run_keep_order_and_each_batch_on_one_thread() {
        let here = std::thread::current().id();
        for workers in [1, 2, 3] {
            // Time for the workers to take the batches waiting.
            let out = tagged(
                &Tagged(None),
                workers,
                std::time::Duration::from_millis(200),
            );
            let numbers: Vec<u64> = out.iter().map(|(x, ..)| *x).collect();
            assert_eq!(numbers, (0..80).collect::<Vec<_>>(), "{workers} workers");
            assert!(out.iter().all(|(_, p, f)| p == f), "{workers} workers");
            let elsewhere = out.iter().filter(|(_, p, _)| *p != here).count();
            // Batches 0 and 1 come before the start, and run here.
            assert!(out[..20].iter().all(|(_, p, _)| *p == here));
            // Of the six after, the workers take some (all, unless this
            // machine is too busy to run them within the pause).
            match workers {
                1 => assert_eq!(elsewhere, 0),
                _ => assert!(
                    (10..=60).contains(&elsewhere),
                    "{workers} workers: {elsewhere}"
                ),
            }
        }
    }

    /// A calling thread that would wait for a slow worker prepares the
    /// batches waiting itself: a second job never leaves the work to a
    /// thread that cannot run.
    #[test]
    fn the_calling_thread_does_the_work_a_slow_worker_cannot() {
        let here = std::thread::current().id();
        let out = tagged(&Tagged(Some(here)), 2, std::time::Duration::ZERO);
        let numbers: Vec<u64> = out.iter().map(|(x, ..)| *x).collect();
        assert_eq!(numbers, (0..80).collect::<Vec<_>>());
        assert!(out.iter().all(|(_, p, f)| p == f));
        let elsewhere = out.iter().filter(|(_, p, _)| *p != here).count();
        // The worker takes one batch (perhaps two) while this thread does
        // the other four or five.
        assert!(
            elsewhere <= 20,
            "{elsewhere} of 60 numbers on the slow worker"
        );
    }

    #[test]
    fn every_stage_comes_back_in_batch_order() {
        let expected: Vec<u64> = (0..500).map(|x| x * 2 + 1).collect();
        for workers in [1, 2, 3, 8] {
            let (chosen, out, threaded) = through(workers);
            assert_eq!(chosen, (0..50).collect::<Vec<_>>(), "{workers} workers");
            assert_eq!(out, expected, "{workers} workers");
            assert_eq!(threaded, workers > 1, "{workers} workers");
        }
    }
}
