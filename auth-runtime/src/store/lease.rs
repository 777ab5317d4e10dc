//! Renewal leases: one renewer per identity at a time, across every user of a store.
//!
//! A lease has an owner token (random, never a secret of the provider's), a deadline (`ttl`
//! from its last extension), and is released by compare-and-delete: only its owner can release
//! or extend it, so a holder whose lease lapsed and was taken by another cannot free the new
//! holder's. A lease is for liveness only; the version check of a conditional save is what keeps
//! a stale holder from overwriting a newer token.

use std::future::Future;
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::error::Error;

/// How a renewal lease is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaseTerms {
    /// How long the lease lasts unless extended: a holder that dies frees it after this. A
    /// session extends it every third of it while its token request runs.
    pub ttl: Duration,
    /// How long to wait for the holder to release it before [`Error::LeaseUnavailable`].
    pub wait: Duration,
}

/// The store's side of a held lease.
#[async_trait]
pub trait LeaseHolder: Send + Sync {
    /// Pushes the deadline to `ttl` from now. `Ok(false)`: the lease was lost (it lapsed, and
    /// another owner may hold it now).
    async fn extend(&self, ttl: Duration) -> Result<bool, Error>;

    /// Releases the lease if this owner still holds it, and wakes whoever waits for it.
    async fn release(self: Box<Self>) -> Result<(), Error>;
}

/// A held renewal lease. Release it with [`Lease::release`]; one dropped unreleased frees
/// itself at its deadline (a file lock at once).
pub struct Lease {
    holder: Option<Box<dyn LeaseHolder>>,
    ttl: Duration,
}

impl Lease {
    /// A lease held through `holder`, for `ttl` at a time.
    pub fn held(holder: impl LeaseHolder + 'static, ttl: Duration) -> Lease {
        Lease {
            holder: Some(Box::new(holder)),
            ttl,
        }
    }

    /// No lease: for a store that only one process uses.
    pub fn unguarded(ttl: Duration) -> Lease {
        Lease { holder: None, ttl }
    }

    /// How long the lease lasts from each extension.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Extends the lease by its `ttl`; `Ok(false)` if it was lost.
    pub async fn extend(&self) -> Result<bool, Error> {
        match &self.holder {
            Some(holder) => holder.extend(self.ttl).await,
            None => Ok(true),
        }
    }

    /// Releases the lease.
    pub async fn release(mut self) -> Result<(), Error> {
        match self.holder.take() {
            Some(holder) => holder.release().await,
            None => Ok(()),
        }
    }

    /// Runs `work` while extending the lease every third of its `ttl`, so that a token request
    /// slower than the lease keeps it. A lost lease is logged and the work goes on: it cannot
    /// be recalled once sent, and the conditional save decides whether its result lands.
    pub async fn keep_during<T>(&self, provider: &'static str, work: impl Future<Output = T>) -> T {
        if self.holder.is_none() {
            return work.await;
        }
        let every = self.ttl.checked_div(3).unwrap_or_default();
        let every = every.max(Duration::from_millis(10));
        let mut work = std::pin::pin!(work);
        loop {
            tokio::select! {
                biased;
                done = &mut work => return done,
                () = tokio::time::sleep(every) => match self.extend().await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(provider, "the renewal lease lapsed while renewing; the save's version check decides"),
                    Err(error) => tracing::warn!(provider, %error, "could not extend the renewal lease"),
                },
            }
        }
    }
}

impl std::fmt::Debug for Lease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lease")
            .field("held", &self.holder.is_some())
            .field("ttl", &self.ttl)
            .finish()
    }
}

/// A random owner token for a lease: 128 bits, base64url.
pub(crate) fn owner_token() -> Result<String, Error> {
    crate::random::random_token(16)
}

/// Raises `released`: a release was heard, and whoever waits on it looks again.
pub(crate) fn announce(released: &watch::Sender<u64>) {
    released.send_modify(|n| *n = n.wrapping_add(1));
}

/// Waits up to `timeout` for a release notice on `released` (subscribed before `held` is
/// asked, so that a release in between is not missed), unless `held` says the lease is free.
pub(crate) async fn wait_for_release(
    mut released: watch::Receiver<u64>,
    held: impl Future<Output = bool>,
    timeout: Duration,
) {
    let wait = async {
        if held.await {
            let _ = released.changed().await;
        }
    };
    let _ = tokio::time::timeout(timeout, wait).await;
}

/// Takes a lease by trying `take` until it succeeds or `terms.wait` has passed. Between tries
/// it waits for a release notice on `released` (where the store has them; subscribed before the
/// first try) or a backoff from 1 ms doubling to 50 ms, whichever comes first. For a store over
/// the network (`remote`), a try that fails is retried the same way (the store may be
/// restarting), and the last error is the one reported; a local store's failure (a file
/// refused) is returned at once.
pub(crate) async fn acquire<T, Take>(
    store: &'static str,
    remote: bool,
    terms: LeaseTerms,
    mut take: impl FnMut() -> Take,
    mut released: Option<watch::Receiver<u64>>,
) -> Result<T, Error>
where
    Take: Future<Output = Result<Option<T>, Error>>,
{
    let deadline = crate::token::instant_after(terms.wait);
    let mut pause = Duration::from_millis(1);
    loop {
        let last_error = match take().await {
            Ok(Some(lease)) => return Ok(lease),
            Ok(None) => None,
            Err(error) if remote => Some(error),
            Err(error) => return Err(error),
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::LeaseUnavailable {
                store,
                waited: terms.wait,
                source: last_error.map(Box::new),
            });
        }
        let wait = pause.min(left);
        match released.as_mut() {
            Some(released) => {
                let _ = tokio::time::timeout(wait, released.changed()).await;
            }
            None => tokio::time::sleep(wait).await,
        }
        pause = pause.saturating_mul(2).min(Duration::from_millis(50));
    }
}
