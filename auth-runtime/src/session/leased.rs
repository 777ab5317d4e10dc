//! A renewal under a store's lease, so that every process sharing the store renews once:
//!
//! 0. a session that holds no token yet (starting up) first reads the store: a valid token
//!    there is adopted without the lease;
//! 1. take the lease; while another process holds it, wait for its release and reload: a
//!    fresh token it stored is adopted without taking the lease (a store that cannot be reached
//!    within the bound is [`Error::LeaseUnavailable`], and nothing is sent);
//! 2. reload (or take what the store read as it granted the lease): a token another process
//!    saved since is adopted, if it is not due;
//! 3. renew, from the newest token known (the stored one carries the latest refresh token),
//!    extending the lease while the request runs;
//! 4. save conditionally on the version reloaded, before anyone gets the new token; a save that
//!    loses adopts the winner's token, so that a stale holder never overwrites a newer one.
//!
//! What the session knows of the store (the version of its token, whether its token is newer
//! than the stored one) lives in [`Flight`], under the flight lock.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::current::{is_same, Current};
use super::renew::{self, Flight};
use super::Session;
use crate::error::Error;
use crate::provider::Provider;
use crate::store::{Lease, LeaseTerms, Saved, TokenStore, Turn, Versioned};
use crate::token::Token;

/// What waiting for the lease ended with.
enum Ready {
    /// The lease: this session renews.
    Lease(Lease),
    /// A token another process renewed meanwhile, adopted.
    Adopted(Arc<Current>),
}

impl<P: Provider> Session<P> {
    /// One renewal under `store`'s lease.
    pub(super) async fn renew_leased(
        &self,
        store: &dyn TokenStore,
        flight: &mut Flight,
        max_wait: Duration,
    ) -> Result<Arc<Current>, Error> {
        if self.inner.current.is_empty() {
            // A session starting up (a new replica) most often finds a valid token stored:
            // one read, and no lease to take and announce to the fleet. (A store that fails
            // here is met again under the outage rule below.)
            if let Ok(stored) = store.load(&self.inner.key).await {
                if let Some(adopted) = self.reconcile(flight, stored) {
                    return Ok(adopted);
                }
            }
        }
        // A backoff after a failure is waited out before the lease, not while holding it (and
        // not at all when nothing could be sent: the reload may still find a token).
        let held = self.inner.current.load_full();
        if renew::would_send(P::INFO, held.as_deref().map(|c| &*c.token)) {
            renew::wait_out_backoff(P::INFO.name, flight, max_wait).await?;
        }
        let mut lease = match self.wait_for_turn(store, flight).await? {
            Ready::Lease(lease) => lease,
            Ready::Adopted(current) => return Ok(current),
        };
        let result = self.under_lease(store, &mut lease, flight, max_wait).await;
        if let Err(error) = lease.release().await {
            tracing::warn!(provider = P::INFO.name, %error, "could not release the renewal lease; it lapses at its deadline");
        }
        result
    }

    /// Takes the lease, or, while another process holds it, waits for its release and looks at
    /// what it stored: a fresh token is adopted without the lease, so that the waiters of a
    /// herd each cost a round trip. A store that fails is tried again with a backoff; past the
    /// lease's `wait`, [`Error::LeaseUnavailable`].
    async fn wait_for_turn(
        &self,
        store: &dyn TokenStore,
        flight: &mut Flight,
    ) -> Result<Ready, Error> {
        let inner = &*self.inner;
        let terms = inner.config.lease;
        let deadline = crate::token::instant_after(terms.wait);
        let mut pause = Duration::from_millis(50);
        loop {
            // A notice usually ends the wait; the bound (50 ms, doubling to 200 ms) only covers
            // a missed one. Shorter, it would have a herd's waiters poll the store while the
            // holder renews, and slow the renewal they wait for.
            let left = deadline.saturating_duration_since(Instant::now());
            let wait = pause.min(left);
            pause = pause.saturating_mul(2).min(Duration::from_millis(200));
            let once = LeaseTerms {
                ttl: terms.ttl,
                wait,
            };
            let carried = match store.take_turn(&inner.key, once).await {
                Ok(Turn::Leased(lease)) => {
                    tracing::debug!(provider = P::INFO.name, "took the renewal lease");
                    return Ok(Ready::Lease(lease));
                }
                Ok(Turn::Released(carried)) => carried,
                Err(Error::LeaseUnavailable { store, source, .. }) if left.is_zero() => {
                    return Err(Error::LeaseUnavailable {
                        store,
                        waited: terms.wait,
                        source,
                    });
                }
                Err(Error::LeaseUnavailable {
                    source: Some(_), ..
                }) => {
                    tokio::time::sleep(wait).await; // The store failed: back off.
                    continue;
                }
                Err(Error::LeaseUnavailable { source: None, .. }) => None, // Held on; look.
                Err(other) => return Err(other),
            };
            // What the holder left: carried by its release notice, or else loaded. A notice
            // older than what the session knows (an earlier release, heard late) is loaded over.
            let stored = match carried.filter(|left| left.version >= flight.version) {
                Some(stored) => Ok(Some(stored)),
                None => store.load(&inner.key).await,
            };
            if let Ok(stored) = stored {
                if let Some(adopted) = self.reconcile(flight, stored) {
                    return Ok(Ready::Adopted(adopted));
                }
            }
        }
    }

    async fn under_lease(
        &self,
        store: &dyn TokenStore,
        lease: &mut Lease,
        flight: &mut Flight,
        max_wait: Duration,
    ) -> Result<Arc<Current>, Error> {
        let inner = &*self.inner;
        let stored = match lease.take_stored() {
            Some(stored) => stored,
            None => store.load(&inner.key).await?,
        };
        let found = stored.as_ref().map_or(0, |s| s.version);
        if let Some(adopted) = self.reconcile(flight, stored) {
            return Ok(adopted);
        }
        let held = inner.current.load_full();
        let attempt = renew::attempt(inner, flight, held.as_deref().map(|c| &*c.token), max_wait);
        let result = lease.keep_during(P::INFO.name, attempt).await;
        let spent = std::mem::take(&mut flight.spent_refresh);
        let adopted = std::mem::take(&mut flight.adopted);
        match result {
            Ok(token) if adopted => Ok(self.set_current(token)),
            Ok(token) => Ok(self.save_renewed(store, lease, flight, token, found).await),
            Err(error) => {
                if spent {
                    if let Some(token) = self.drop_refresh_token() {
                        self.save_dropped(store, flight, &token).await;
                    }
                }
                Err(error)
            }
        }
    }

    /// Brings the session up to date with what the store holds. Returns the stored token when
    /// it is newer than the session's and not due: another process renewed it. (A token the
    /// API refused is the session's own: a different stored one is newer, and is adopted.)
    fn reconcile(&self, flight: &mut Flight, stored: Option<Versioned>) -> Option<Arc<Current>> {
        let current = self.inner.current.load_full();
        let Some(stored) = stored else {
            // Nothing stored (a first run, a store that lost its data, a token forgotten):
            // the session's own token, if any, is the newest there is.
            flight.unsaved = current.is_some();
            flight.version = 0;
            return None;
        };
        let token = Token::from_stored(stored.token);
        let same = current.as_ref().is_some_and(|c| is_same(&token, c));
        let due = Instant::now() >= self.renew_at(&token);
        if same || (flight.unsaved && due && current.is_some()) {
            // The session's token is the stored one, or newer than it (never saved): it renews
            // from its own, and saves over the version it found.
            flight.version = stored.version;
            return None;
        }
        // Another process's token, newer than the session's.
        flight.version = stored.version;
        flight.unsaved = false;
        let current = self.set_current(token);
        if due {
            return None; // Renewed from it, with the newest refresh token.
        }
        tracing::debug!(
            provider = P::INFO.name,
            "adopted a token another process renewed"
        );
        Some(current)
    }

    /// Saves a token this session just obtained over version `found`, then hands it out; if
    /// another process saved first, its token is adopted instead, when it is still valid. A
    /// store that fails is tried again, still under the lease, for up to the lease's `wait`:
    /// until the save lands, the new refresh token lives only here, and a renewer elsewhere
    /// would send the one it replaced.
    async fn save_renewed(
        &self,
        store: &dyn TokenStore,
        lease: &Lease,
        flight: &mut Flight,
        token: Token,
        found: u64,
    ) -> Arc<Current> {
        let key = &self.inner.key;
        let stored = token.to_stored();
        let saving = async {
            let deadline = crate::token::instant_after(self.inner.config.lease.wait);
            let mut pause = Duration::from_millis(10);
            loop {
                match store.save_if(key, &stored, found).await {
                    Err(error) if Instant::now() < deadline => {
                        tracing::debug!(provider = P::INFO.name, %error, "could not store the new token yet; trying again");
                        tokio::time::sleep(pause).await;
                        pause = pause.saturating_mul(2).min(Duration::from_millis(200));
                    }
                    outcome => return outcome,
                }
            }
        };
        match lease.keep_during(P::INFO.name, saving).await {
            Ok(Saved::Stored { version }) => {
                flight.version = version;
                flight.unsaved = false;
            }
            Ok(Saved::Conflict {
                current: Some(winner),
            }) => {
                let theirs = Token::from_stored(winner.token);
                tracing::warn!(
                    provider = P::INFO.name,
                    version = winner.version,
                    "another process saved a token first; adopting it"
                );
                flight.version = winner.version;
                flight.unsaved = false;
                if !theirs.is_expired() {
                    return self.set_current(theirs);
                }
            }
            Ok(Saved::Conflict { current: None }) => {
                // Removed meanwhile: nothing newer to adopt.
                flight.version = 0;
                flight.unsaved = true;
            }
            Err(error) => {
                // The new token is valid, and its refresh token, if rotated, lives only here:
                // it is handed out, and saved at the next renewal (or lost with this process).
                tracing::warn!(provider = P::INFO.name, %error, "could not store the new token");
                flight.unsaved = true;
            }
        }
        self.install(token)
    }

    /// Saves a token whose refresh token was dropped, over the version the session knows, so
    /// that no other process sends the spent refresh token either.
    async fn save_dropped(&self, store: &dyn TokenStore, flight: &mut Flight, token: &Token) {
        let key = &self.inner.key;
        match store.save_if(key, &token.to_stored(), flight.version).await {
            Ok(Saved::Stored { version }) => flight.version = version,
            Ok(Saved::Conflict { .. }) => {} // Someone saved a newer token: the next reload takes it.
            Err(error) => {
                tracing::warn!(provider = P::INFO.name, %error, "could not drop the spent refresh token from the store");
            }
        }
    }
}
