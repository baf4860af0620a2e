//! The worker pool that briefs streams on every core (`--jobs`).
//!
//! A batch of stream lines goes through three stages:
//! [`Stages::prepare`] (parse, classify, plan, hash the id for the audit),
//! [`Stages::choose`] (choose the wording) and [`Stages::finish`] (fill in
//! the wording, render, count). Preparing and finishing are pure and run
//! on any thread in any order. Choosing must run in input order, since
//! cabin-wide variety depends on the customers before: it is done in
//! turns, what one batch's choosing hands on (the [`Stages::Turn`], the
//! cabin's record of wording used) passed to the next batch's. The pool
//! only moves work and keeps results in order: batches are numbered as
//! they are sent and handed back finished in that order.
//!
//! A thread that takes a batch prepares it, and if its turn has come,
//! chooses and finishes it too: its profiles and cues are made, read and
//! freed in one core's cache and by one allocator heap, and only the turn
//! and the finished output cross between cores. A batch prepared before
//! its turn is parked, and the thread goes on to other work; the thread
//! whose turn comes before it chooses it when its own choosing is done,
//! and finishes it after its own. A parked batch crosses cores whole: on
//! an idle machine about one batch in twenty is parked, and when another
//! process holds a core, about two in five. No thread waits for another's
//! turn (the calling thread waits only for results, when there is no
//! batch left to take): threads that waited for turns, when another
//! process held a core, spent 1.7 s of a 5.6 s run waiting.
//!
//! Shared between the workers, the same stream took 40% more CPU on two
//! workers than on one. With the wording chosen on the calling thread,
//! between a worker's preparing and its finishing, `--jobs 2` took 14%
//! more CPU than `--jobs 1`, most of the growth in the allocator and the
//! finishing, on memory the other core had last written.
//!
//! The calling thread is one of the workers, but it reads and writes
//! first: it takes a batch only when it would otherwise wait for one. With
//! a thread for every core besides, the in-order thread made one thread
//! too many, and the switching between them cost more CPU than the
//! in-order work itself (about 8% of the wall time on two cores). Batches
//! once went to the threads in turn, the calling thread taking its share
//! as it sent them: that left a worker idle while the calling thread read,
//! and when another process held a core, `--jobs 2` was slower than
//! `--jobs 1` as the calling thread waited on a worker that could not run.
//!
//! With one job there are no threads: each batch runs as it is sent. Nor
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

/// The stages every batch goes through. `Send + Sync` because every worker
/// holds it; `prepare` and `finish` are pure, so they can run in any order
/// on any thread.
pub(crate) trait Stages: Send + Sync {
    /// A batch as sent.
    type Work: Send;
    /// A batch prepared; its wording is chosen in place.
    type Batch: Send;
    type Finished: Send;
    /// What each batch's choosing hands on to the next batch's.
    type Turn: Send;

    fn prepare(&self, work: Self::Work) -> Self::Batch;
    /// Runs in batch order, each batch after the one before.
    fn choose(&self, turn: &mut Self::Turn, batch: &mut Self::Batch);
    fn finish(&self, batch: Self::Batch) -> Self::Finished;
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

/// Sends batches to the workers (or runs them here, with one job or
/// before they start) and hands them back finished, in batch order.
pub(crate) struct Pool<'scope, S: Stages> {
    stages: &'scope S,
    /// The batches waiting for a thread, and the turns.
    shared: Arc<Shared<S>>,
    /// Starts the workers the first time the run has work enough for them.
    start: Option<Start<'scope, S>>,
    /// Customers sent so far, and how many start the workers.
    customers: usize,
    least: usize,
    /// Where the workers' batches arrive; none until they start.
    results: Option<Workers<S>>,
    /// Batches finished and not yet handed back, by number.
    arrived: BTreeMap<u64, S::Finished>,
    sent: u64,
    next: u64,
    /// Batches in flight at most: enough to keep every worker busy while
    /// the calling thread reads and writes, few enough that memory stays
    /// flat (two per worker, and two more).
    limit: u64,
}

/// Batches in flight at most with `workers` (see [`Pool`]'s `limit`).
fn limit(workers: usize) -> u64 {
    workers as u64 * 2 + 2
}

/// Where the workers' finished batches arrive, by number.
type Workers<S> = Receiver<(u64, <S as Stages>::Finished)>;

/// The workers started, and how many there are.
type Started<S> = (Workers<S>, usize);

/// What starts the workers, once.
type Start<'scope, S> = Box<dyn FnOnce(&Arc<Shared<S>>) -> Option<Started<S>> + 'scope>;

/// What the calling thread and the workers share: the batches waiting for
/// a thread, and the turns.
struct Shared<S: Stages> {
    board: Mutex<Board<S>>,
    /// Signalled when a batch is sent, and when the pool closes.
    ready: Condvar,
}

struct Board<S: Stages> {
    /// Batches waiting for a thread, for whichever is free first.
    waiting: VecDeque<(u64, S::Work)>,
    /// The batch whose turn it is to be chosen.
    next: u64,
    /// What the choosing hands on; `None` while a thread is choosing (and
    /// for good once a stage has panicked there).
    turn: Option<S::Turn>,
    /// Batches prepared before their turn came, by number: whoever takes
    /// the turn before them chooses and finishes them too.
    parked: BTreeMap<u64, S::Batch>,
    /// The pool is gone, or a thread panicked: the workers stop.
    closed: bool,
}

/// A batch's finished results, handed on as each is finished.
type Each<'a, S> = &'a mut dyn FnMut(u64, <S as Stages>::Finished);

impl<S: Stages> Shared<S> {
    fn new(turn: S::Turn) -> Shared<S> {
        Shared {
            board: Mutex::new(Board {
                waiting: VecDeque::new(),
                next: 0,
                turn: Some(turn),
                parked: BTreeMap::new(),
                closed: false,
            }),
            ready: Condvar::new(),
        }
    }

    /// The lock. No stage runs while it is held, so it cannot be poisoned
    /// by one; a poisoned lock is taken as it is all the same.
    fn lock(&self) -> std::sync::MutexGuard<'_, Board<S>> {
        self.board.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn send(&self, n: u64, work: S::Work) {
        self.lock().waiting.push_back((n, work));
        self.ready.notify_one();
    }

    /// A batch, if one is waiting (for the calling thread, which would
    /// otherwise wait).
    fn take(&self) -> Option<(u64, S::Work)> {
        self.lock().waiting.pop_front()
    }

    /// A worker's next batch, waiting for one; `None` once the pool is
    /// closed.
    fn next(&self) -> Option<(u64, S::Work)> {
        let mut board = self.lock();
        loop {
            if board.closed {
                return None;
            }
            if let Some(batch) = board.waiting.pop_front() {
                return Some(batch);
            }
            board = self
                .ready
                .wait(board)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    /// Batch `n`: prepared, then chosen and finished if its turn has come,
    /// with any batches parked after it; else parked for the thread whose
    /// turn comes before it (see the module's notes). Should a stage
    /// panic, the pool closes, so no thread waits for ever on a batch that
    /// will not come.
    fn run(&self, stages: &S, n: u64, work: S::Work, each: Each<'_, S>) {
        struct Closes<'t, S: Stages>(&'t Shared<S>);
        impl<S: Stages> Drop for Closes<'_, S> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    self.0.close();
                }
            }
        }
        let _closes = Closes(self);
        let batch = stages.prepare(work);
        let Some((mut turn, mut batch)) = self.turn_or_park(n, batch) else {
            return;
        };
        // The batches chosen in this turn: this one, and any parked after it.
        let mut chosen = Vec::with_capacity(1);
        let mut n = n;
        loop {
            stages.choose(&mut turn, &mut batch);
            chosen.push((n, batch));
            match self.pass(n, turn) {
                Some((kept, later)) => (turn, n, batch) = (kept, n + 1, later),
                None => break,
            }
        }
        for (n, batch) in chosen {
            each(n, stages.finish(batch));
        }
    }

    /// The turn and the batch back, if it is batch `n`'s turn; else the
    /// batch is parked. Under one lock: were the turn passed between a
    /// look and the parking, nobody would choose the batch.
    fn turn_or_park(&self, n: u64, batch: S::Batch) -> Option<(S::Turn, S::Batch)> {
        let mut board = self.lock();
        if board.next == n {
            if let Some(turn) = board.turn.take() {
                return Some((turn, batch));
            }
        }
        board.parked.insert(n, batch);
        None
    }

    /// Passes the turn on from batch `n`: kept, with the batch after it,
    /// if that one is parked; else left for that batch's thread.
    fn pass(&self, n: u64, turn: S::Turn) -> Option<(S::Turn, S::Batch)> {
        let mut board = self.lock();
        board.next = n + 1;
        match board.parked.remove(&(n + 1)) {
            Some(later) => Some((turn, later)),
            None => {
                board.turn = Some(turn);
                None
            }
        }
    }
}

impl<'scope, S: Stages + 'scope> Pool<'scope, S> {
    /// A pool of up to `workers()` threads in `scope`, the calling thread
    /// one of them, its first batch chosen with `turn`. The others are
    /// started (and `workers` asked) only once `least` customers have been
    /// sent: until then, and for a run that never gets there, every batch
    /// runs here as it is sent.
    pub(crate) fn new<'env>(
        scope: &'scope Scope<'scope, 'env>,
        stages: &'scope S,
        turn: S::Turn,
        workers: impl FnOnce() -> usize + 'scope,
        least: usize,
    ) -> Pool<'scope, S> {
        let start = move |shared: &Arc<Shared<S>>| {
            let others = workers().saturating_sub(1);
            if others == 0 {
                return None;
            }
            let (done_tx, done_rx) = channel();
            for _ in 0..others {
                let (shared, done_tx) = (Arc::clone(shared), done_tx.clone());
                scope.spawn(move || work(stages, &shared, &done_tx));
            }
            Some((done_rx, others))
        };
        Pool {
            stages,
            shared: Arc::new(Shared::new(turn)),
            start: Some(Box::new(start)),
            customers: 0,
            least,
            results: None,
            arrived: BTreeMap::new(),
            sent: 0,
            next: 0,
            limit: limit(1),
        }
    }

    /// Whether the workers have started.
    pub(crate) fn threaded(&self) -> bool {
        self.results.is_some()
    }

    /// Starts the workers, if they are not started yet.
    fn start(&mut self) {
        let Some(start) = self.start.take() else {
            return;
        };
        if let Some((results, workers)) = start(&self.shared) {
            self.limit = limit(workers + 1);
            self.results = Some(results);
        }
    }

    /// Sends a new batch of `customers`; returns its number.
    pub(crate) fn send(&mut self, work: S::Work, customers: usize) -> u64 {
        self.customers = self.customers.saturating_add(customers);
        if self.customers >= self.least {
            self.start();
        }
        let n = self.sent;
        self.sent += 1;
        if self.threaded() {
            self.shared.send(n, work);
        } else {
            self.run_here(n, work);
        }
        n
    }

    /// Runs batch `n` on this thread.
    fn run_here(&mut self, n: u64, work: S::Work) {
        let arrived = &mut self.arrived;
        self.shared.run(self.stages, n, work, &mut |n, finished| {
            arrived.insert(n, finished);
        });
    }

    /// Whether every batch sent has been handed back finished.
    pub(crate) fn idle(&self) -> bool {
        self.next == self.sent
    }

    /// Whether as many batches are in flight as should be.
    pub(crate) fn full(&self) -> bool {
        self.sent - self.next >= self.limit
    }

    /// The next batch finished, in batch order: waits for it when `wait`,
    /// else only takes what has arrived. While it would wait, the calling
    /// thread takes a waiting batch itself: when another process holds a
    /// core, or the workers are behind, the work still gets done here.
    pub(crate) fn next(&mut self, wait: bool) -> Option<S::Finished> {
        loop {
            if let Some(finished) = self.arrived.remove(&self.next) {
                self.next += 1;
                return Some(finished);
            }
            if !self.receive(wait) {
                return None;
            }
        }
    }

    /// Takes in what the workers have finished, else (with `wait`) runs a
    /// waiting batch here, else waits for the next to arrive. Whether
    /// there was anything to do.
    fn receive(&mut self, wait: bool) -> bool {
        let Some(results) = &self.results else {
            return false;
        };
        let mut any = false;
        while let Ok((n, finished)) = results.try_recv() {
            self.arrived.insert(n, finished);
            any = true;
        }
        if any || !wait || self.idle() {
            return any;
        }
        if let Some((n, work)) = self.shared.take() {
            self.run_here(n, work);
            return true;
        }
        // Every worker gone with batches in flight means one panicked:
        // said here, rather than waited on for ever (the binary's panic
        // hook ends the process first; a library caller gets the panic).
        match results.recv() {
            Ok((n, finished)) => {
                self.arrived.insert(n, finished);
                true
            }
            Err(_) => panic!("a worker stopped with batches in flight"),
        }
    }
}

impl<S: Stages> Drop for Pool<'_, S> {
    fn drop(&mut self) {
        self.shared.close();
    }
}

/// A worker: runs batches until the pool is closed.
fn work<S: Stages>(stages: &S, shared: &Shared<S>, done: &Sender<(u64, S::Finished)>) {
    while let Some((n, work)) = shared.next() {
        shared.run(stages, n, work, &mut |n, finished| {
            // The pool is gone; the worker stops at its next batch.
            let _ = done.send((n, finished));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread::ThreadId;

    /// Doubles each number, numbers it in the order chosen, and adds one,
    /// pausing before each batch's preparing for from nothing to 127 µs,
    /// as the seed has it: threads finish preparing in every order, and
    /// turns pass while others park.
    struct Arith(u64);

    /// A seed for [`Arith`] that gives each batch a different pause.
    const MIXED: u64 = 0x9e37_79b9_7f4a_7c15;

    impl Stages for Arith {
        type Work = Vec<u64>;
        type Batch = Vec<(u64, u64)>;
        type Finished = Vec<(u64, u64)>;
        type Turn = u64;

        fn prepare(&self, work: Vec<u64>) -> Self::Batch {
            let mix = (work.first().copied().unwrap_or(0) + 1).wrapping_mul(self.0 | 1);
            std::thread::sleep(std::time::Duration::from_micros(mix >> 7 & 0x7f));
            work.into_iter().map(|x| (x * 2, 0)).collect()
        }

        fn choose(&self, turn: &mut u64, batch: &mut Self::Batch) {
            for (_, at) in batch {
                *at = *turn;
                *turn += 1;
            }
        }

        fn finish(&self, batch: Self::Batch) -> Self::Finished {
            batch.into_iter().map(|(x, at)| (x + 1, at)).collect()
        }
    }

    /// Fifty batches of ten numbers through `stages` on `workers` threads,
    /// taking results as a run does; the results, and whether the workers
    /// started (after the first 25 numbers).
    fn through<S: Stages<Work = Vec<u64>>>(
        stages: &S,
        turn: S::Turn,
        workers: usize,
    ) -> (Vec<S::Finished>, bool) {
        std::thread::scope(|scope| {
            let mut pool = Pool::new(scope, stages, turn, move || workers, 25);
            let mut out = Vec::new();
            for batch in 0..50u64 {
                pool.send((batch * 10..batch * 10 + 10).collect(), 10);
                while pool.full() {
                    out.push(pool.next(true).expect("in flight"));
                }
                while let Some(finished) = pool.next(false) {
                    out.push(finished);
                }
            }
            while !pool.idle() {
                out.push(pool.next(true).expect("in flight"));
            }
            let threaded = pool.threaded();
            (out, threaded)
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

    /// Tags each number with the threads that prepared, chose and finished
    /// it. `Tagged(Some(here))`: every thread but `here` takes 300 ms to
    /// prepare a batch, as when another process holds its core.
    struct Tagged(Option<ThreadId>);

    type Tags = (u64, ThreadId, Option<ThreadId>);

    impl Stages for Tagged {
        type Work = Vec<u64>;
        type Batch = Vec<Tags>;
        type Finished = Vec<(u64, ThreadId, ThreadId, ThreadId)>;
        type Turn = ();

        fn prepare(&self, work: Vec<u64>) -> Vec<Tags> {
            let id = std::thread::current().id();
            if self.0.is_some_and(|fast| fast != id) {
                std::thread::sleep(std::time::Duration::from_millis(300));
            }
            work.into_iter().map(|x| (x, id, None)).collect()
        }

        fn choose(&self, _: &mut (), batch: &mut Vec<Tags>) {
            let id = std::thread::current().id();
            batch.iter_mut().for_each(|(.., chose)| *chose = Some(id));
        }

        fn finish(&self, batch: Vec<Tags>) -> Self::Finished {
            let id = std::thread::current().id();
            batch
                .into_iter()
                .map(|(x, p, c)| (x, p, c.expect("chosen before it is finished"), id))
                .collect()
        }
    }

    /// Sends eight batches of ten (the workers start with the third),
    /// waits `pause` before taking results, and hands them all back.
    fn tagged(
        stages: &Tagged,
        workers: usize,
        pause: std::time::Duration,
    ) -> Vec<(u64, ThreadId, ThreadId, ThreadId)> {
        std::thread::scope(|scope| {
            let mut pool = Pool::new(scope, stages, (), move || workers, 25);
            for batch in 0..8u64 {
                pool.send((batch * 10..batch * 10 + 10).collect(), 10);
            }
            assert_eq!(pool.threaded(), workers > 1);
            std::thread::sleep(pause);
            let mut out = Vec::new();
            while !pool.idle() {
                out.extend(pool.next(true).expect("in flight"));
            }
            out
        })
    }

    /// Batches sent before the workers start, and still in flight when
    /// they do, come back in order, each finished where it was chosen;
    /// workers that are free take the batches waiting. One worker alone
    /// (the calling thread pausing) prepares, chooses and finishes each
    /// batch it takes, as each one's turn has come when it is prepared.
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
            assert!(out.iter().all(|(.., c, f)| c == f), "{workers} workers");
            if workers <= 2 {
                assert!(out.iter().all(|(_, p, c, _)| p == c), "{workers} workers");
            }
            let elsewhere = out.iter().filter(|(_, p, ..)| *p != here).count();
            // Batches 0 and 1 come before the start, and run here.
            assert!(out[..20].iter().all(|(_, p, ..)| *p == here));
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
    /// batches waiting itself, and does not wait for the worker's turn to
    /// prepare the next: a second job never leaves the work to a thread
    /// that cannot run. The worker chooses the batches parked behind its
    /// own when its turn is done.
    #[test]
    fn the_calling_thread_does_the_work_a_slow_worker_cannot() {
        let here = std::thread::current().id();
        // The pause lets the worker take a batch, which it is slow on.
        let out = tagged(
            &Tagged(Some(here)),
            2,
            std::time::Duration::from_millis(100),
        );
        let numbers: Vec<u64> = out.iter().map(|(x, ..)| *x).collect();
        assert_eq!(numbers, (0..80).collect::<Vec<_>>());
        assert!(out.iter().all(|(.., c, f)| c == f));
        let elsewhere = out.iter().filter(|(_, p, ..)| *p != here).count();
        // The worker prepares one batch while this thread prepares the
        // other five; waiting for the worker's turn, it would have left
        // the worker a second.
        assert_eq!(elsewhere, 10, "numbers prepared on the slow worker");
    }

    #[test]
    fn batches_are_chosen_in_order_and_come_back_in_order() {
        let expected: Vec<(u64, u64)> = (0..500).map(|x| (x * 2 + 1, x)).collect();
        for workers in [1, 2, 3, 8] {
            let (out, threaded) = through(&Arith(MIXED), 0, workers);
            assert_eq!(out.concat(), expected, "{workers} workers");
            assert_eq!(threaded, workers > 1, "{workers} workers");
        }
    }

    /// Runs `f` on a thread of its own: a run that hangs fails after a
    /// minute rather than never ending.
    fn within_a_minute(f: impl FnOnce() + Send + 'static) {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            f();
            tx.send(()).unwrap();
        });
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(()) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("a run hung"),
            Err(e) => panic!("a run failed: {e}"),
        }
    }

    /// However the threads' work interleaves, every batch is chosen in
    /// turn and comes back: none is parked with nobody left to choose it.
    #[test]
    fn no_batch_is_left_parked() {
        within_a_minute(|| {
            let expected: Vec<(u64, u64)> = (0..500).map(|x| (x * 2 + 1, x)).collect();
            for seed in 0..40u64 {
                for workers in [2, 3, 4, 8] {
                    let (out, _) = through(&Arith(seed.wrapping_mul(MIXED)), 0, workers);
                    assert_eq!(out.concat(), expected, "seed {seed}, {workers} workers");
                }
            }
        });
    }

    /// The pool dropped mid-run, as when a write fails, with batches
    /// waiting, parked and being worked on: the run still ends.
    #[test]
    fn a_pool_dropped_mid_run_ends() {
        within_a_minute(|| {
            for seed in 0..60u64 {
                for workers in [2, 3, 8] {
                    let stages = Arith(seed.wrapping_mul(MIXED));
                    std::thread::scope(|scope| {
                        let mut pool = Pool::new(scope, &stages, 0, move || workers, 1);
                        for batch in 0..seed % 7 + 1 {
                            pool.send((batch * 10..batch * 10 + 10).collect(), 10);
                        }
                        if seed % 2 == 0 {
                            assert!(pool.next(true).is_some());
                        }
                    });
                }
            }
        });
    }

    /// Panics in one stage (0 preparing, 1 choosing, 2 finishing) of the
    /// batch that starts at 200.
    struct Panics(u8);

    impl Stages for Panics {
        type Work = Vec<u64>;
        type Batch = Vec<u64>;
        type Finished = Vec<u64>;
        type Turn = ();

        fn prepare(&self, work: Vec<u64>) -> Vec<u64> {
            assert!(self.0 != 0 || work.first() != Some(&200), "batch 20");
            std::thread::sleep(std::time::Duration::from_micros(200));
            work
        }

        fn choose(&self, _: &mut (), batch: &mut Vec<u64>) {
            assert!(self.0 != 1 || batch.first() != Some(&200), "batch 20");
        }

        fn finish(&self, batch: Vec<u64>) -> Vec<u64> {
            assert!(self.0 != 2 || batch.first() != Some(&200), "batch 20");
            batch
        }
    }

    /// A stage that panics on any thread is a panic for the caller: no
    /// thread is left waiting for a batch that will not come.
    #[test]
    fn a_panic_in_a_stage_reaches_the_caller() {
        within_a_minute(|| {
            for stage in 0..3 {
                for workers in [1, 2, 3] {
                    let caught = std::panic::catch_unwind(|| through(&Panics(stage), (), workers));
                    assert!(caught.is_err(), "stage {stage}, {workers} workers");
                }
            }
        });
    }
}
