//! The single flight: one caller renews, the others wait for its outcome.
//!
//! Waiting callers never queue on the flight lock. They subscribe to the outcome channel, then
//! try the lock; the one that gets it renews and publishes the outcome, which wakes every
//! waiter at once (10,000 callers would otherwise take the lock in turn). Every release of the
//! lock wakes them too, whether or not it published (a holder that found the token fresh, or
//! whose future was dropped mid-renewal), and they look again. Subscribing before trying the
//! lock is what makes that safe: a release after the subscription is always seen.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use tokio::sync::{watch, MutexGuard};

use super::current::Current;
use super::renew::Flight;
use crate::error::Error;

/// A renewal's result, shared with every caller that waited for it.
pub(super) type Shared = Result<Arc<Current>, Error>;

/// The outcome of the latest renewal attempt.
#[derive(Default)]
pub(super) struct Outcome {
    /// How many attempts have been published; a caller takes the outcome of one made after
    /// it arrived.
    attempt: u64,
    result: Option<Shared>,
}

/// A caller's view of the outcomes, from its arrival on.
pub(super) struct Waiter {
    outcomes: watch::Receiver<Outcome>,
    seen: u64,
}

impl Waiter {
    /// Subscribes; only attempts published from now on count.
    pub(super) fn arrive(outcomes: &watch::Sender<Outcome>) -> Waiter {
        let mut outcomes = outcomes.subscribe();
        let seen = outcomes.borrow_and_update().attempt;
        Waiter { outcomes, seen }
    }

    /// The result of an attempt published since arrival, if any.
    pub(super) fn outcome(&mut self) -> Option<Shared> {
        let outcome = self.outcomes.borrow_and_update();
        (outcome.attempt > self.seen)
            .then(|| outcome.result.clone())
            .flatten()
    }

    /// Waits for the next outcome or release of the lock.
    pub(super) async fn next(&mut self) {
        // The sender lives in the session, as long as any caller: `changed` cannot fail.
        let _ = self.outcomes.changed().await;
    }
}

/// The flight lock, held by the caller that renews. Dropping it wakes the waiting callers.
pub(super) struct FlightGuard<'a> {
    lock: Option<MutexGuard<'a, Flight>>,
    outcomes: &'a watch::Sender<Outcome>,
}

impl<'a> FlightGuard<'a> {
    pub(super) fn new(lock: MutexGuard<'a, Flight>, outcomes: &'a watch::Sender<Outcome>) -> Self {
        FlightGuard {
            lock: Some(lock),
            outcomes,
        }
    }

    /// Hands `result` to every waiting caller.
    pub(super) fn publish(&self, result: Shared) {
        self.outcomes.send_modify(|outcome| {
            outcome.attempt = outcome.attempt.wrapping_add(1);
            outcome.result = Some(result);
        });
    }
}

impl Drop for FlightGuard<'_> {
    /// Unlocks first, then wakes the waiters: one that looks again finds the lock free.
    fn drop(&mut self) {
        self.lock.take();
        self.outcomes.send_modify(|_| {});
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
