//! Where sessions keep tokens: the [`TokenStore`] trait and its stores.
//!
//! One contract serves a single process ([`MemoryStore`]), the processes of one machine
//! ([`FileStore`]) and a fleet of machines (`RedisStore`, `PostgresStore`, behind features):
//!
//! - every stored token carries a **version**, raised by each save; version 0 is "nothing
//!   stored";
//! - a save is **conditional** ([`TokenStore::save_if`]): it lands only if the stored version is
//!   still the one the saver read. A renewer that lost a race (or whose lease lapsed while it
//!   stalled) can never overwrite a newer token: the version is its fencing token;
//! - a **renewal lease** ([`TokenStore::lease`]) has an owner, a deadline, and can be extended
//!   while a slow token request is in flight. It keeps renewals to one at a time (liveness: no
//!   fleet-wide herd of token requests, no login that kills another replica's token); the
//!   conditional save is what keeps a rotated refresh token from being lost (safety) even when
//!   the lease fails.
//!
//! A session renews under the lease: it reloads the stored token (another process may have
//! renewed it), renews only if it is still due, and saves conditionally before handing the new
//! token to anyone; if the save loses, it adopts the winner's token.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;

use crate::error::Error;
pub use crate::token::StoredToken;

mod file;
mod lease;
mod memory;
pub(crate) mod record;
#[cfg(feature = "sealed")]
mod sealed;
#[cfg(feature = "store-tls")]
mod tls;

#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "redis")]
pub use self::redis::RedisStore;

#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
/// The tables of [`PostgresStore`], as its `migrate` creates them.
#[cfg(feature = "postgres")]
pub use postgres::MIGRATION as POSTGRES_MIGRATION;

pub use file::FileStore;
pub use lease::{Lease, LeaseHolder, LeaseTerms};
pub use memory::MemoryStore;
#[cfg(feature = "sealed")]
pub use sealed::StoreCipher;

/// Which token a store entry is: the provider, the origin it was fetched from, and the
/// non-secret identity (the non-secret settings, form-encoded). Never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoreKey {
    /// The provider's name.
    pub provider: &'static str,
    /// The origin override in use, if any (a token from an emulator is not a real one).
    pub origin: Option<String>,
    /// The non-secret settings, form-encoded.
    pub identity: String,
}

impl fmt::Display for StoreKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.provider)?;
        if let Some(origin) = &self.origin {
            write!(f, "@{origin}")?;
        }
        write!(f, "?{}", self.identity)
    }
}

/// A stored token and the version it was stored at.
#[derive(Debug, Clone)]
pub struct Versioned {
    /// The token.
    pub token: StoredToken,
    /// Its version: 1 for the first save, raised by one at each save.
    pub version: u64,
}

/// What a turn at a lease came to ([`TokenStore::take_turn`]).
#[derive(Debug)]
#[must_use]
pub enum Turn {
    /// The lease was free, and is held now: renew, then release it.
    Leased(Lease),
    /// Another held it, and released it within the wait. Here is what its holder left stored,
    /// where the release notice carried it (read after the holder's save, so as good as a
    /// load); `None`: load to see.
    Released(Option<Versioned>),
}

/// What a conditional save did.
#[derive(Debug, Clone)]
#[must_use]
pub enum Saved {
    /// The token is stored, at this version.
    Stored {
        /// The new version.
        version: u64,
    },
    /// The stored version was not the expected one: someone saved (or removed) since. The
    /// token was not written; here is what is stored instead.
    Conflict {
        /// What the store holds now, if anything.
        current: Option<Versioned>,
    },
}

/// Keeps tokens between renewals, and, for persistent stores, between runs and across
/// processes. See the module documentation for the contract.
#[async_trait]
pub trait TokenStore: Send + Sync + 'static {
    /// The stored token for `key` and its version, if any.
    async fn load(&self, key: &StoreKey) -> Result<Option<Versioned>, Error>;

    /// Stores `token` for `key` if the stored version is still `expected` (0: nothing stored),
    /// as one atomic step; else writes nothing and returns what is stored.
    async fn save_if(
        &self,
        key: &StoreKey,
        token: &StoredToken,
        expected: u64,
    ) -> Result<Saved, Error>;

    /// Forgets the token for `key`. Its version starts again from 0: a saver that read
    /// "nothing stored" before an earlier save and the removal would see its save land. Harmless
    /// to renewals (a renewer reloads under the lease), but a version is only a fencing token
    /// between two removals.
    async fn remove(&self, key: &StoreKey) -> Result<(), Error>;

    /// Takes the renewal lease for `key`, waiting up to `terms.wait` for its holder to release
    /// it (or for its deadline to pass); past that, [`Error::LeaseUnavailable`]. A store that
    /// reads the record in the same atomic step hands it over with [`Lease::with_stored`]. The
    /// default takes none, which is right only for a store that one process uses: a session
    /// already renews once at a time in-process.
    async fn lease(&self, _key: &StoreKey, terms: LeaseTerms) -> Result<Lease, Error> {
        Ok(Lease::unguarded(terms.ttl))
    }

    /// One turn at `key`'s lease: takes it if it is free (as [`TokenStore::lease`] with no
    /// wait); if another holds it, waits up to `terms.wait` for its release instead of taking
    /// it then, and returns what the holder left where the release notice carried it. A herd
    /// of renewers then adopts one renewal, each for a round trip, instead of queueing for the
    /// lease. No release within the wait is [`Error::LeaseUnavailable`]; a store that cannot
    /// be asked, the same with the cause.
    ///
    /// The default cannot hear releases: it sleeps `terms.wait` and answers
    /// `LeaseUnavailable`, after which the caller loads to see. A store with release notices
    /// listens for them before it tries the lease, so that none is missed.
    async fn take_turn(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Turn, Error> {
        let once = LeaseTerms {
            wait: Duration::ZERO,
            ..terms
        };
        match self.lease(key, once).await {
            Ok(lease) => Ok(Turn::Leased(lease)),
            Err(Error::LeaseUnavailable {
                store,
                source: None,
                ..
            }) => {
                tokio::time::sleep(terms.wait).await;
                Err(Error::LeaseUnavailable {
                    store,
                    waited: terms.wait,
                    source: None,
                })
            }
            Err(error) => Err(error),
        }
    }

    /// Stores `token` for `key` whatever is stored: for a token obtained outside a renewal
    /// (the code exchange of `authctl authorize`). A few conditional saves, since another
    /// writer may save in between.
    async fn save(&self, key: &StoreKey, token: &StoredToken) -> Result<u64, Error> {
        let mut expected = self.load(key).await?.map_or(0, |stored| stored.version);
        for _ in 0..8 {
            match self.save_if(key, token, expected).await? {
                Saved::Stored { version } => return Ok(version),
                Saved::Conflict { current } => {
                    expected = current.map_or(0, |stored| stored.version);
                }
            }
        }
        Err(Error::store(
            "cannot save: other writers kept saving first",
            std::io::Error::other("eight conditional saves lost in a row"),
        ))
    }
}

/// A shared store's namespace is part of every name it writes: 1 to 64 letters, digits, `-`,
/// `_`, `.` or `:`.
#[cfg_attr(not(any(feature = "redis", feature = "postgres")), allow(dead_code))]
pub(crate) fn check_namespace(namespace: &str) -> Result<(), Error> {
    let ok = (1..=64).contains(&namespace.len())
        && namespace
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::config(format!(
            "store namespace {namespace:?}: 1 to 64 letters, digits, '-', '_', '.' or ':'"
        )))
    }
}
