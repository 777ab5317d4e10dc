//! Renewal leases: one renewer per identity at a time, across every user of a store.
//!
//! A lease has an owner token (random, never a secret of the provider's), a deadline (`ttl`
//! from its last extension), and is released by compare-and-delete: only its owner can release
//! or extend it, so a holder whose lease lapsed and was taken by another cannot free the new
//! holder's. A lease is for liveness only; the version check of a conditional save is what keeps
//! a stale holder from overwriting a newer token.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::broadcast;
use tokio::time::Instant;

use super::Versioned;
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
    /// What the store held for the key as it granted the lease, when it read it in that step.
    stored: Option<Option<Versioned>>,
}

impl Lease {
    /// A lease held through `holder`, for `ttl` at a time.
    pub fn held(holder: impl LeaseHolder + 'static, ttl: Duration) -> Lease {
        Lease {
            holder: Some(Box::new(holder)),
            ttl,
            stored: None,
        }
    }

    /// The lease, with what the store held for the key when it granted it (`None`: nothing):
    /// for a store that reads the record in the same step as it takes the lease, which saves
    /// the holder a round trip. Only a read made after the lease was taken will do: an older
    /// one may miss the last holder's save.
    pub fn with_stored(mut self, stored: Option<Versioned>) -> Lease {
        self.stored = Some(stored);
        self
    }

    /// The lease, with what the store read as it granted it, if that read opened: a record
    /// that does not is left to the holder's reload, which reports it.
    #[cfg_attr(not(any(feature = "redis", feature = "postgres")), allow(dead_code))]
    pub(crate) fn with_read(self, read: Result<Option<Versioned>, Error>) -> Lease {
        match read {
            Ok(stored) => self.with_stored(stored),
            Err(_) => self,
        }
    }

    /// What the store held when it granted the lease, if it read it then (see
    /// [`Lease::with_stored`]); taken once. `None`: load it.
    pub fn take_stored(&mut self) -> Option<Option<Versioned>> {
        self.stored.take()
    }

    /// No lease: for a store that only one process uses.
    pub fn unguarded(ttl: Duration) -> Lease {
        Lease {
            holder: None,
            ttl,
            stored: None,
        }
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

/// A release a store heard: whose lease (`topic`, the store's name for it) and, where the
/// notice carried it, the store's encoding of the token its holder left (so that a waiter
/// adopts it without a read).
#[derive(Debug)]
pub(crate) struct Notice {
    pub(crate) topic: String,
    pub(crate) left: Option<String>,
}

/// A store's release notices: raised by whoever hears them, awaited by its waiters, each of
/// which keeps only its own key's.
pub(crate) type Notices = broadcast::Sender<Arc<Notice>>;

/// A channel of notices, keeping the last 64 for waiters that fall behind.
pub(crate) fn notices() -> Notices {
    broadcast::channel(64).0
}

/// Tells every waiter of the store about `notice`.
pub(crate) fn announce(notices: &Notices, notice: Notice) {
    // No receiver: nobody waits.
    let _ = notices.send(Arc::new(notice));
}

/// The next notice on `topic`: its record (`None`: it carried none, or notices were missed,
/// or the store is gone: look).
async fn next_on(notices: &mut broadcast::Receiver<Arc<Notice>>, topic: &str) -> Option<String> {
    loop {
        match notices.recv().await {
            Ok(notice) if notice.topic == topic => return notice.left.clone(),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

/// What one try at a lease came to, for a store with notices: the lease (`T`), or the
/// holder's release and what its notice carried.
pub(crate) enum Tried<T> {
    Taken(T),
    // Only the shared stores' notices carry records.
    #[cfg_attr(not(any(feature = "redis", feature = "postgres")), allow(dead_code))]
    Released(Option<String>),
}

/// One turn at the lease of `topic` (see `TokenStore::take_turn`): `take` once; if it is held,
/// wait up to `wait` for its release notice on `notices`, subscribed before `take` was made,
/// so that a release in between is not missed. No notice within `wait`, or a failed `take`, is
/// [`Error::LeaseUnavailable`] (with the failure as its cause).
pub(crate) async fn take_turn<T>(
    store: &'static str,
    take: impl Future<Output = Result<Option<T>, Error>>,
    mut notices: broadcast::Receiver<Arc<Notice>>,
    topic: &str,
    wait: Duration,
) -> Result<Tried<T>, Error> {
    match take.await {
        Ok(Some(taken)) => Ok(Tried::Taken(taken)),
        Ok(None) => match tokio::time::timeout(wait, next_on(&mut notices, topic)).await {
            Ok(left) => Ok(Tried::Released(left)),
            Err(_) => Err(Error::LeaseUnavailable {
                store,
                waited: wait,
                source: None,
            }),
        },
        Err(error) => Err(Error::LeaseUnavailable {
            store,
            waited: Duration::ZERO,
            source: Some(Box::new(error)),
        }),
    }
}

/// Takes a lease by trying `take` until it succeeds or `terms.wait` has passed. Between tries
/// it waits for a release notice of `topic` on `notices` (where the store has them; subscribed
/// before the first try) or a backoff from 1 ms doubling to 50 ms, whichever comes first. For a store over
/// the network (`remote`), a try that fails is retried the same way (the store may be
/// restarting), and the last error is the one reported; a local store's failure (a file
/// refused) is returned at once.
pub(crate) async fn acquire<T, Take>(
    store: &'static str,
    remote: bool,
    terms: LeaseTerms,
    mut take: impl FnMut() -> Take,
    mut notices: Option<(broadcast::Receiver<Arc<Notice>>, &str)>,
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
        match notices.as_mut() {
            Some((notices, topic)) => {
                let _ = tokio::time::timeout(wait, next_on(notices, topic)).await;
            }
            None => tokio::time::sleep(wait).await,
        }
        pause = pause.saturating_mul(2).min(Duration::from_millis(50));
    }
}
