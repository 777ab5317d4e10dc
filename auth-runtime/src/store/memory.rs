//! [`MemoryStore`]: the store contract in this process's memory. Tokens survive a session being
//! dropped and rebuilt, not a restart; several sessions of one process that share it renew once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::Instant;

use super::lease::{
    acquire, announce, notices, owner_token, take_turn, LeaseHolder, Notice, Notices, Tried,
};
use super::{Lease, LeaseTerms, Saved, StoreKey, StoredToken, TokenStore, Turn, Versioned};
use crate::error::Error;

/// A store in this process's memory.
#[derive(Default)]
pub struct MemoryStore {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Told of every release, so that waiters try again at once.
    released: Notices,
}

#[derive(Default)]
struct State {
    tokens: HashMap<StoreKey, Versioned>,
    /// The lease of each key: its owner and deadline.
    leases: HashMap<StoreKey, (String, Instant)>,
}

impl State {
    /// Whether `key`'s lease is held and within its deadline.
    fn is_leased(&self, key: &StoreKey) -> bool {
        let now = Instant::now();
        self.leases
            .get(key)
            .is_some_and(|(_, deadline)| *deadline > now)
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            state: Mutex::default(),
            released: notices(),
        }
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The lease just taken for `owner`.
    fn held(&self, key: &StoreKey, owner: String, terms: LeaseTerms) -> Lease {
        let lease = MemoryLease {
            shared: Arc::clone(&self.shared),
            key: key.clone(),
            owner,
        };
        Lease::held(lease, terms.ttl)
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the maps half-written: recover them.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes `key`'s lease for `owner` if it is free or lapsed.
    fn try_take(&self, key: &StoreKey, owner: &str, ttl: Duration) -> bool {
        let mut state = self.state();
        if state.is_leased(key) {
            return false;
        }
        let deadline = crate::token::instant_after(ttl);
        state
            .leases
            .insert(key.clone(), (owner.to_owned(), deadline));
        true
    }
}

/// A held lease of a [`MemoryStore`].
struct MemoryLease {
    shared: Arc<Shared>,
    key: StoreKey,
    owner: String,
}

#[async_trait]
impl LeaseHolder for MemoryLease {
    async fn extend(&self, ttl: Duration) -> Result<bool, Error> {
        let mut state = self.shared.state();
        match state.leases.get_mut(&self.key) {
            Some((owner, deadline)) if *owner == self.owner => {
                *deadline = crate::token::instant_after(ttl);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn release(self: Box<Self>) -> Result<(), Error> {
        let mut state = self.shared.state();
        if state
            .leases
            .get(&self.key)
            .is_some_and(|(owner, _)| *owner == self.owner)
        {
            state.leases.remove(&self.key);
        }
        drop(state);
        let topic = topic(&self.key);
        announce(&self.shared.released, Notice { topic, left: None });
        Ok(())
    }
}

#[async_trait]
impl TokenStore for MemoryStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<Versioned>, Error> {
        Ok(self.shared.state().tokens.get(key).cloned())
    }

    async fn save_if(
        &self,
        key: &StoreKey,
        token: &StoredToken,
        expected: u64,
    ) -> Result<Saved, Error> {
        let mut state = self.shared.state();
        let current = state.tokens.get(key);
        let found = current.map_or(0, |stored| stored.version);
        if found != expected {
            return Ok(Saved::Conflict {
                current: current.cloned(),
            });
        }
        let version = found.saturating_add(1);
        let stored = Versioned {
            token: token.clone(),
            version,
        };
        state.tokens.insert(key.clone(), stored);
        Ok(Saved::Stored { version })
    }

    async fn remove(&self, key: &StoreKey) -> Result<(), Error> {
        self.shared.state().tokens.remove(key);
        Ok(())
    }

    async fn take_turn(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Turn, Error> {
        let owner = owner_token()?;
        let shared = &self.shared;
        let notices = shared.released.subscribe();
        let take = async { Ok(shared.try_take(key, &owner, terms.ttl).then_some(())) };
        // No record in the notices: a load here is a lookup in memory.
        match take_turn("memory", take, notices, &topic(key), terms.wait).await? {
            Tried::Taken(()) => Ok(Turn::Leased(self.held(key, owner, terms))),
            Tried::Released(_) => Ok(Turn::Released(None)),
        }
    }

    async fn lease(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Lease, Error> {
        let owner = owner_token()?;
        let shared = &self.shared;
        acquire(
            "memory",
            false,
            terms,
            || async { Ok(shared.try_take(key, &owner, terms.ttl).then_some(())) },
            Some((shared.released.subscribe(), &topic(key))),
        )
        .await?;
        Ok(self.held(key, owner, terms))
    }
}

/// The name of `key`'s lease in release notices.
fn topic(key: &StoreKey) -> String {
    key.to_string()
}
