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
//! - A pool's sessions have no task each: the pool's timetable ([`super::timetable`]) follows
//!   the same plan ([`step_of`]) for all of them in one task.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::time::{sleep_until, Instant};

use super::current::Current;
use super::{Inner, Session};
use crate::error::Error;
use crate::provider::Provider;
use crate::token::Token;

/// Callers get the token until this long before it expires (or a tenth of its lifetime, if
/// less): long enough for the request that carries it to arrive.
pub(crate) const HARD_MARGIN: Duration = Duration::from_secs(5);

/// The least pause before a failed background renewal is tried again, whatever the session's
/// backoff says (`retries(n, Duration::ZERO)` must not make a tight loop).
const MIN_RETRY: Duration = Duration::from_millis(100);

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
    /// Boxed: most sessions never fail, and a pool holds many.
    pub(super) last_error: Option<Box<Error>>,
}

impl Record {
    /// Counts a renewal's outcome.
    pub(super) fn note<T>(&mut self, result: &Result<T, Error>) {
        match result {
            Ok(_) => *self = Record::default(),
            // Nothing was sent: not a failure of the provider's.
            Err(Error::MustWait { .. }) => {}
            Err(error) => {
                self.failures = self.failures.saturating_add(1);
                self.last_error = Some(Box::new(error.clone()));
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
        last_error: record.last_error.as_deref().cloned(),
    }
}

/// The instant callers stop being handed `token`: [`HARD_MARGIN`] before it expires, at most
/// a tenth of its lifetime and half the renewal `margin` (so that the renewal ahead of the
/// margin always comes first).
pub(super) fn hard_deadline(token: &Token, lifetime: Duration, margin: Duration) -> Instant {
    let margin = HARD_MARGIN
        .min(lifetime.checked_div(10).unwrap_or_default())
        .min(margin.checked_div(2).unwrap_or_default());
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
        let Some((next, wake)) = next_step(&inner, retry_at) else {
            return;
        };
        // Woken early by a token installed meanwhile (a caller's renewal, an adoption), or by
        // the session's drop; the notification first, when both are ready.
        match &next {
            Step::At(at, ..) => {
                tokio::select! {
                    biased;
                    () = wake.notified() => { retry_at = None; continue; }
                    () = sleep_until(*at) => {}
                }
            }
            Step::Wait => {
                wake.notified().await;
                retry_at = None;
                continue;
            }
        }
        match next {
            Step::At(_, Action::Expire, planned) => {
                if let Some(planned) = planned {
                    expire(&planned);
                }
            }
            Step::At(_, Action::Renew, planned) => {
                // Boxed: the renewal's future (the token request's, a kilobyte or more) is
                // allocated while it runs, not held by every idle session's task.
                match Box::pin(renew_in_turn(&inner, planned.as_ref(), None)).await {
                    Some(result) => retry_at = result.err(),
                    None => return,
                }
            }
            Step::Wait => {}
        }
    }
}

/// A renewal of `planned` (or a first token), after a turn among `turns` if given. Its token
/// stops being handed out at its deadline even while this waits for a turn or runs. `None`
/// once the session is dropped.
pub(super) async fn renew_in_turn<P: Provider>(
    inner: &Weak<Inner<P>>,
    planned: Option<&Arc<Current>>,
    turns: Option<&tokio::sync::Semaphore>,
) -> Option<Result<(), Instant>> {
    let work = async {
        // A pool's timetable runs so many renewals at once; the rest wait here, small (the
        // renewal's own future is made once the turn comes).
        let _turn = match turns {
            Some(turns) => turns.acquire().await.ok(),
            None => None,
        };
        Box::pin(renew_planned(inner, planned)).await
    };
    tokio::pin!(work);
    let deadline = planned.map(|c| c.renew_at);
    let mut expired = false;
    loop {
        tokio::select! {
            result = &mut work => return result,
            () = sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() && !expired => {
                if let Some(planned) = planned {
                    expire(planned);
                }
                expired = true;
            }
        }
    }
}

/// Renews `planned` if it is still the session's token (a pool's bound on renewals is taken
/// where the request is sent, [`super::renew`]).
async fn renew_planned<P: Provider>(
    inner: &Weak<Inner<P>>,
    planned: Option<&Arc<Current>>,
) -> Option<Result<(), Instant>> {
    let session = Session {
        inner: Weak::upgrade(inner)?,
    };
    if let Some(planned) = planned {
        if !is_current(&session, planned) {
            // Replaced meanwhile: the next step is the new token's.
            return Some(Ok(()));
        }
    }
    Some(session.renew_ahead(planned.map(|c| &*c.token)).await)
}

/// Whether `planned` is still the session's token.
fn is_current<P: Provider>(session: &Session<P>, planned: &Arc<Current>) -> bool {
    session.inner.current.holds(planned)
}

/// Stops handing out `planned` on the cached read: callers renew on their path.
pub(super) fn expire(planned: &Current) {
    planned.fresh.store(false, Ordering::Relaxed);
}

pub(super) enum Step {
    /// Do the action at the instant, for that token (`None`: no token yet).
    At(Instant, Action, Option<Arc<Current>>),
    /// Nothing to do until a token is installed.
    Wait,
}

#[derive(Clone, Copy)]
pub(super) enum Action {
    /// Renew the token.
    Renew,
    /// Stop handing out the token: it is about to expire, and renewal has not replaced it.
    Expire,
}

/// What the task does next, and what wakes it early; `None` once the session is dropped.
fn next_step<P: Provider>(
    inner: &Weak<Inner<P>>,
    retry_at: Option<Instant>,
) -> Option<(Step, Arc<tokio::sync::Notify>)> {
    let inner = Weak::upgrade(inner)?;
    let super::Renewer::Task(wake) = &inner.renewer else {
        return None;
    };
    Some((step_of(&inner, retry_at), Arc::clone(wake)))
}

/// The next thing to do for the session `inner`, after a failed try that asked to be retried
/// at `retry_at`: the one place the background plan is read, by a session's own task and by a
/// pool's timetable alike.
pub(super) fn step_of<P: Provider>(inner: &Inner<P>, retry_at: Option<Instant>) -> Step {
    let Some(current) = inner.current.load_full() else {
        // No token: get one now (or after the backoff of a failed try), where that sends
        // anything; else wait for a caller to seed one.
        let sends = super::renew::would_send(P::INFO, None);
        return match (retry_at, sends) {
            (_, false) => Step::Wait,
            (at, true) => Step::At(at.unwrap_or_else(Instant::now), Action::Renew, None),
        };
    };
    let fresh = current.fresh.load(Ordering::Relaxed);
    if current.token.never_expires() {
        Step::Wait
    } else if !super::renew::would_send(P::INFO, Some(&current.token)) {
        // Nothing can renew it (renew = "none", no refresh token left): it is handed out
        // until it expires, and then the callers hear why.
        match fresh {
            true => Step::At(current.renew_at, Action::Expire, Some(current)),
            false => Step::Wait,
        }
    } else if !fresh {
        // Expired and not replaced: keep trying, so that the next caller finds a token.
        let at = retry_at.unwrap_or_else(Instant::now);
        Step::At(at, Action::Renew, Some(current))
    } else {
        let renew = retry_at.unwrap_or(current.renew_ahead_at);
        match renew < current.renew_at {
            true => Step::At(renew, Action::Renew, Some(current)),
            false => Step::At(current.renew_at, Action::Expire, Some(current)),
        }
    }
}

impl<P: Provider> Session<P> {
    /// Renews `planned` (or gets a first token) ahead of the margin; on failure, when to try
    /// again: after the backoff (at least `MIN_RETRY`), or the provider's `Retry-After`.
    async fn renew_ahead(&self, planned: Option<&Token>) -> Result<(), Instant> {
        let result = self.obtain(planned, Duration::ZERO).await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => {
                let failures = self.inner.record().failures;
                let backoff = self
                    .inner
                    .config
                    .backoff(failures.saturating_sub(1))
                    .max(MIN_RETRY);
                let wait = match &error {
                    Error::MustWait { retry_after, .. } => (*retry_after).max(backoff),
                    _ => backoff,
                };
                tracing::warn!(provider = P::INFO.name, %error, ?wait, "background renewal failed; the current token is served while it lasts");
                Err(crate::token::instant_after(wait))
            }
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

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn callers_keep_a_token_until_just_before_it_expires() {
        let long = token(Duration::from_secs(3600));
        assert_eq!(
            long.expires_at()
                .duration_since(hard_deadline(&long, HOUR, Duration::from_secs(60))),
            HARD_MARGIN
        );
        // A margin under the hard one: the hard deadline stays inside it.
        assert_eq!(
            long.expires_at()
                .duration_since(hard_deadline(&long, HOUR, Duration::from_secs(2))),
            Duration::from_secs(1)
        );
        let short = token(Duration::from_secs(10));
        assert_eq!(
            short.expires_at().duration_since(hard_deadline(
                &short,
                Duration::from_secs(10),
                Duration::from_secs(5)
            )),
            Duration::from_secs(1)
        );
    }
}
