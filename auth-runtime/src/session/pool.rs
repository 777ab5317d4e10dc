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
//! - A bound on the token requests the pool's sessions have in flight at once (logins,
//!   renewals and keep-alives, sent by a caller or by a background renewal), so that a hundred
//!   thousand tokens issued in the same minute do not send a hundred thousand requests in the
//!   same second.
//! - Sessions that renew in the background share one task, the pool's timetable
//!   ([`super::timetable`]): an idle session is an entry in a heap, not a task of its own.
//! - A provider whose refresh tokens lapse unused (`refresh_idle_lifetime`) has its idle
//!   grants refreshed before they lapse, the evicted ones included: the pool keeps their
//!   providers (not their sessions) and makes each session again when its grant is due
//!   ([`super::keep_alive`]).
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

use super::keep_alive::{self, Dormant, Schedule};
use super::limiter::LoginWindow;
use super::timetable::Timetable;
use super::{Configs, Session, SessionBuilder};
use crate::error::Error;
use crate::provider::{self, Provider};
use auth_vocab::LoginRateLimitPer;

/// How many shards the map is split into: enough that a few cores rarely contend.
const SHARDS: usize = 16;

/// The token requests in flight at once across a pool, by default.
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
    /// The evicted sessions whose grants the pool keeps alive.
    dormant: Mutex<Schedule<P>>,
    /// The background renewals of the sessions that renew in the background: one task for
    /// all of them.
    timetable: Arc<Timetable<P>>,
    /// The configuration the sessions share.
    configs: Arc<Configs>,
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
    /// At most `n` token requests in flight at once across the pool (default
    /// [`DEFAULT_CONCURRENT_RENEWALS`]), whoever sends them: logins, renewals and keep-alives,
    /// on a caller's path or in the background; the others wait for a turn. At least one.
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

    /// Builds the pool. With `idle_after`, or for a provider whose refresh tokens lapse unused
    /// (`refresh_idle_lifetime`, kept alive by the pool), it must run inside a tokio runtime.
    pub fn build(self) -> Result<Sessions<P>, Error> {
        let shards = (0..SHARDS).map(|_| RwLock::new(HashTable::new())).collect();
        let sessions = Sessions {
            inner: Arc::new(PoolInner {
                shards,
                hasher: RandomState::default(),
                configure: self.configure,
                permits: Arc::new(Semaphore::new(self.concurrent_renewals)),
                logins: Mutex::default(),
                dormant: Mutex::default(),
                timetable: Timetable::new(self.concurrent_renewals),
                configs: Arc::default(),
                epoch: coarsetime::Instant::now(),
            }),
        };
        let keep_alive = keep_alive::sweep_period::<P>();
        if self.idle_after.is_some() || keep_alive.is_some() {
            spawn_sweeper(Arc::downgrade(&sessions.inner), self.idle_after, keep_alive)?;
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
        self.make(identity, Arc::new(provider))
    }

    /// Makes the session of `identity` and files it, unless a racing caller filed one first.
    fn make(&self, identity: String, provider: Arc<P>) -> Result<Session<P>, Error> {
        // Built outside the lock: `configure` may take time, or look at the pool. Of two
        // callers that race to make one identity's session, the first to insert wins; the
        // other's session is dropped unused (its renewal task ends with it).
        let window = self.inner.login_window(&provider);
        let mut builder = (self.inner.configure)(Session::builder_shared(provider))
            .renewal_permits(Arc::clone(&self.inner.permits))
            .timetable(Arc::clone(&self.inner.timetable))
            .configs(Arc::clone(&self.inner.configs));
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

    /// How many sessions the pool evicted from memory and keeps alive (for a provider whose
    /// refresh tokens lapse unused): each is made again when its grant is due for a refresh.
    pub fn dormant(&self) -> usize {
        lock(&self.inner.dormant).len()
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

    /// Refreshes the grants due to lapse unused: of sessions in memory that do not renew in
    /// the background (those plan it themselves), and of evicted ones, made again. Each takes a
    /// turn among the pool's bounded renewals.
    fn keep_alive(&self) {
        let now = tokio::time::Instant::now();
        let mut due: Vec<Session<P>> = Vec::new();
        for shard in self.inner.shards.iter() {
            let shard = read(shard);
            let live = shard.iter().map(|entry| &entry.session);
            due.extend(
                live.filter(|s| !s.inner.config.background)
                    .filter(|s| s.refresh_due())
                    .cloned(),
            );
        }
        for dormant in lock(&self.inner.dormant).take_due(now) {
            match self.revive(dormant.provider) {
                Ok(Some(session)) => due.push(session),
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(provider = P::INFO.name, %error, "could not make an evicted session again to keep its grant alive");
                }
            }
        }
        for session in due {
            tokio::spawn(async move {
                if let Err(error) = session.keep_alive().await {
                    tracing::warn!(provider = P::INFO.name, %error, "could not refresh an idle grant");
                }
            });
        }
    }

    /// The session of an evicted identity, made again, unless it is back in memory already
    /// (and plans its own keep-alive).
    fn revive(&self, provider: Arc<P>) -> Result<Option<Session<P>>, Error> {
        let identity = provider.identity();
        if self.find(&identity).is_some() {
            return Ok(None);
        }
        self.make(identity, provider).map(Some)
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

/// Lets the timetable's task see that the pool is gone (it ends once the sessions are too).
impl<P: Provider> Drop for PoolInner<P> {
    fn drop(&mut self) {
        self.timetable.released();
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
        let mut dormant = Vec::new();
        for shard in self.shards.iter() {
            let mut shard = write(shard);
            let before = shard.len();
            // A session a caller still holds stays: dropping it would make the next `get` a
            // second session of the same identity beside it.
            shard.retain(|entry| {
                let keep = entry.last_used.load(Ordering::Relaxed) > oldest
                    || Arc::strong_count(&entry.session.inner) > 1;
                if !keep {
                    dormant.extend(dormant_of(&entry.session));
                }
                keep
            });
            evicted = evicted.saturating_add(before.saturating_sub(shard.len()));
        }
        let mut schedule = lock(&self.dormant);
        dormant.into_iter().for_each(|d| schedule.push(d));
        evicted
    }
}

/// What an evicted session leaves for the keep-alive: its provider, if its grant lapses unused
/// and its token stays in a store to be refreshed from.
fn dormant_of<P: Provider>(session: &Session<P>) -> Option<Dormant<P>> {
    session.inner.store.as_ref()?;
    Some(Dormant {
        refresh_by: session.refresh_by()?,
        provider: Arc::clone(&session.inner.provider),
    })
}

/// Until the pool is dropped: evicts its idle sessions every quarter of `idle` (at least a
/// second), and keeps idle grants alive every `keep_alive` period (at least 100 ms).
fn spawn_sweeper<P: Provider>(
    pool: Weak<PoolInner<P>>,
    idle: Option<Duration>,
    keep_alive: Option<Duration>,
) -> Result<(), Error> {
    let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
        Error::config("a pool that evicts idle sessions or keeps idle grants alive needs a tokio runtime: build it inside one")
    })?;
    let evict_every = idle.map(|idle| {
        idle.checked_div(4)
            .unwrap_or_default()
            .max(Duration::from_secs(1))
    });
    let keep_every = keep_alive.map(|period| period.max(Duration::from_millis(100)));
    let Some(period) = evict_every.into_iter().chain(keep_every).min() else {
        return Ok(());
    };
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            let Some(inner) = pool.upgrade() else {
                return;
            };
            if keep_every.is_some() {
                Sessions {
                    inner: Arc::clone(&inner),
                }
                .keep_alive();
            }
            let Some(idle) = idle else {
                continue;
            };
            let evicted = inner.evict_idle(idle);
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

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
