//! A pool's timetable of background renewals: one task for all the pool's sessions that renew
//! in the background, instead of a task each. An idle session then costs an entry in a heap
//! (its next instant, a weak handle, a generation), not a task of half a kilobyte: a hundred
//! thousand identities renewing once an hour spend nearly all of it waiting.
//!
//! The plan of each session is [`super::background::step_of`]'s, as for a session's own task:
//! the same instants, jitter, deadlines and retries. A session's plan is made again whenever
//! its token changes (installed, forgotten) or a renewal fails; each new plan bumps the
//! session's generation, and an entry of an older generation is dropped when it comes up.
//! Renewals run as tasks of their own, at most `bound` at once; one waiting for its turn still
//! stops handing out its token at the deadline.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::time::Duration;

use tokio::sync::{Notify, Semaphore};
use tokio::time::{sleep_until, Instant};

use super::background::{expire, renew_in_turn, step_of, Action, Step};
use super::Inner;
use crate::error::Error;
use crate::provider::Provider;

/// The background renewals of a pool's sessions.
pub(crate) struct Timetable<P: Provider> {
    entries: Mutex<BinaryHeap<Reverse<Entry<P>>>>,
    /// An entry came in ahead of the others, or a session was dropped: the task looks again.
    changed: Notify,
    /// The renewals running at once.
    turns: Semaphore,
    /// Set once the task is started.
    started: OnceLock<()>,
    /// What the entries' instants count from.
    epoch: Instant,
}

/// A session's next step, as planned in one generation: four words, as a hundred thousand
/// of them wait in the heap.
struct Entry<P: Provider> {
    /// Nanoseconds from the epoch.
    at: u64,
    generation: u64,
    session: Weak<Inner<P>>,
    /// When a failed try asked to be retried, for the plan made again: nanoseconds from the
    /// epoch, [`NO_RETRY`] for none.
    retry_at: u64,
}

/// An entry's `retry_at` when no try failed.
const NO_RETRY: u64 = u64::MAX;

impl<P: Provider> Timetable<P> {
    /// A timetable that runs at most `bound` renewals at once (at least one).
    pub(crate) fn new(bound: usize) -> Arc<Self> {
        Arc::new(Timetable {
            entries: Mutex::default(),
            changed: Notify::new(),
            turns: Semaphore::new(bound.max(1)),
            started: OnceLock::new(),
            epoch: Instant::now(),
        })
    }

    /// `at` in nanoseconds from the epoch (an instant before it is due at once).
    fn ticks(&self, at: Instant) -> u64 {
        let since = at.saturating_duration_since(self.epoch).as_nanos();
        u64::try_from(since).unwrap_or(NO_RETRY - 1)
    }

    fn instant(&self, ticks: u64) -> Instant {
        self.epoch
            .checked_add(Duration::from_nanos(ticks))
            .unwrap_or(self.epoch)
    }

    fn retry_of(&self, entry: &Entry<P>) -> Option<Instant> {
        (entry.retry_at != NO_RETRY).then(|| self.instant(entry.retry_at))
    }

    /// Starts the task on the current tokio runtime, once; it ends when the pool and all its
    /// sessions are gone.
    pub(super) fn start(self: &Arc<Self>) -> Result<(), Error> {
        if self.started.get().is_some() {
            return Ok(());
        }
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            Error::config(
                "renewal in the background needs a tokio runtime: build the session inside one",
            )
        })?;
        if self.started.set(()).is_ok() {
            runtime.spawn(Arc::clone(self).run());
        }
        Ok(())
    }

    /// Plans `inner`'s next step anew: its token changed, or a try failed and asked to be
    /// retried at `retry_at`. Replaces any earlier plan of the session.
    pub(super) fn plan(&self, inner: &Arc<Inner<P>>, retry_at: Option<Instant>) {
        let generation = inner.plan.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        if let Step::At(at, ..) = step_of(inner, retry_at) {
            self.push(Entry {
                at: self.ticks(at),
                generation,
                session: Arc::downgrade(inner),
                retry_at: retry_at.map_or(NO_RETRY, |at| self.ticks(at)),
            });
        }
    }

    /// Wakes the task to see whether anything is left to renew (a session was dropped).
    pub(super) fn released(&self) {
        self.changed.notify_one();
    }

    fn push(&self, entry: Entry<P>) {
        let at = entry.at;
        let mut entries = self.entries();
        let first = entries.peek().is_none_or(|head| at < head.0.at);
        entries.push(Reverse(entry));
        drop(entries);
        if first {
            self.changed.notify_one();
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, BinaryHeap<Reverse<Entry<P>>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The task: sleeps until the soonest entry, or until one comes in ahead of it, and does
    /// what is due; ends once it alone holds the timetable (the pool and its sessions gone).
    async fn run(self: Arc<Self>) {
        loop {
            // Registered before looking: a change after the look is not missed.
            let changed = self.changed.notified();
            if Arc::strong_count(&self) == 1 {
                return;
            }
            let head = self.entries().peek().map(|head| self.instant(head.0.at));
            match head {
                None => changed.await,
                Some(at) if at > Instant::now() => {
                    tokio::select! {
                        () = changed => {}
                        () = sleep_until(at) => {}
                    }
                }
                Some(_) => self.run_due(),
            }
        }
    }

    /// Does every step due now.
    fn run_due(self: &Arc<Self>) {
        let now = self.ticks(Instant::now());
        loop {
            let entry = {
                let mut entries = self.entries();
                match entries.peek() {
                    Some(head) if head.0.at <= now => entries.pop().map(|e| e.0),
                    _ => {
                        // A burst (a hundred thousand first logins) leaves the heap large:
                        // give back what it no longer needs.
                        if entries.len() < entries.capacity() / 2 {
                            let keep = entries.len().saturating_add(entries.len() / 4);
                            entries.shrink_to(keep);
                        }
                        None
                    }
                }
            };
            let Some(entry) = entry else {
                return;
            };
            self.step(entry);
        }
    }

    /// Does `entry`'s step, if it is still its session's plan.
    fn step(self: &Arc<Self>, entry: Entry<P>) {
        let Some(inner) = entry.session.upgrade() else {
            return;
        };
        if inner.plan.load(Ordering::Relaxed) != entry.generation {
            return; // Planned again since: a newer entry stands for it.
        }
        let retry_at = self.retry_of(&entry);
        let step = step_of(&inner, retry_at);
        // Read after the plan, whose "now" is then never ahead of it.
        let now = Instant::now();
        match step {
            Step::Wait => {}
            Step::At(at, ..) if at > now => {
                let at = self.ticks(at);
                self.push(Entry { at, ..entry });
            }
            Step::At(_, Action::Expire, planned) => {
                if let Some(planned) = planned {
                    expire(&planned);
                }
                self.plan(&inner, retry_at);
            }
            Step::At(_, Action::Renew, planned) => {
                let timetable = Arc::clone(self);
                tokio::spawn(async move {
                    let session = entry.session;
                    let turns = Some(&timetable.turns);
                    let result = renew_in_turn(&session, planned.as_ref(), turns).await;
                    if let (Some(Err(retry_at)), Some(inner)) = (result, session.upgrade()) {
                        timetable.plan(&inner, Some(retry_at));
                    }
                });
            }
        }
    }
}

// Ordered by the instant alone: a heap of them is a timetable.
impl<P: Provider> PartialEq for Entry<P> {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl<P: Provider> Eq for Entry<P> {}

impl<P: Provider> PartialOrd for Entry<P> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<P: Provider> Ord for Entry<P> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.at.cmp(&other.at)
    }
}
