//! [`RedisStore`]: one token per identity for a fleet of processes on any number of machines.
//!
//! Under a namespace of the user's (several applications can share one Redis), each key has:
//!
//! - `{ns}:token:{stem}`, a hash: `v`, the version, and `r`, the record sealed with the user's
//!   [`StoreCipher`] (bound to the namespace and key);
//! - `{ns}:lease:{stem}`, the renewal lease: a random owner token, set `NX` with a deadline
//!   (`PX`), extended and released by compare-and-delete scripts, so that only its owner can;
//! - `{ns}:released:{stem}`, a channel the release publishes on, with what the holder left
//!   (`version:record`), so that a waiter adopts it without a read. Each store listens to its
//!   namespace's channels on one connection (from its first use), and wakes its waiters at a
//!   notice instead of having them poll (they still look with a backoff, in case a notice is
//!   missed). The lease is taken by a script that reads the record in the same step.
//!
//! A conditional save is a script that compares the version and writes the record as one step.
//! `{stem}` is a hash of the key: nothing of the identity is in Redis in clear. Over the
//! network it connects with TLS only (`rediss://`: rustls, certificate and host name checked);
//! in plain only to loopback or a Unix socket. The connection
//! reconnects on its own (redis' connection manager). For the "no rotated refresh token lost"
//! guarantee the Redis must be durable (append-only file with `appendfsync always`): a Redis that
//! forgets a save forgets the refresh token it held.

use std::sync::{Arc, LazyLock, Weak};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::StreamExt as _;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands as _, Script};

use super::lease::{
    acquire, announce, notices, owner_token, take_turn, LeaseHolder, Notice, Notices, Tried,
};
use super::record::stem;
use super::sealed::StoreCipher;
use super::{
    check_namespace, Lease, LeaseTerms, Saved, StoreKey, StoredToken, TokenStore, Turn, Versioned,
};
use crate::error::Error;

/// Compares the stored version with `ARGV[1]`; if equal, writes `ARGV[2]` at the next version.
/// Returns `{1, new version, ''}` or `{0, stored version, stored record}`.
const SAVE_IF: &str = r"
local found = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if found ~= tonumber(ARGV[1]) then
  return {0, found, redis.call('HGET', KEYS[1], 'r') or ''}
end
redis.call('HSET', KEYS[1], 'v', found + 1, 'r', ARGV[2])
return {1, found + 1, ''}
";

/// Extends the lease `KEYS[1]` by `ARGV[2]` ms if its owner is `ARGV[1]`.
const EXTEND: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
";

/// Takes the lease `KEYS[1]` for owner `ARGV[1]` and `ARGV[2]` ms if it is free, and reads the
/// record `KEYS[2]` in the same step. Returns `{1, version, record}` (`{1, 0, ''}`: nothing
/// stored), or `{0, 0, ''}` if the lease is held.
const TAKE: &str = r"
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {0, 0, ''}
end
local found = redis.call('HMGET', KEYS[2], 'v', 'r')
return {1, found[1] or 0, found[2] or ''}
";

/// Deletes the lease `KEYS[1]` if its owner is `ARGV[1]`, and tells the waiters (`KEYS[2]`)
/// what the holder left in the record `KEYS[3]`: `version:record` (empty: nothing stored).
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  local left = redis.call('HMGET', KEYS[3], 'v', 'r')
  local notice = ''
  if left[1] and left[2] then notice = left[1] .. ':' .. left[2] end
  redis.call('PUBLISH', KEYS[2], notice)
  return 1
end
return 0
";

/// The scripts, hashed once: they run by `EVALSHA`, loaded on the first `NOSCRIPT`.
static SAVE_IF_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(SAVE_IF));
static TAKE_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(TAKE));
static EXTEND_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(EXTEND));
static RELEASE_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(RELEASE));

/// Tokens in Redis, sealed, versioned and leased.
#[derive(Clone)]
pub struct RedisStore {
    client: redis::Client,
    /// Made at the first use, inside the runtime it spawns its reconnection (and the release
    /// listener) on.
    connection: Arc<tokio::sync::OnceCell<ConnectionManager>>,
    /// Every release notice in the namespace, heard on one listening connection.
    released: Arc<Notices>,
    namespace: String,
    cipher: StoreCipher,
}

impl RedisStore {
    /// A store on the Redis at `url`, keys under `namespace`, records sealed with `cipher`:
    /// `rediss://host:port/db` over TLS, trusting the system's roots (the certificate and the
    /// host name are checked); `redis://` in plain, to a loopback address only; or a Unix
    /// socket. Connects lazily: a Redis that is down now is not an error until the store is
    /// used.
    pub fn open(url: &str, namespace: &str, cipher: StoreCipher) -> Result<RedisStore, Error> {
        check_transport(url)?;
        // The URL is not in the error: it may carry a password.
        let client = redis::Client::open(url)
            .map_err(|e| Error::config_caused_by("the Redis URL is not valid", e))?;
        RedisStore::with_client(client, namespace, cipher)
    }

    /// The same over TLS (`rediss://`), trusting only the CA certificates of `roots_pem` (PEM):
    /// for a Redis whose certificate a private CA signed.
    pub fn open_with_roots(
        url: &str,
        namespace: &str,
        cipher: StoreCipher,
        roots_pem: &[u8],
    ) -> Result<RedisStore, Error> {
        if !url.starts_with("rediss://") {
            return Err(Error::config(
                "RedisStore::open_with_roots is for TLS: the URL must be rediss://",
            ));
        }
        check_transport(url)?;
        super::tls::roots(Some(roots_pem))?;
        let certificates = redis::TlsCertificates {
            client_tls: None,
            root_cert: Some(roots_pem.to_vec()),
        };
        let client = redis::Client::build_with_tls(url, certificates)
            .map_err(|e| Error::config_caused_by("the Redis URL or its roots are not valid", e))?;
        RedisStore::with_client(client, namespace, cipher)
    }

    fn with_client(
        client: redis::Client,
        namespace: &str,
        cipher: StoreCipher,
    ) -> Result<RedisStore, Error> {
        check_namespace(namespace)?;
        super::tls::choose_provider();
        Ok(RedisStore {
            client,
            connection: Default::default(),
            released: Arc::new(notices()),
            namespace: namespace.to_owned(),
            cipher,
        })
    }

    /// The connection (a cheap handle on one multiplexed, reconnecting connection).
    async fn connection(&self) -> Result<ConnectionManager, Error> {
        let make = || async {
            let config = ConnectionManagerConfig::new()
                .set_connection_timeout(Some(Duration::from_secs(1)))
                .set_response_timeout(Some(Duration::from_secs(2)))
                .set_number_of_retries(1)
                .set_min_delay(Duration::from_millis(10))
                .set_max_delay(Duration::from_millis(200));
            let pattern = format!("{}:released:*", self.namespace);
            let released = Arc::downgrade(&self.released);
            tokio::spawn(listen(self.client.clone(), pattern, released));
            ConnectionManager::new_lazy_with_config(self.client.clone(), config)
                .map_err(|e| Error::store("redis: cannot set up the connection", e))
        };
        self.connection.get_or_try_init(make).await.cloned()
    }

    fn name(&self, kind: &str, key: &StoreKey) -> String {
        format!("{}:{kind}:{}", self.namespace, stem(key))
    }

    fn open_record(
        &self,
        key: &StoreKey,
        version: u64,
        sealed: &str,
    ) -> Result<Option<Versioned>, Error> {
        self.cipher
            .open_record(&self.namespace, key, version, sealed)
    }

    /// One try at the lease: `Some(what is stored)` if it was taken (the lease is taken even
    /// if the record does not open).
    async fn try_take(
        &self,
        key: &StoreKey,
        lease: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<Option<Result<Option<Versioned>, Error>>, Error> {
        let mut connection = self.connection().await?;
        let (taken, version, sealed): (i64, u64, String) = TAKE_SCRIPT
            .key(lease)
            .key(self.name("token", key))
            .arg(owner)
            .arg(millis(ttl))
            .invoke_async(&mut connection)
            .await
            .map_err(|e| Error::store("redis: cannot take the renewal lease", e))?;
        if taken != 1 {
            return Ok(None);
        }
        Ok(Some(self.stored(key, version, &sealed)))
    }

    /// A record read as `version` and `sealed` (version 0 or no record: nothing stored).
    fn stored(
        &self,
        key: &StoreKey,
        version: u64,
        sealed: &str,
    ) -> Result<Option<Versioned>, Error> {
        if version == 0 || sealed.is_empty() {
            return Ok(None);
        }
        self.open_record(key, version, sealed)
    }

    async fn held(
        &self,
        key: &StoreKey,
        lease: String,
        owner: String,
        terms: LeaseTerms,
    ) -> Result<Lease, Error> {
        let held = RedisLease {
            connection: self.connection().await?,
            lease,
            channel: self.name("released", key),
            record: self.name("token", key),
            owner,
        };
        Ok(Lease::held(held, terms.ttl))
    }
}

/// Listens for release notices in the namespace (`pattern`) on one connection and passes each
/// to `released` (the channel is the topic, a non-empty message the record left), reconnecting
/// after a failure, until the store is dropped.
async fn listen(client: redis::Client, pattern: String, released: Weak<Notices>) {
    loop {
        if released.strong_count() == 0 {
            return;
        }
        let subscribe = async {
            let mut pubsub = client.get_async_pubsub().await.ok()?;
            pubsub.psubscribe(&pattern).await.ok()?;
            Some(pubsub.into_on_message())
        };
        if let Ok(Some(mut notices)) = tokio::time::timeout(Duration::from_secs(1), subscribe).await
        {
            while let Some(message) = notices.next().await {
                let Some(released) = released.upgrade() else {
                    return;
                };
                let left: String = message.get_payload().unwrap_or_default();
                let notice = Notice {
                    topic: message.get_channel_name().to_owned(),
                    left: Some(left).filter(|left| !left.is_empty()),
                };
                announce(&released, notice);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A held lease of a [`RedisStore`].
struct RedisLease {
    connection: ConnectionManager,
    lease: String,
    /// Where the release is announced, with what `record` holds then.
    channel: String,
    record: String,
    owner: String,
}

#[async_trait]
impl LeaseHolder for RedisLease {
    async fn extend(&self, ttl: Duration) -> Result<bool, Error> {
        let mut connection = self.connection.clone();
        let extended: i64 = EXTEND_SCRIPT
            .key(&self.lease)
            .arg(&self.owner)
            .arg(millis(ttl))
            .invoke_async(&mut connection)
            .await
            .map_err(|e| Error::store("redis: cannot extend the renewal lease", e))?;
        Ok(extended == 1)
    }

    async fn release(self: Box<Self>) -> Result<(), Error> {
        let mut connection = self.connection.clone();
        let _: i64 = RELEASE_SCRIPT
            .key(&self.lease)
            .key(&self.channel)
            .key(&self.record)
            .arg(&self.owner)
            .invoke_async(&mut connection)
            .await
            .map_err(|e| Error::store("redis: cannot release the renewal lease", e))?;
        Ok(())
    }
}

#[async_trait]
impl TokenStore for RedisStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<Versioned>, Error> {
        let mut connection = self.connection().await?;
        let (version, sealed): (Option<u64>, Option<String>) = redis::cmd("HMGET")
            .arg(self.name("token", key))
            .arg("v")
            .arg("r")
            .query_async(&mut connection)
            .await
            .map_err(|e| Error::store("redis: cannot load the token", e))?;
        match (version, sealed) {
            (Some(version), Some(sealed)) => self.stored(key, version, &sealed),
            _ => Ok(None),
        }
    }

    async fn save_if(
        &self,
        key: &StoreKey,
        token: &StoredToken,
        expected: u64,
    ) -> Result<Saved, Error> {
        let sealed = self.cipher.seal_record(&self.namespace, key, token)?;
        let mut connection = self.connection().await?;
        let (stored, version, theirs): (i64, u64, Option<String>) = SAVE_IF_SCRIPT
            .key(self.name("token", key))
            .arg(expected)
            .arg(sealed)
            .invoke_async(&mut connection)
            .await
            .map_err(|e| Error::store("redis: cannot save the token", e))?;
        if stored == 1 {
            return Ok(Saved::Stored { version });
        }
        let current = self.stored(key, version, &theirs.unwrap_or_default())?;
        Ok(Saved::Conflict { current })
    }

    async fn remove(&self, key: &StoreKey) -> Result<(), Error> {
        let mut connection = self.connection().await?;
        let _: i64 = connection
            .del(self.name("token", key))
            .await
            .map_err(|e| Error::store("redis: cannot remove the token", e))?;
        Ok(())
    }

    async fn take_turn(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Turn, Error> {
        let owner = owner_token()?;
        let lease = self.name("lease", key);
        let topic = self.name("released", key);
        let notices = self.released.subscribe();
        let take = self.try_take(key, &lease, &owner, terms.ttl);
        match take_turn("redis", take, notices, &topic, terms.wait).await? {
            Tried::Taken(stored) => {
                let held = self.held(key, lease, owner, terms).await?;
                Ok(Turn::Leased(held.with_read(stored)))
            }
            Tried::Released(left) => {
                let left = self.cipher.open_left(&self.namespace, key, left.as_deref());
                Ok(Turn::Released(left))
            }
        }
    }

    async fn lease(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Lease, Error> {
        let owner = owner_token()?;
        let lease = self.name("lease", key);
        let topic = self.name("released", key);
        let stored = acquire(
            "redis",
            true,
            terms,
            || self.try_take(key, &lease, &owner, terms.ttl),
            Some((self.released.subscribe(), &topic)),
        )
        .await?;
        Ok(self.held(key, lease, owner, terms).await?.with_read(stored))
    }
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the URL: it may carry a password.
        f.debug_struct("RedisStore")
            .field("namespace", &self.namespace)
            .field("cipher", &self.cipher)
            .finish_non_exhaustive()
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

/// The password and the sealed records cross the network only over TLS, with its checks on:
/// in plain, only to loopback or over a Unix socket.
fn check_transport(url: &str) -> Result<(), Error> {
    let parsed = url::Url::parse(url)
        .map_err(|e| Error::config_caused_by("the Redis URL is not valid", e))?;
    let allowed = match parsed.scheme() {
        "rediss" if parsed.fragment() == Some("insecure") => {
            return Err(Error::config(
                "RedisStore always checks the server's certificate: drop #insecure, or give its CA with open_with_roots",
            ));
        }
        "rediss" | "unix" | "redis+unix" => true,
        "redis" => parsed
            .host_str()
            .is_some_and(auth_vocab::loopback::is_loopback_host),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Error::config(
            "RedisStore: rediss:// (TLS), or redis:// in plain to a loopback address only, or a Unix socket",
        ))
    }
}
