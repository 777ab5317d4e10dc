//! [`Sessions`]: a pool of sessions of one provider, one per identity, for a service that holds
//! a token per customer account (tens of thousands, most of them idle).
//!
//! - Get-or-create by identity ([`Sessions::key_of`], the non-secret settings): a
//!   lookup in one of several shards of a hash table, each behind its own read-write lock, so
//!   that it costs the same at one identity and at a hundred thousand, and readers of
//!   different identities seldom meet. The identity is hashed once, by a seeded fast hasher
//!   (foldhash's quality variant): the hash picks the shard, then the bucket, and is compared
//!   before the identity itself.
//! - Sessions idle longer than `idle_after` are dropped from memory (their tokens stay in the
//!   store, and the next `get` reloads them); a handle a caller still holds keeps working.
//! - A bound on the renewals the pool's sessions run in the background at once (logins
//!   included), so that a hundred thousand tokens issued in the same minute do not send a
//!   hundred thousand requests in the same second.
//! - A login rate limit counted per client (`login_rate_limit_per = "client"`) is one window
//!   for all the pool's sessions of that client: the provider's budget, not each identity's.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, Weak};
use std::time::Duration;

use foldhash::quality::RandomState;
use hashbrown::hash_table::{Entry as Slot, HashTable};
use tokio::sync::Semaphore;

use super::limiter::LoginWindow;
use super::{Session, SessionBuilder};
use crate::error::Error;
use crate::provider::{self, Provider};
use auth_vocab::LoginRateLimitPer;

/// How many shards the map is split into: enough that a few cores rarely contend.
const SHARDS: usize = 16;

/// The renewals in flight at once across a pool, by default.
pub const DEFAULT_CONCURRENT_RENEWALS: usize = 16;

/// One shard of the pool: its sessions, by the hash of their identity.
type Shard<P> = RwLock<HashTable<Entry<P>>>;

/// How a pool configures each new session.
type Configure<P> = Box<dyn Fn(SessionBuilder<P>) -> SessionBuilder<P> + Send + Sync>;

/// A pool of sessions of one provider, one per identity. Cheap to clone: clones share the
/// pool.
pub struct Sessions<P: Provider> {
    inner: Arc<PoolInner<P>>,
}

impl<P: Provider> Clone for Sessions<P> {
    fn clone(&self) -> Self {
        Sessions {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<P: Provider> std::fmt::Debug for Sessions<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions")
            .field("provider", &P::INFO.name)
            .field("sessions", &self.len())
            .finish()
    }
}

struct PoolInner<P: Provider> {
    shards: Box<[Shard<P>]>,
    hasher: RandomState,
    configure: Configure<P>,
    permits: Arc<Semaphore>,
    /// The logins of each client (by client id), for a limit counted per client.
    logins: Mutex<HashMap<Option<String>, LoginWindow>>,
    /// When the pool was made: `last_used` counts milliseconds from it.
    epoch: coarsetime::Instant,
}

/// A session, its identity, and when it was last handed out.
struct Entry<P: Provider> {
    /// The identity's hash: compared before the identity, and the table's own hash of it.
    hash: u64,
    identity: Box<str>,
    session: Session<P>,
    /// Milliseconds since the pool's epoch.
    last_used: AtomicU64,
}

impl<P: Provider> Entry<P> {
    /// Whether this is the entry of `identity`, whose hash is `hash`.
    fn is(&self, hash: u64, identity: &str) -> bool {
        self.hash == hash && *self.identity == *identity
    }
}

/// Configures a [`Sessions`] pool.
pub struct SessionsBuilder<P: Provider> {
    configure: Configure<P>,
    concurrent_renewals: usize,
    idle_after: Option<Duration>,
}

impl<P: Provider> SessionsBuilder<P> {
    /// At most `n` background renewals (and first logins) at once across the pool (default
    /// [`DEFAULT_CONCURRENT_RENEWALS`]); the others wait for a turn. At least one.
    pub fn max_concurrent_renewals(mut self, n: usize) -> Self {
        self.concurrent_renewals = n.max(1);
        self
    }

    /// Drops a session from memory once it has not been handed out for `idle` (its token stays
    /// in the store): checked every quarter of `idle` by a task on the runtime `build` runs in.
    pub fn idle_after(mut self, idle: Duration) -> Self {
        self.idle_after = Some(idle);
        self
    }

    /// Builds the pool. With `idle_after`, it must run inside a tokio runtime.
    pub fn build(self) -> Result<Sessions<P>, Error> {
        let shards = (0..SHARDS).map(|_| RwLock::new(HashTable::new())).collect();
        let sessions = Sessions {
            inner: Arc::new(PoolInner {
                shards,
                hasher: RandomState::default(),
                configure: self.configure,
                permits: Arc::new(Semaphore::new(self.concurrent_renewals)),
                logins: Mutex::default(),
                epoch: coarsetime::Instant::now(),
            }),
        };
        if let Some(idle) = self.idle_after {
            spawn_sweeper(Arc::downgrade(&sessions.inner), idle)?;
        }
        Ok(sessions)
    }
}

impl<P: Provider> Sessions<P> {
    /// A pool whose sessions are each built by `configure` (a client, a store, a margin,
    /// `renew_in_background`…) from [`Session::builder`].
    pub fn builder(
        configure: impl Fn(SessionBuilder<P>) -> SessionBuilder<P> + Send + Sync + 'static,
    ) -> SessionsBuilder<P> {
        SessionsBuilder {
            configure: Box::new(configure),
            concurrent_renewals: DEFAULT_CONCURRENT_RENEWALS,
            idle_after: None,
        }
    }

    /// The session of `provider`'s identity, made on first use. Two providers with the same
    /// identity (the same non-secret settings) get the same session: the first one's.
    pub fn get(&self, provider: P) -> Result<Session<P>, Error> {
        let identity = provider.identity();
        if let Some(session) = self.find(&identity) {
            return Ok(session);
        }
        // Built outside the lock: `configure` may take time, or look at the pool. Of two
        // callers that race to make one identity's session, the first to insert wins; the
        // other's session is dropped unused (its renewal task ends with it).
        let window = self.inner.login_window(&provider);
        let mut builder = (self.inner.configure)(Session::builder(provider))
            .renewal_permits(Arc::clone(&self.inner.permits));
        if let Some(window) = window {
            builder = builder.login_window(window);
        }
        let made = builder.build()?;
        let (hash, shard) = self.inner.locate(&identity);
        let mut shard = write(shard);
        let entry = match shard.entry(hash, |e| e.is(hash, &identity), |e| e.hash) {
            Slot::Occupied(entry) => entry.into_mut(),
            Slot::Vacant(vacant) => vacant
                .insert(Entry {
                    hash,
                    identity: identity.into_boxed_str(),
                    session: made,
                    last_used: AtomicU64::new(self.now()),
                })
                .into_mut(),
        };
        Ok(self.touch(entry))
    }

    /// The key the pool files `provider`'s session under: its identity, from the non-secret
    /// settings only (the `identity` of its [`crate::StoreKey`]).
    pub fn key_of(provider: &P) -> String {
        provider.identity()
    }

    /// The session of an identity already in the pool (see [`Self::key_of`]), without making
    /// one: the lookup alone.
    pub fn find(&self, identity: &str) -> Option<Session<P>> {
        let (hash, shard) = self.inner.locate(identity);
        let shard = read(shard);
        shard
            .find(hash, |entry| entry.is(hash, identity))
            .map(|entry| self.touch(entry))
    }

    /// How many sessions the pool holds in memory.
    pub fn len(&self) -> usize {
        self.inner
            .shards
            .iter()
            .map(|shard| read(shard).len())
            .sum()
    }

    /// Whether the pool holds no session.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops from memory the sessions not handed out for `idle` and held by no caller; how
    /// many. Their tokens stay in the store.
    pub fn evict_idle(&self, idle: Duration) -> usize {
        self.inner.evict_idle(idle)
    }

    /// The entry's session, marked used now. The mark is written only when it changes (the
    /// coarse clock's tick, milliseconds), so that callers of one identity seldom bounce its
    /// cache line.
    fn touch(&self, entry: &Entry<P>) -> Session<P> {
        let now = self.now();
        if entry.last_used.load(Ordering::Relaxed) != now {
            entry.last_used.store(now, Ordering::Relaxed);
        }
        entry.session.clone()
    }

    fn now(&self) -> u64 {
        self.inner.now()
    }
}

impl<P: Provider> PoolInner<P> {
    /// The identity's hash, and the shard it picks. A table picks buckets by a hash's low bits
    /// and tags them with its top seven, so the shard takes bits from the middle: each shard's
    /// table still sees its hashes spread over every bucket.
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // `% len`: in range.
    fn locate(&self, identity: &str) -> (u64, &Shard<P>) {
        let hash = self.hasher.hash_one(identity);
        let len = self.shards.len() as u64;
        (hash, &self.shards[((hash >> 32) % len) as usize])
    }

    fn now(&self) -> u64 {
        self.epoch.elapsed().as_millis()
    }

    /// The window of `provider`'s client's logins, where the declared limit counts per client.
    fn login_window(&self, provider: &P) -> Option<LoginWindow> {
        let limit = P::INFO.login_rate_limit?;
        if limit.counted_per() != LoginRateLimitPer::Client {
            return None;
        }
        let mut logins = self.logins.lock().unwrap_or_else(PoisonError::into_inner);
        let window = logins.entry(provider::client_id(provider)).or_default();
        Some(window.clone())
    }

    fn evict_idle(&self, idle: Duration) -> usize {
        let idle = u64::try_from(idle.as_millis()).unwrap_or(u64::MAX);
        let oldest = self.now().saturating_sub(idle);
        let mut evicted = 0usize;
        for shard in self.shards.iter() {
            let mut shard = write(shard);
            let before = shard.len();
            // A session a caller still holds stays: dropping it would make the next `get` a
            // second session of the same identity beside it.
            shard.retain(|entry| {
                entry.last_used.load(Ordering::Relaxed) > oldest
                    || Arc::strong_count(&entry.session.inner) > 1
            });
            evicted = evicted.saturating_add(before.saturating_sub(shard.len()));
        }
        evicted
    }
}

/// Evicts the pool's idle sessions every quarter of `idle`, until the pool is dropped.
fn spawn_sweeper<P: Provider>(pool: Weak<PoolInner<P>>, idle: Duration) -> Result<(), Error> {
    let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
        Error::config("a pool that evicts idle sessions needs a tokio runtime: build it inside one")
    })?;
    let period = idle
        .checked_div(4)
        .unwrap_or_default()
        .max(Duration::from_secs(1));
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            let Some(pool) = pool.upgrade() else {
                return;
            };
            let evicted = pool.evict_idle(idle);
            if evicted > 0 {
                tracing::debug!(provider = P::INFO.name, evicted, "idle sessions evicted");
            }
        }
    });
    Ok(())
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
