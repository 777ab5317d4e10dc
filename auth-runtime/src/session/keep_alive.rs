//! Keep-alive for refresh tokens that lapse unused (`refresh_idle_lifetime`: Microsoft's
//! inactive refresh tokens, Xero's 60 days). A grant nobody calls with would be revoked, and
//! the next call, weeks later, would find it gone and need a person to log in again.
//!
//! A refresh token was last used when the token that came with it was received: it is
//! refreshed again once four fifths of the idle lifetime have passed since, with a fifth to
//! spare for a provider that is down or a process that is busy. A session that renews in the
//! background folds that instant into its plan; a pool does it for its other sessions, and for
//! the ones it evicted from memory, whose providers it keeps ([`super::pool`]).

use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use crate::provider::Provider;
use crate::token::Token;

/// How long until `token`'s refresh token must be used again (zero once due), if the provider
/// lets idle ones lapse and the token has one.
fn refresh_in<P: Provider>(token: &Token) -> Option<Duration> {
    let idle = P::INFO.refresh_idle_lifetime()?;
    token.refresh_token()?;
    let spare = idle.checked_div(5).unwrap_or_default();
    let age = SystemTime::now()
        .duration_since(token.received_at())
        .unwrap_or(Duration::ZERO);
    Some(idle.saturating_sub(spare).saturating_sub(age))
}

/// When `token`'s refresh token must be used again, if the provider lets idle ones lapse and
/// the token has one.
pub(super) fn refresh_by<P: Provider>(token: &Token) -> Option<Instant> {
    refresh_in::<P>(token).map(crate::token::instant_after)
}

/// Whether `token`'s refresh token is due to be used, lest it lapse.
fn refresh_due<P: Provider>(token: &Token) -> bool {
    refresh_in::<P>(token) == Some(Duration::ZERO)
}

/// How often a pool looks for grants to keep alive: a tenth of the idle lifetime, so that one
/// is refreshed at most that long after its instant, well within its fifth to spare.
pub(super) fn sweep_period<P: Provider>() -> Option<Duration> {
    let idle = P::INFO.refresh_idle_lifetime()?;
    Some(idle.checked_div(10).unwrap_or_default())
}

/// A session a pool evicted from memory whose grant lapses unused: its provider, kept to make
/// the session again and refresh the grant before `refresh_by`.
pub(super) struct Dormant<P> {
    pub(super) refresh_by: Instant,
    pub(super) provider: std::sync::Arc<P>,
}

/// A pool's dormant grants, the soonest due first.
pub(super) struct Schedule<P>(std::collections::BinaryHeap<std::cmp::Reverse<Dormant<P>>>);

impl<P> Default for Schedule<P> {
    fn default() -> Self {
        Schedule(std::collections::BinaryHeap::new())
    }
}

impl<P> Schedule<P> {
    pub(super) fn push(&mut self, dormant: Dormant<P>) {
        self.0.push(std::cmp::Reverse(dormant));
    }

    /// Takes the grants due by `by`.
    pub(super) fn take_due(&mut self, by: Instant) -> Vec<Dormant<P>> {
        let mut due = Vec::new();
        while self.0.peek().is_some_and(|next| next.0.refresh_by <= by) {
            due.extend(self.0.pop().map(|next| next.0));
        }
        due
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

// Ordered by the instant alone: a heap of them is a timetable.
impl<P> PartialEq for Dormant<P> {
    fn eq(&self, other: &Self) -> bool {
        self.refresh_by == other.refresh_by
    }
}

impl<P> Eq for Dormant<P> {}

impl<P> PartialOrd for Dormant<P> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<P> Ord for Dormant<P> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.refresh_by.cmp(&other.refresh_by)
    }
}

impl<P: Provider> super::Session<P> {
    /// When this session's grant must be refreshed to stay alive, if it lapses unused.
    pub(super) fn refresh_by(&self) -> Option<Instant> {
        refresh_by::<P>(&self.inner.current.load_full()?.token)
    }

    /// Whether this session's grant is due for a refresh, lest it lapse unused.
    pub(super) fn refresh_due(&self) -> bool {
        let current = self.inner.current.load_full();
        current.is_some_and(|current| refresh_due::<P>(&current.token))
    }

    /// Refreshes the grant if it is due to lapse unused (reading the store's token first, for a
    /// session a pool made again): the refresh token is used, and the provider's idle clock
    /// starts over. Does nothing when the grant is not due, or another renewal got there first.
    pub(super) async fn keep_alive(&self) -> Result<(), crate::error::Error> {
        let held = match self.inner.current.load_full() {
            Some(current) => std::sync::Arc::clone(&current.token),
            None => match self.stored_token().await? {
                Some(token) => token,
                None => return Ok(()),
            },
        };
        if !refresh_due::<P>(&held) {
            return Ok(());
        }
        tracing::debug!(
            provider = P::INFO.name,
            "refreshing an idle grant before it lapses"
        );
        // Handed in as the token to replace: the single flight renews it, once, whoever asks.
        self.obtain(Some(&held), Duration::ZERO).await.map(|_| ())
    }
}
