//! The single flight: one caller renews, the others wait for its outcome.
//!
//! Waiting callers never queue on the flight lock. They register for the next change of the
//! outcomes, then try the lock; the one that gets it renews and publishes the outcome, which
//! wakes every waiter at once (10,000 callers would otherwise take the lock in turn). Every
//! release of the lock wakes them too, whether or not it published (a holder that found the
//! token fresh, or whose future was dropped mid-renewal), and they look again. Registering
//! before trying the lock is what makes that safe: a `Notified` receives every
//! `notify_waiters` from its creation on, so a release after the registration is always seen.
//!
//! The outcomes are a small mutex and a `Notify` in the session itself, not a channel: a pool
//! holds a hundred thousand idle sessions, and a `watch` channel's shared state is half a
//! kilobyte of each.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::futures::Notified;
use tokio::sync::{MutexGuard, Notify};

use super::current::Current;
use super::renew::Flight;
use crate::error::Error;

/// A renewal's result, shared with every caller that waited for it.
pub(super) type Shared = Result<Arc<Current>, Error>;

/// The outcome of the latest renewal attempt.
#[derive(Default)]
struct Outcome {
    /// How many attempts have been published; a caller takes the outcome of one made after
    /// it arrived.
    attempt: u64,
    /// Boxed: held between renewals by every idle session.
    result: Option<Box<Shared>>,
}

/// The outcomes of a session's renewals, and the callers waiting for the next.
#[derive(Default)]
pub(super) struct Outcomes {
    latest: Mutex<Outcome>,
    changed: Notify,
}

impl Outcomes {
    fn latest(&self) -> std::sync::MutexGuard<'_, Outcome> {
        self.latest.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A caller's view of the outcomes, from its arrival on.
pub(super) struct Waiter<'a> {
    outcomes: &'a Outcomes,
    seen: u64,
}

impl<'a> Waiter<'a> {
    /// Arrives; only attempts published from now on count.
    pub(super) fn arrive(outcomes: &'a Outcomes) -> Waiter<'a> {
        let seen = outcomes.latest().attempt;
        Waiter { outcomes, seen }
    }

    /// Registers for the next change (an outcome published, the lock released): made before
    /// looking and trying the lock, awaited after.
    pub(super) fn next_change(&self) -> Notified<'a> {
        self.outcomes.changed.notified()
    }

    /// The result of an attempt published since arrival, if any.
    pub(super) fn outcome(&mut self) -> Option<Shared> {
        let outcome = self.outcomes.latest();
        (outcome.attempt > self.seen)
            .then(|| outcome.result.as_deref().cloned())
            .flatten()
    }
}

/// The flight lock, held by the caller that renews. Dropping it wakes the waiting callers.
pub(super) struct FlightGuard<'a> {
    lock: Option<MutexGuard<'a, Flight>>,
    outcomes: &'a Outcomes,
}

impl<'a> FlightGuard<'a> {
    pub(super) fn new(lock: MutexGuard<'a, Flight>, outcomes: &'a Outcomes) -> Self {
        FlightGuard {
            lock: Some(lock),
            outcomes,
        }
    }

    /// Hands `result` to every waiting caller.
    pub(super) fn publish(&self, result: Shared) {
        {
            let mut outcome = self.outcomes.latest();
            outcome.attempt = outcome.attempt.wrapping_add(1);
            outcome.result = Some(Box::new(result));
        }
        self.outcomes.changed.notify_waiters();
    }
}

impl Drop for FlightGuard<'_> {
    /// Unlocks first, then wakes the waiters: one that looks again finds the lock free.
    fn drop(&mut self) {
        self.lock.take();
        self.outcomes.changed.notify_waiters();
    }
}

impl Deref for FlightGuard<'_> {
    type Target = Flight;

    #[allow(clippy::unreachable)] // An invariant of this type, not data from outside.
    fn deref(&self) -> &Flight {
        match &self.lock {
            Some(lock) => lock,
            None => unreachable!("the lock is released only on drop"),
        }
    }
}

impl DerefMut for FlightGuard<'_> {
    #[allow(clippy::unreachable)] // An invariant of this type, not data from outside.
    fn deref_mut(&mut self) -> &mut Flight {
        match &mut self.lock {
            Some(lock) => lock,
            None => unreachable!("the lock is released only on drop"),
        }
    }
}
