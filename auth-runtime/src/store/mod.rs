//! Where sessions keep tokens: the [`TokenStore`] trait, and [`MemoryStore`].
//!
//! The trait is shaped for the stores to come: a file store (one machine, several processes)
//! and a store shared by a fleet of processes (one renewal across all of them). A session,
//! inside its own single-flight renewal, takes the store's renewal lock, reloads the stored
//! token (another process may have renewed it), and only renews if it is still due; then it
//! saves the new token. A store that only one process uses needs no lock, hence the default.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use async_trait::async_trait;

use crate::error::Error;
pub use crate::token::StoredToken;

mod file;

pub use file::FileStore;

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

/// Held while a session renews; dropping it releases the store's renewal lock.
pub struct RenewalLock(#[allow(dead_code)] Option<Box<dyn Send + Sync>>);

impl RenewalLock {
    /// No lock: for stores that one process uses.
    pub fn none() -> Self {
        RenewalLock(None)
    }

    /// A lock released when `guard` is dropped.
    pub fn held(guard: impl Send + Sync + 'static) -> Self {
        RenewalLock(Some(Box::new(guard)))
    }
}

/// Keeps tokens between renewals, and, for persistent stores, between runs.
#[async_trait]
pub trait TokenStore: Send + Sync + 'static {
    /// The stored token for `key`, if any.
    async fn load(&self, key: &StoreKey) -> Result<Option<StoredToken>, Error>;

    /// Stores `token` for `key`, replacing what was there.
    async fn save(&self, key: &StoreKey, token: &StoredToken) -> Result<(), Error>;

    /// Forgets the token for `key`.
    async fn remove(&self, key: &StoreKey) -> Result<(), Error>;

    /// Takes the lock that makes one renewal for `key` at a time across every user of this
    /// store. The default takes none: a session already renews once at a time in-process.
    async fn lock_renewal(&self, _key: &StoreKey) -> Result<RenewalLock, Error> {
        Ok(RenewalLock::none())
    }
}

/// A store in this process's memory: tokens survive a session being dropped and rebuilt, not
/// a restart.
#[derive(Default)]
pub struct MemoryStore {
    tokens: Mutex<HashMap<StoreKey, StoredToken>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn tokens(&self) -> std::sync::MutexGuard<'_, HashMap<StoreKey, StoredToken>> {
        // A panic while holding this lock cannot leave the map half-written: recover it.
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl TokenStore for MemoryStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<StoredToken>, Error> {
        Ok(self.tokens().get(key).cloned())
    }

    async fn save(&self, key: &StoreKey, token: &StoredToken) -> Result<(), Error> {
        self.tokens().insert(key.clone(), token.clone());
        Ok(())
    }

    async fn remove(&self, key: &StoreKey) -> Result<(), Error> {
        self.tokens().remove(key);
        Ok(())
    }
}
