//! Renewal in the background ([`crate::SessionBuilder::renew_in_background`]): a task renews
//! the session's token ahead of its margin, off every caller's path, so that callers wait only
//! when the token has expired (the provider was down for longer than the margin).
//!
//! - The task renews at a jittered instant between one and one and a half margins before
//!   expiry, so that sessions made together do not renew together. Callers are handed the
//!   token until a short while before it expires (`HARD_MARGIN`): the cached read looks at one
//!   flag the task clears then, with no clock read.
//! - A failure keeps the still-valid token served, and is tried again after the session's
//!   backoff (or the provider's `Retry-After`); [`Session::health`] says the token is stale.
//! - A session without a token gets one at once (a store's, or a login where the grant logs
//!   in), so that the first caller does not wait either.
//! - The task holds the session weakly: dropping the last handle ends it. It needs a tokio
//!   runtime, which [`crate::SessionBuilder::build`] must run inside.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::time::{sleep_until, Instant};

use super::{Inner, Session};
use crate::error::Error;
use crate::provider::Provider;
use crate::token::Token;

/// Callers get the token until this long before it expires (or a tenth of its lifetime, if
/// less): long enough for the request that carries it to arrive.
pub(crate) const HARD_MARGIN: Duration = Duration::from_secs(5);

/// What a dashboard wants to know of a session's token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HealthState {
    /// No token yet.
    Empty,
    /// A valid token, and no failed renewal since it was obtained.
    Fresh,
    /// A valid token that renewal has failed to replace: it is still served until it expires.
    Stale,
    /// The token has expired, and no renewal has replaced it.
    Expired,
}

/// A session's state: its token's, and its renewals'.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Health {
    /// Fresh, stale, expired or empty.
    pub state: HealthState,
    /// How long the current token has left, if there is one.
    pub time_left: Option<Duration>,
    /// Renewals failed in a row.
    pub failures: u32,
    /// The last renewal's error, if it failed.
    pub last_error: Option<Error>,
}

/// What the session remembers of its renewals, for [`Health`].
#[derive(Default)]
pub(super) struct Record {
    pub(super) failures: u32,
    pub(super) last_error: Option<Error>,
}

impl Record {
    /// Counts a renewal's outcome.
    pub(super) fn note<T>(&mut self, result: &Result<T, Error>) {
        match result {
            Ok(_) => *self = Record::default(),
            Err(error) => {
                self.failures = self.failures.saturating_add(1);
                self.last_error = Some(error.clone());
            }
        }
    }
}

/// The state of `token` (if any) after `record`.
pub(super) fn health(token: Option<&Token>, record: &Record) -> Health {
    let state = match token {
        None => HealthState::Empty,
        Some(token) if token.is_expired() => HealthState::Expired,
        Some(_) if record.failures > 0 => HealthState::Stale,
        Some(_) => HealthState::Fresh,
    };
    Health {
        state,
        time_left: token.map(Token::time_left),
        failures: record.failures,
        last_error: record.last_error.clone(),
    }
}

/// The instant callers stop being handed `token`: [`HARD_MARGIN`] (at most a tenth of its
/// lifetime) before it expires.
pub(super) fn hard_deadline(token: &Token, lifetime: Duration) -> Instant {
    let margin = HARD_MARGIN.min(lifetime.checked_div(10).unwrap_or_default());
    let expiry = token.expires_at();
    expiry.checked_sub(margin).unwrap_or(expiry)
}

/// The instant the task renews `token`: `margin` before its expiry, and up to half a margin
/// more, at random.
pub(super) fn renewal_instant(token: &Token, margin: Duration) -> Instant {
    let jitter = margin
        .checked_div(2)
        .unwrap_or_default()
        .mul_f64(fastrand::f64());
    let ahead = margin.saturating_add(jitter);
    let expiry = token.expires_at();
    expiry.checked_sub(ahead).unwrap_or(expiry)
}

/// Starts the renewal task of the session `inner`, on the current tokio runtime.
pub(super) fn spawn<P: Provider>(inner: &Arc<Inner<P>>) -> Result<(), Error> {
    let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
        Error::config(
            "renewal in the background needs a tokio runtime: build the session inside one",
        )
    })?;
    runtime.spawn(run(Arc::downgrade(inner)));
    Ok(())
}

/// The task: until the session is dropped, waits for the next thing to do and does it.
async fn run<P: Provider>(inner: Weak<Inner<P>>) {
    let mut retry_at: Option<Instant> = None;
    loop {
        let Some(next) = next_step(&inner, retry_at) else {
            return;
        };
        // Woken early by a token installed meanwhile (a caller's renewal, an adoption).
        let woken = match Weak::upgrade(&inner) {
            Some(strong) => {
                let wake = Arc::clone(&strong.wake);
                drop(strong);
                wake
            }
            None => return,
        };
        match next {
            Step::At(at, _) => {
                tokio::select! {
                    () = sleep_until(at) => {}
                    () = woken.notified() => { retry_at = None; continue; }
                }
            }
            Step::Wait => {
                woken.notified().await;
                retry_at = None;
                continue;
            }
        }
        let Some(strong) = Weak::upgrade(&inner) else {
            return;
        };
        let session = Session { inner: strong };
        match next {
            Step::At(_, Action::Expire) => session.expire_current(),
            Step::At(_, Action::Renew) => {
                // A pool's turn first: its renewals in flight at once are bounded. (A closed
                // semaphore is never made: `acquire` cannot fail.)
                let permits = session.inner.permits.clone();
                let _turn = match &permits {
                    Some(permits) => permits.acquire().await.ok(),
                    None => None,
                };
                retry_at = session.renew_ahead().await.err();
            }
            Step::Wait => {}
        }
    }
}

#[derive(Clone, Copy)]
enum Step {
    /// Do the action at the instant.
    At(Instant, Action),
    /// Nothing to do until a token is installed.
    Wait,
}

#[derive(Clone, Copy)]
enum Action {
    /// Renew the token.
    Renew,
    /// Stop handing out the token: it is about to expire, and renewal has not replaced it.
    Expire,
}

/// What the task does next, or `None` once the session is dropped.
fn next_step<P: Provider>(inner: &Weak<Inner<P>>, retry_at: Option<Instant>) -> Option<Step> {
    let inner = Weak::upgrade(inner)?;
    let Some(current) = inner.current.load_full() else {
        // No token: get one now (or after the backoff of a failed try), where that sends
        // anything; else wait for a caller to seed one.
        let sends = super::renew::would_send(P::INFO, None);
        return Some(match (retry_at, sends) {
            (_, false) => Step::Wait,
            (at, true) => Step::At(at.unwrap_or_else(Instant::now), Action::Renew),
        });
    };
    if current.token.never_expires() {
        return Some(Step::Wait);
    }
    if !super::renew::would_send(P::INFO, Some(&current.token)) {
        // Nothing can renew it (renew = "none", no refresh token left): it is handed out
        // until it expires, and then the callers hear why.
        return Some(match current.fresh.load(Ordering::Relaxed) {
            true => Step::At(current.renew_at, Action::Expire),
            false => Step::Wait,
        });
    }
    if !current.fresh.load(Ordering::Relaxed) {
        // Expired and not replaced: keep trying, so that the next caller finds a token.
        return Some(Step::At(
            retry_at.unwrap_or_else(Instant::now),
            Action::Renew,
        ));
    }
    let renew = retry_at.unwrap_or(current.renew_ahead_at);
    Some(if renew < current.renew_at {
        Step::At(renew, Action::Renew)
    } else {
        Step::At(current.renew_at, Action::Expire)
    })
}

impl<P: Provider> Session<P> {
    /// Renews ahead of the margin; on failure, when to try again.
    async fn renew_ahead(&self) -> Result<(), Instant> {
        let held = self.inner.current.load_full();
        let result = self
            .obtain(held.as_deref().map(|c| &*c.token), Duration::ZERO)
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => {
                let failures = self.inner.record().failures;
                let backoff = self.inner.config.backoff(failures.saturating_sub(1));
                let wait = match &error {
                    Error::MustWait { retry_after, .. } => (*retry_after).max(backoff),
                    _ => backoff,
                };
                tracing::warn!(provider = P::INFO.name, %error, ?wait, "background renewal failed; the current token is served while it lasts");
                Err(crate::token::instant_after(wait))
            }
        }
    }

    /// Stops handing out the current token on the cached read: callers renew on their path.
    fn expire_current(&self) {
        if let Some(current) = self.inner.current.load_full() {
            current.fresh.store(false, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::Issued;

    fn token(lifetime: Duration) -> Token {
        Token::issued(Issued {
            access_token: "t".to_owned().into(),
            token_type: "Bearer".into(),
            lifetime: Some(lifetime),
            refresh_token: None,
            scope: None,
            extra: Default::default(),
            never_expires: false,
        })
    }

    #[test]
    fn renewals_spread_over_half_a_margin_ahead_of_the_margin() {
        let token = token(Duration::from_secs(600));
        let margin = Duration::from_secs(60);
        let expiry = token.expires_at();
        let instants: Vec<Instant> = (0..200).map(|_| renewal_instant(&token, margin)).collect();
        for at in &instants {
            let ahead = expiry.duration_since(*at);
            assert!(ahead >= margin && ahead <= margin + margin / 2, "{ahead:?}");
        }
        let first = instants[0];
        assert!(
            instants.iter().any(|at| *at != first),
            "jittered, not all at once"
        );
    }

    #[test]
    fn callers_keep_a_token_until_just_before_it_expires() {
        let long = token(Duration::from_secs(3600));
        assert_eq!(
            long.expires_at()
                .duration_since(hard_deadline(&long, Duration::from_secs(3600))),
            HARD_MARGIN
        );
        let short = token(Duration::from_secs(10));
        assert_eq!(
            short
                .expires_at()
                .duration_since(hard_deadline(&short, Duration::from_secs(10))),
            Duration::from_secs(1)
        );
    }
}
