//! [`PostgresStore`]: one token per identity for a fleet, in PostgreSQL.
//!
//! Two tables, created by [`MIGRATION`] (which [`PostgresStore::migrate`] runs; it is
//! idempotent):
//!
//! - `auth_tokens`: a row per namespace and key hash, with the version and the record sealed
//!   with the user's [`StoreCipher`]. A conditional save is `UPDATE … WHERE version = $old` (an
//!   `INSERT … ON CONFLICT DO NOTHING` for the first save): the database compares and writes
//!   as one statement.
//! - `auth_token_leases`: the renewal lease, a row with a random owner and a deadline on the
//!   database's clock (one clock for the whole fleet). A lapsed lease is taken over by an
//!   `INSERT … ON CONFLICT DO UPDATE … WHERE deadline < now()`; extension and release match the
//!   owner. A lease row, rather than an advisory lock, because it outlives neither its deadline
//!   nor a connection pool's reuse of a connection, and a holder that dies frees it at its
//!   deadline.
//!
//! Over the network it connects with TLS only (`sslmode=require`: rustls, certificate and host
//! name checked); in plain only to loopback or a Unix socket.
//!
//! Waiters listen on the channel `auth_token_lease_released` (`LISTEN/NOTIFY`, one listening
//! connection per store), and poll with a backoff in case a notice is missed. A release's
//! notice is `namespace key_hash version:record`: it carries what the holder left (when it fits
//! in a notice), so that the waiters adopt it without a read. The connection is
//! re-established on the next use after it breaks (a restarted server).

use std::sync::{Arc, Weak};
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::Mutex;
use tokio_postgres::config::SslMode;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{AsyncMessage, Client, Config};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::lease::{
    acquire, announce, notices, owner_token, take_turn, LeaseHolder, Notice, Notices, Tried,
};
use super::record::stem;
use super::sealed::StoreCipher;
use super::{
    check_namespace, Lease, LeaseTerms, Saved, StoreKey, StoredToken, TokenStore, Turn, Versioned,
};
use crate::error::Error;

/// The tables, as [`PostgresStore::migrate`] creates them.
pub const MIGRATION: &str = "
CREATE TABLE IF NOT EXISTS auth_tokens (
    namespace  text        NOT NULL,
    key_hash   text        NOT NULL,
    version    bigint      NOT NULL CHECK (version > 0),
    record     text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, key_hash)
);
CREATE TABLE IF NOT EXISTS auth_token_leases (
    namespace  text        NOT NULL,
    key_hash   text        NOT NULL,
    owner      text        NOT NULL,
    deadline   timestamptz NOT NULL,
    PRIMARY KEY (namespace, key_hash)
);
";

const CHANNEL: &str = "auth_token_lease_released";
/// A record and its version.
const LOAD: &str = "SELECT version, record FROM auth_tokens WHERE namespace = $1 AND key_hash = $2";
/// The most of a record a notice carries (PostgreSQL takes payloads under 8,000 bytes); a
/// larger one is left for the waiters to load.
const NOTICE_ROOM: i64 = 7_000;

// Every statement names its parameters' types, so that it costs one round trip (no prepare).
const TEXT: Type = Type::TEXT;
const INT8: Type = Type::INT8;

/// How long a statement (or a connection attempt) may take before it is a store error.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);

/// Tokens in PostgreSQL, sealed, versioned and leased.
#[derive(Clone)]
pub struct PostgresStore {
    shared: Arc<Shared>,
}

struct Shared {
    config: Config,
    namespace: String,
    cipher: StoreCipher,
    client: Mutex<Option<Arc<Client>>>,
    /// TLS, used only with `sslmode=require` (any other mode is turned into `disable`).
    tls: MakeRustlsConnect,
    /// Every release notice of the namespace the listener hears.
    released: Notices,
    listening: std::sync::OnceLock<()>,
}

impl PostgresStore {
    /// A store on the PostgreSQL server of `url` (`postgres://user:password@host:port/db`, or
    /// key-value settings), names under `namespace`, records sealed with `cipher`. Connects
    /// lazily. With `sslmode=require`, over TLS, trusting the system's roots (the certificate
    /// and the host name are checked, which libpq's `require` does not); otherwise in plain,
    /// to a loopback address or a Unix socket only.
    pub fn open(url: &str, namespace: &str, cipher: StoreCipher) -> Result<PostgresStore, Error> {
        PostgresStore::open_trusting(url, namespace, cipher, None)
    }

    /// The same over TLS (`sslmode=require` is needed), trusting only the CA certificates of
    /// `roots_pem` (PEM): for a server whose certificate a private CA signed.
    pub fn open_with_roots(
        url: &str,
        namespace: &str,
        cipher: StoreCipher,
        roots_pem: &[u8],
    ) -> Result<PostgresStore, Error> {
        PostgresStore::open_trusting(url, namespace, cipher, Some(roots_pem))
    }

    fn open_trusting(
        url: &str,
        namespace: &str,
        cipher: StoreCipher,
        roots_pem: Option<&[u8]>,
    ) -> Result<PostgresStore, Error> {
        check_namespace(namespace)?;
        // The URL is not in the error: it may carry a password.
        let mut config: Config = url
            .parse()
            .map_err(|e| Error::config_caused_by("the PostgreSQL URL is not valid", e))?;
        let tls = transport(&mut config, roots_pem)?;
        config.connect_timeout(Duration::from_secs(1));
        config.application_name("auth-runtime");
        Ok(PostgresStore {
            shared: Arc::new(Shared {
                config,
                tls,
                namespace: namespace.to_owned(),
                cipher,
                client: Mutex::new(None),
                released: notices(),
                listening: std::sync::OnceLock::new(),
            }),
        })
    }

    /// Creates the store's tables if they do not exist ([`MIGRATION`]).
    pub async fn migrate(&self) -> Result<(), Error> {
        self.shared
            .run("cannot create the tables", |client| async move {
                client.batch_execute(MIGRATION).await
            })
            .await
    }

    /// The lease just taken for `owner`, with what was read as it was.
    fn held(
        &self,
        stem: String,
        owner: String,
        terms: LeaseTerms,
        stored: Result<Option<Versioned>, Error>,
    ) -> Lease {
        let held = PostgresLease {
            shared: Arc::clone(&self.shared),
            stem,
            owner,
        };
        Lease::held(held, terms.ttl).with_read(stored)
    }
}

impl Shared {
    /// The connection, established again if it broke.
    async fn client(&self) -> Result<Arc<Client>, Error> {
        let mut slot = self.client.lock().await;
        if let Some(client) = slot.as_ref().filter(|c| !c.is_closed()) {
            return Ok(Arc::clone(client));
        }
        let connecting =
            tokio::time::timeout(RESPONSE_TIMEOUT, self.config.connect(self.tls.clone()));
        let (client, connection) = match connecting.await {
            Ok(connected) => connected.map_err(|e| Error::store("postgres: cannot connect", e))?,
            Err(_) => {
                let timed_out =
                    std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer in time");
                return Err(Error::store("postgres: cannot connect", timed_out));
            }
        };
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(store = "postgres", %error, "connection closed");
            }
        });
        let client = Arc::new(client);
        *slot = Some(Arc::clone(&client));
        Ok(client)
    }

    /// Runs `op` on the connection within [`RESPONSE_TIMEOUT`]: a server that stops answering
    /// is a typed error, and its connection is replaced at the next use.
    async fn run<T, F>(&self, what: &str, op: impl FnOnce(Arc<Client>) -> F) -> Result<T, Error>
    where
        F: std::future::Future<Output = Result<T, tokio_postgres::Error>>,
    {
        let client = self.client().await?;
        match tokio::time::timeout(RESPONSE_TIMEOUT, op(Arc::clone(&client))).await {
            Ok(result) => result.map_err(|e| Error::store(format!("postgres: {what}"), e)),
            Err(_) => {
                let mut slot = self.client.lock().await;
                if slot.as_ref().is_some_and(|c| Arc::ptr_eq(c, &client)) {
                    *slot = None;
                }
                let timed_out = std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "no answer within the response timeout",
                );
                Err(Error::store(format!("postgres: {what}"), timed_out))
            }
        }
    }

    fn open_record(
        &self,
        key: &StoreKey,
        version: i64,
        sealed: &str,
    ) -> Result<Option<Versioned>, Error> {
        let version = u64::try_from(version).unwrap_or(0);
        self.cipher
            .open_record(&self.namespace, key, version, sealed)
    }

    /// One try at the lease: `Some(what is stored)` if it was taken. The record is read by a
    /// second statement sent right behind the first (one round trip): run after it, it sees
    /// the last holder's save, which one statement's snapshot might not.
    async fn try_take(
        &self,
        key: &StoreKey,
        stem: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<Option<Result<Option<Versioned>, Error>>, Error> {
        let ttl = millis(ttl);
        let (rows, row) = self
            .run("cannot take the renewal lease", |client| async move {
                let lease_params: [(&(dyn ToSql + Sync), Type); 4] = [
                    (&self.namespace, TEXT),
                    (&stem, TEXT),
                    (&owner, TEXT),
                    (&ttl, INT8),
                ];
                let read_params: [(&(dyn ToSql + Sync), Type); 2] =
                    [(&self.namespace, TEXT), (&stem, TEXT)];
                let take = client.execute_typed(
                    "INSERT INTO auth_token_leases (namespace, key_hash, owner, deadline)
                     VALUES ($1, $2, $3, now() + $4::bigint * interval '1 millisecond')
                     ON CONFLICT (namespace, key_hash) DO UPDATE
                       SET owner = EXCLUDED.owner, deadline = EXCLUDED.deadline
                       WHERE auth_token_leases.deadline < now()",
                    &lease_params,
                );
                let read = client.query_typed_opt(LOAD, &read_params);
                // A read that fails after the take landed still reports the lease taken (the
                // holder's reload then reports the failure, and the lease is released).
                let (taken, read) = tokio::join!(take, read);
                taken.map(|rows| (rows, read))
            })
            .await?;
        if rows != 1 {
            return Ok(None);
        }
        Ok(Some(match row {
            Ok(Some(row)) => self.open_record(key, row.get(0), row.get(1)),
            Ok(None) => Ok(None),
            Err(e) => Err(Error::store("postgres: cannot load the token", e)),
        }))
    }

    /// A release notice, `namespace key_hash [version:record]`: another application's wakes
    /// nobody here.
    fn heard(&self, payload: &str) {
        let mut parts = payload.splitn(3, ' ');
        let (Some(namespace), Some(topic)) = (parts.next(), parts.next()) else {
            return;
        };
        if namespace == self.namespace {
            let notice = Notice {
                topic: topic.to_owned(),
                left: parts.next().map(str::to_owned),
            };
            announce(&self.released, notice);
        }
    }

    /// Starts, once, the task that listens for release notices; it ends with the store.
    fn listen(self: &Arc<Self>) {
        self.listening.get_or_init(|| {
            let shared = Arc::downgrade(self);
            let (config, tls) = (self.config.clone(), self.tls.clone());
            tokio::spawn(listener(shared, config, tls));
        });
    }
}

/// Listens on [`CHANNEL`] and raises `released` at each notice, reconnecting after a failure,
/// until the store is dropped.
async fn listener(shared: Weak<Shared>, config: Config, tls: MakeRustlsConnect) {
    loop {
        if shared.strong_count() == 0 {
            return;
        }
        let connecting = tokio::time::timeout(RESPONSE_TIMEOUT, config.connect(tls.clone()));
        if let Ok(Ok((client, mut connection))) = connecting.await {
            let driven = async {
                loop {
                    let message = std::future::poll_fn(|cx| connection.poll_message(cx)).await;
                    match message {
                        Some(Ok(AsyncMessage::Notification(notice))) => match shared.upgrade() {
                            Some(shared) => shared.heard(notice.payload()),
                            None => return,
                        },
                        Some(Ok(_)) => {}
                        Some(Err(_)) | None => return,
                    }
                }
            };
            let command = format!("LISTEN {CHANNEL}");
            let listen = client.batch_execute(&command);
            let (_, ()) = tokio::join!(listen, driven);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A held lease of a [`PostgresStore`].
struct PostgresLease {
    shared: Arc<Shared>,
    stem: String,
    owner: String,
}

#[async_trait]
impl LeaseHolder for PostgresLease {
    async fn extend(&self, ttl: Duration) -> Result<bool, Error> {
        let ttl = millis(ttl);
        let shared = &self.shared;
        let rows = shared
            .run("cannot extend the renewal lease", |client| async move {
                client
                    .execute_typed(
                        "UPDATE auth_token_leases
                         SET deadline = now() + $4::bigint * interval '1 millisecond'
                         WHERE namespace = $1 AND key_hash = $2 AND owner = $3",
                        &[
                            (&shared.namespace, TEXT),
                            (&self.stem, TEXT),
                            (&self.owner, TEXT),
                            (&ttl, INT8),
                        ],
                    )
                    .await
            })
            .await?;
        Ok(rows == 1)
    }

    async fn release(self: Box<Self>) -> Result<(), Error> {
        let shared = &self.shared;
        let (stem, owner) = (&self.stem, &self.owner);
        shared
            .run("cannot release the renewal lease", |client| async move {
                client
                    .execute_typed(
                        "WITH released AS (
                           DELETE FROM auth_token_leases
                           WHERE namespace = $1 AND key_hash = $2 AND owner = $3
                           RETURNING 1),
                         left_behind AS (
                           SELECT ' ' || version || ':' || record AS notice FROM auth_tokens
                           WHERE namespace = $1 AND key_hash = $2)
                         SELECT pg_notify($4, $1 || ' ' || $2 || coalesce(
                           (SELECT notice FROM left_behind WHERE length(notice) <= $5), ''))
                         FROM released",
                        &[
                            (&shared.namespace, TEXT),
                            (stem, TEXT),
                            (owner, TEXT),
                            (&CHANNEL, TEXT),
                            (&NOTICE_ROOM, INT8),
                        ],
                    )
                    .await
            })
            .await?;
        Ok(())
    }
}

#[async_trait]
impl TokenStore for PostgresStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<Versioned>, Error> {
        let shared = &self.shared;
        let stem = stem(key);
        let row = shared
            .run("cannot load the token", |client| async move {
                client
                    .query_typed_opt(LOAD, &[(&shared.namespace, TEXT), (&stem, TEXT)])
                    .await
            })
            .await?;
        match row {
            Some(row) => shared.open_record(key, row.get(0), row.get(1)),
            None => Ok(None),
        }
    }

    async fn save_if(
        &self,
        key: &StoreKey,
        token: &StoredToken,
        expected: u64,
    ) -> Result<Saved, Error> {
        let shared = &self.shared;
        let sealed = shared.cipher.seal_record(&shared.namespace, key, token)?;
        let expected = i64::try_from(expected).unwrap_or(i64::MAX);
        let (namespace, stem) = (&shared.namespace, stem(key));
        let row = shared
            .run("cannot save the token", |client| async move {
                if expected == 0 {
                    client
                        .query_typed_opt(
                            "INSERT INTO auth_tokens (namespace, key_hash, version, record)
                             VALUES ($1, $2, 1, $3)
                             ON CONFLICT (namespace, key_hash) DO NOTHING
                             RETURNING version",
                            &[(namespace, TEXT), (&stem, TEXT), (&sealed, TEXT)],
                        )
                        .await
                } else {
                    client
                        .query_typed_opt(
                            "UPDATE auth_tokens
                             SET version = version + 1, record = $4, updated_at = now()
                             WHERE namespace = $1 AND key_hash = $2 AND version = $3
                             RETURNING version",
                            &[
                                (namespace, TEXT),
                                (&stem, TEXT),
                                (&expected, INT8),
                                (&sealed, TEXT),
                            ],
                        )
                        .await
                }
            })
            .await?;
        if let Some(row) = row {
            let version: i64 = row.get(0);
            let version = u64::try_from(version).unwrap_or(0);
            return Ok(Saved::Stored { version });
        }
        let current = self.load(key).await?;
        Ok(Saved::Conflict { current })
    }

    async fn remove(&self, key: &StoreKey) -> Result<(), Error> {
        let shared = &self.shared;
        let stem = stem(key);
        shared
            .run("cannot remove the token", |client| async move {
                client
                    .execute_typed(
                        "DELETE FROM auth_tokens WHERE namespace = $1 AND key_hash = $2",
                        &[(&shared.namespace, TEXT), (&stem, TEXT)],
                    )
                    .await
            })
            .await?;
        Ok(())
    }

    async fn take_turn(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Turn, Error> {
        let shared = &self.shared;
        shared.listen();
        let owner = owner_token()?;
        let stem = stem(key);
        let notices = shared.released.subscribe();
        let take = shared.try_take(key, &stem, &owner, terms.ttl);
        match take_turn("postgres", take, notices, &stem, terms.wait).await? {
            Tried::Taken(stored) => Ok(Turn::Leased(self.held(stem, owner, terms, stored))),
            Tried::Released(left) => {
                let left = shared
                    .cipher
                    .open_left(&shared.namespace, key, left.as_deref());
                Ok(Turn::Released(left))
            }
        }
    }

    async fn lease(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Lease, Error> {
        let shared = &self.shared;
        shared.listen();
        let owner = owner_token()?;
        let stem = stem(key);
        let stored = acquire(
            "postgres",
            true,
            terms,
            || shared.try_take(key, &stem, &owner, terms.ttl),
            Some((shared.released.subscribe(), &stem)),
        )
        .await?;
        Ok(self.held(stem, owner, terms, stored))
    }
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the URL: it may carry a password.
        f.debug_struct("PostgresStore")
            .field("namespace", &self.shared.namespace)
            .field("cipher", &self.shared.cipher)
            .finish_non_exhaustive()
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis())
        .unwrap_or(i64::MAX)
        .max(1)
}

/// The password and the sealed records cross the network only over TLS with its checks on
/// (`sslmode=require`); in plain (any other mode, which becomes `disable`: `prefer` would fall
/// back to plain at a server's word), only to loopback or a Unix socket.
fn transport(config: &mut Config, roots_pem: Option<&[u8]>) -> Result<MakeRustlsConnect, Error> {
    use tokio_postgres::config::Host;
    if config.get_ssl_mode() == SslMode::Require {
        return Ok(MakeRustlsConnect::new(super::tls::client_config(
            roots_pem,
        )?));
    }
    if roots_pem.is_some() {
        return Err(Error::config(
            "PostgresStore::open_with_roots is for TLS: add sslmode=require to the URL",
        ));
    }
    let remote = config.get_hosts().iter().any(|host| match host {
        Host::Tcp(name) => !auth_vocab::loopback::is_loopback_host(name),
        #[cfg(unix)]
        Host::Unix(_) => false,
    });
    // `hostaddr`, where given, is where tokio-postgres connects: it must be loopback too.
    let remote = remote
        || config
            .get_hostaddrs()
            .iter()
            .any(|addr| !addr.is_loopback());
    if remote {
        return Err(Error::config(
            "PostgresStore connects to a remote server only over TLS: add sslmode=require to the URL",
        ));
    }
    config.ssl_mode(SslMode::Disable);
    // Never used, the mode being `disable`: it trusts nothing.
    let unused = super::tls::trusting(rustls::RootCertStore::empty())?;
    Ok(MakeRustlsConnect::new(unused))
}
