//! One contract, every store: versions, conditional saves, leases with owners and deadlines,
//! removal, isolation of keys. The memory and file stores, and Redis and PostgreSQL servers
//! started privately on loopback, pass the same checks; the shared stores also seal their
//! records, keep namespaces apart, and come back after their server restarts.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use auth_runtime::{
    Error, ExposeSecret, FileStore, LeaseTerms, MemoryStore, PostgresStore, RedisStore, Saved,
    SecretString, StoreCipher, StoreKey, StoredToken, TokenStore, Turn,
};
use auth_tests::servers::{PostgresServer, RedisServer};

const KEY_BYTES: [u8; 32] = [42; 32];

fn cipher() -> StoreCipher {
    StoreCipher::new("k1", &KEY_BYTES).unwrap()
}

fn key(identity: &str) -> StoreKey {
    StoreKey {
        provider: "tali",
        origin: None,
        identity: format!("client_id={identity}"),
    }
}

fn token(access: &str) -> StoredToken {
    StoredToken {
        access_token: SecretString::from(access.to_owned()),
        token_type: "Bearer".into(),
        received_at: SystemTime::now(),
        expires_at: SystemTime::now() + Duration::from_secs(3600),
        lifetime_known: true,
        never_expires: false,
        refresh_token: Some(SecretString::from(format!("refresh-of-{access}"))),
        scope: Some("read".into()),
        extra: Default::default(),
    }
}

fn terms(ttl_ms: u64, wait_ms: u64) -> LeaseTerms {
    LeaseTerms {
        ttl: Duration::from_millis(ttl_ms),
        wait: Duration::from_millis(wait_ms),
    }
}

async fn access_of(store: &dyn TokenStore, key: &StoreKey) -> Option<(String, u64)> {
    store.load(key).await.unwrap().map(|stored| {
        let access = stored.token.access_token.expose_secret().to_owned();
        (access, stored.version)
    })
}

/// What a store does beyond the contract's minimum.
#[derive(Clone, Copy)]
struct Kind {
    /// A lease lapses at its deadline (the file store's lock lasts as long as its process).
    deadlines: bool,
    /// Releases are announced, so that a waiter wakes at once (the file store's sleep).
    notices: bool,
    /// A lease comes with the record read as it was taken, and a notice with what was left.
    carried: bool,
}

const IN_MEMORY: Kind = Kind {
    deadlines: true,
    notices: true,
    carried: false,
};
const IN_FILES: Kind = Kind {
    deadlines: false,
    notices: false,
    carried: false,
};
const SHARED: Kind = Kind {
    deadlines: true,
    notices: true,
    carried: true,
};

/// Every check of the contract, on `store`, of `kind`.
async fn contract(store: Arc<dyn TokenStore>, kind: Kind) {
    versions_and_conditional_saves(store.as_ref()).await;
    concurrent_conditional_saves_never_lose_one(&store).await;
    a_lease_excludes_until_released(store.as_ref()).await;
    a_release_tells_its_waiters_what_was_left(store.as_ref(), kind).await;
    if kind.deadlines {
        a_lapsed_lease_is_taken_over_and_its_owner_is_powerless(store.as_ref()).await;
    }
    removal_and_isolation(store.as_ref()).await;
    instants_are_kept_to_the_millisecond(store.as_ref()).await;
}

async fn versions_and_conditional_saves(store: &dyn TokenStore) {
    let key = key("versions");
    assert!(store.load(&key).await.unwrap().is_none());
    assert!(matches!(
        store.save_if(&key, &token("a1"), 0).await.unwrap(),
        Saved::Stored { version: 1 }
    ));
    assert_eq!(access_of(store, &key).await, Some(("a1".into(), 1)));

    // A saver that started from nothing, or from an older version, loses and sees the winner.
    for stale in [0, 2, 7] {
        let Saved::Conflict {
            current: Some(winner),
        } = store.save_if(&key, &token("late"), stale).await.unwrap()
        else {
            panic!("a save over version {stale} landed on version 1");
        };
        assert_eq!(winner.version, 1);
        assert_eq!(winner.token.access_token.expose_secret(), "a1");
    }
    assert!(matches!(
        store.save_if(&key, &token("a2"), 1).await.unwrap(),
        Saved::Stored { version: 2 }
    ));
    let stored = store.load(&key).await.unwrap().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.token.access_token.expose_secret(), "a2");
    assert_eq!(
        stored.token.refresh_token.as_ref().unwrap().expose_secret(),
        "refresh-of-a2"
    );
    assert_eq!(stored.token.scope.as_deref(), Some("read"));

    // An unconditional save is a conditional one that retries.
    assert_eq!(store.save(&key, &token("a3")).await.unwrap(), 3);
}

async fn concurrent_conditional_saves_never_lose_one(store: &Arc<dyn TokenStore>) {
    let key = key("concurrent");
    let (tasks, each) = (8, 5);
    let mut handles = Vec::new();
    for task in 0..tasks {
        let (store, key) = (Arc::clone(store), key.clone());
        handles.push(tokio::spawn(async move {
            let mut landed = 0;
            while landed < each {
                let found = store.load(&key).await.unwrap().map_or(0, |s| s.version);
                let mine = token(&format!("t{task}-{landed}"));
                if let Saved::Stored { .. } = store.save_if(&key, &mine, found).await.unwrap() {
                    landed += 1;
                }
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let stored = store.load(&key).await.unwrap().unwrap();
    assert_eq!(
        stored.version,
        tasks * each,
        "every landed save raised the version once"
    );
}

async fn a_lease_excludes_until_released(store: &dyn TokenStore) {
    let key = key("lease");
    let first = store.lease(&key, terms(5_000, 0)).await.unwrap();
    let started = Instant::now();
    let busy = store.lease(&key, terms(5_000, 150)).await.unwrap_err();
    assert!(
        matches!(busy, Error::LeaseUnavailable { source: None, .. }),
        "{busy:?}"
    );
    let Error::LeaseUnavailable { store: name, .. } = &busy else {
        unreachable!()
    };
    assert_eq!(
        busy.to_string(),
        format!("token store {name}: the renewal lease was not had within 150ms")
    );
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert!(first.extend().await.unwrap());

    // A waiter gets it as soon as it is released, well before its deadline.
    let waiting = async {
        let started = Instant::now();
        let lease = store.lease(&key, terms(5_000, 3_000)).await.unwrap();
        (lease, started.elapsed())
    };
    let release = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        first.release().await.unwrap();
    };
    let ((second, waited), ()) = tokio::join!(waiting, release);
    assert!(waited < Duration::from_millis(1_500), "waited {waited:?}");
    second.release().await.unwrap();

    // Another key's lease is another lease.
    let one = store.lease(&key, terms(5_000, 0)).await.unwrap();
    let other = store.lease(&self::key("other"), terms(5_000, 0)).await;
    assert!(other.is_ok(), "{other:?}");
    one.release().await.unwrap();
}

/// A lease's holder learns what is stored as it takes the lease (where the store reads it in
/// the same step), and a waiter learns of the release at once, with what the holder left where
/// the notice carries it (the shared stores must); a waiter on another key sleeps on.
async fn a_release_tells_its_waiters_what_was_left(store: &dyn TokenStore, kind: Kind) {
    let key = key("left");
    let mut lease = store.lease(&key, terms(5_000, 0)).await.unwrap();
    let read_first = lease.take_stored();
    if kind.carried {
        assert!(read_first.is_some(), "a shared store reads as it leases");
    }
    if let Some(stored) = read_first {
        assert!(stored.is_none(), "nothing was stored yet");
    }
    let first = store.save_if(&key, &token("first"), 0).await.unwrap();
    assert!(matches!(first, Saved::Stored { version: 1 }), "{first:?}");
    lease.release().await.unwrap();

    let mut lease = store.lease(&key, terms(5_000, 0)).await.unwrap();
    let read_with_lease = lease.take_stored();
    if kind.carried {
        assert!(
            read_with_lease.is_some(),
            "a shared store reads as it leases"
        );
    }
    if let Some(stored) = read_with_lease {
        let stored = stored.expect("the first token");
        assert_eq!(stored.version, 1);
        assert_eq!(stored.token.access_token.expose_secret(), "first");
    }
    assert!(lease.take_stored().is_none(), "taken once");
    // The first release's notice may still be on its way: let it arrive before the waiter
    // listens, so that what the waiter hears is the second release.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let other = self::key("left-other");
    let other_lease = store.lease(&other, terms(5_000, 0)).await.unwrap();

    let waiting = async {
        let started = Instant::now();
        let turn = store.take_turn(&key, terms(5_000, 2_000)).await;
        (turn, started.elapsed())
    };
    let sleeping = async {
        let started = Instant::now();
        let turn = store.take_turn(&other, terms(5_000, 600)).await;
        assert!(
            matches!(turn, Err(Error::LeaseUnavailable { source: None, .. })),
            "{turn:?}"
        );
        started.elapsed()
    };
    let renewing = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let second = store.save_if(&key, &token("second"), 1).await.unwrap();
        assert!(matches!(second, Saved::Stored { version: 2 }), "{second:?}");
        lease.release().await.unwrap();
    };
    let ((turn, waited), slept, ()) = tokio::join!(waiting, sleeping, renewing);
    assert!(
        slept >= Duration::from_millis(600),
        "another key's release woke it: {slept:?}"
    );
    if !kind.notices {
        // Releases unheard: the waiter queues for the lease itself.
        let Ok(Turn::Leased(lease)) = turn else {
            panic!("the released lease is the waiter's: {turn:?}");
        };
        lease.release().await.unwrap();
        other_lease.release().await.unwrap();
        return;
    }
    assert!(waited < Duration::from_millis(1_500), "waited {waited:?}");
    let Ok(Turn::Released(left)) = turn else {
        panic!("a waiter does not take the lease at its release: {turn:?}");
    };
    if kind.carried {
        assert!(left.is_some(), "the notice carries the record");
    }
    if let Some(left) = left {
        assert_eq!(left.version, 2);
        assert_eq!(left.token.access_token.expose_secret(), "second");
    }
    other_lease.release().await.unwrap();
}

async fn a_lapsed_lease_is_taken_over_and_its_owner_is_powerless(store: &dyn TokenStore) {
    let key = key("lapse");
    let stalled = store.lease(&key, terms(200, 0)).await.unwrap();
    let started = Instant::now();
    let taker = store.lease(&key, terms(5_000, 3_000)).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(100),
        "taken before the deadline"
    );
    // The stalled owner can neither extend nor release the new owner's lease.
    assert!(!stalled.extend().await.unwrap());
    stalled.release().await.unwrap();
    let still = store.lease(&key, terms(5_000, 100)).await;
    assert!(
        matches!(still, Err(Error::LeaseUnavailable { .. })),
        "{still:?}"
    );
    taker.release().await.unwrap();
}

async fn removal_and_isolation(store: &dyn TokenStore) {
    let (one, two) = (key("one"), key("two"));
    store.save(&one, &token("one")).await.unwrap();
    store.save(&two, &token("two")).await.unwrap();
    assert_eq!(access_of(store, &one).await.unwrap().0, "one");
    assert_eq!(access_of(store, &two).await.unwrap().0, "two");
    store.remove(&one).await.unwrap();
    assert!(store.load(&one).await.unwrap().is_none());
    assert_eq!(access_of(store, &two).await.unwrap().0, "two");
    store.remove(&one).await.unwrap(); // Removing nothing is no error.
}

/// A token's instants come back as they went in, to the millisecond: every process of a fleet
/// plans a token's renewal from the same expiry.
async fn instants_are_kept_to_the_millisecond(store: &dyn TokenStore) {
    let key = key("instants");
    let mut saved = token("precise");
    let base = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    saved.received_at = base + Duration::from_millis(999);
    saved.expires_at = base + Duration::from_millis(3_001);
    store.save(&key, &saved).await.unwrap();
    let loaded = store.load(&key).await.unwrap().unwrap().token;
    let millis = |t: SystemTime| {
        t.duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    };
    assert_eq!(millis(loaded.received_at), millis(saved.received_at));
    assert_eq!(millis(loaded.expires_at), millis(saved.expires_at));
}

#[tokio::test]
async fn the_memory_store_keeps_the_contract() {
    contract(Arc::new(MemoryStore::new()), IN_MEMORY).await;
}

#[tokio::test]
async fn the_file_store_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    contract(Arc::new(FileStore::new(dir.path()).unwrap()), IN_FILES).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_redis_store_keeps_the_contract() {
    let server = RedisServer::start();
    let store = RedisStore::open(&server.url(), "contract", cipher()).unwrap();
    contract(Arc::new(store), SHARED).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_store_keeps_the_contract() {
    let server = PostgresServer::start();
    let store = PostgresStore::open(&server.url(), "contract", cipher()).unwrap();
    store.migrate().await.unwrap();
    store.migrate().await.unwrap(); // The migration can run again.
    contract(Arc::new(store), SHARED).await;
}

/// What the shared stores add: sealed records, namespaces, keys rotated, servers restarted.
async fn shared_store(open: impl Fn(&str, StoreCipher) -> Arc<dyn TokenStore>) {
    let key = key("shared");
    let store = open("app-a", cipher());
    store.save(&key, &token("sealed-token")).await.unwrap();

    // Another application's namespace holds nothing of it.
    let neighbour = open("app-b", cipher());
    assert!(neighbour.load(&key).await.unwrap().is_none());

    // A wrong key is a typed error, never a token; the right key under a new id does not open
    // it either (the id names the key).
    let wrong = open("app-a", StoreCipher::new("k1", &[1; 32]).unwrap());
    let error = wrong.load(&key).await.unwrap_err();
    assert!(matches!(error, Error::SealedRecord { .. }), "{error:?}");
    assert!(!format!("{error:?}{error}").contains("sealed-token"));
    // The lease is still had over a record that does not open: the holder's reload reports it
    // (and the lease is released), rather than a store failure that holds the lease.
    let mut lease = wrong.lease(&key, terms(5_000, 0)).await.unwrap();
    assert!(lease.take_stored().is_none(), "left to the reload");
    assert!(matches!(
        wrong.load(&key).await,
        Err(Error::SealedRecord { .. })
    ));
    lease.release().await.unwrap();
    let renamed = open("app-a", StoreCipher::new("k9", &KEY_BYTES).unwrap());
    let error = renamed.load(&key).await.unwrap_err();
    assert!(
        matches!(&error, Error::SealedRecord { key_id, .. } if key_id == "k1"),
        "{error:?}"
    );

    // Rotated: old records still open, new ones are sealed with the new key, which the old
    // cipher cannot open.
    let rotated_cipher = StoreCipher::new("k2", &[7; 32])
        .unwrap()
        .with_previous("k1", &KEY_BYTES)
        .unwrap();
    let rotated = open("app-a", rotated_cipher);
    assert_eq!(
        access_of(rotated.as_ref(), &key).await.unwrap().0,
        "sealed-token"
    );
    rotated.save(&key, &token("resealed")).await.unwrap();
    assert!(matches!(
        store.load(&key).await,
        Err(Error::SealedRecord { .. })
    ));
    assert_eq!(
        access_of(rotated.as_ref(), &key).await.unwrap().0,
        "resealed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_records_are_sealed_namespaced_and_survive_a_restart() {
    let mut server = RedisServer::start();
    let url = server.url();
    shared_store(|namespace, cipher| Arc::new(RedisStore::open(&url, namespace, cipher).unwrap()))
        .await;
    let raw = redis_cli(&server, &["--scan"]);
    assert!(raw.contains("app-a:token:"), "{raw}");
    assert!(
        !raw.contains("client_id"),
        "key names say nothing of the identity: {raw}"
    );
    let dump = redis_cli(
        &server,
        &["--no-raw", "HGETALL", raw.lines().next().unwrap()],
    );
    assert!(!dump.contains("resealed"), "the record is sealed: {dump}");

    let store = RedisStore::open(&url, "restart", cipher()).unwrap();
    let key = key("restart");
    store.save(&key, &token("before")).await.unwrap();
    server.kill();
    let error = store.load(&key).await.unwrap_err();
    assert!(matches!(error, Error::Store { .. }), "{error:?}");
    let started = Instant::now();
    let error = store.lease(&key, terms(5_000, 300)).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::LeaseUnavailable {
                source: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the wait is bounded"
    );
    server.restart();
    // The same store reconnects on its own; the durable server kept the token.
    let back = eventually(|| access_of_ok(&store, &key)).await;
    assert_eq!(back, ("before".to_owned(), 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_records_are_sealed_namespaced_and_survive_a_restart() {
    let mut server = PostgresServer::start();
    let url = server.url();
    let setup = PostgresStore::open(&url, "setup", cipher()).unwrap();
    setup.migrate().await.unwrap();
    shared_store(|namespace, cipher| {
        Arc::new(PostgresStore::open(&url, namespace, cipher).unwrap())
    })
    .await;

    let store = PostgresStore::open(&url, "restart", cipher()).unwrap();
    let key = key("restart");
    store.save(&key, &token("before")).await.unwrap();
    server.stop();
    let error = store.load(&key).await.unwrap_err();
    assert!(matches!(error, Error::Store { .. }), "{error:?}");
    let error = store.lease(&key, terms(5_000, 300)).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::LeaseUnavailable {
                source: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
    server.restart();
    let back = eventually(|| access_of_ok(&store, &key)).await;
    assert_eq!(back, ("before".to_owned(), 1));
}

#[test]
fn shared_stores_refuse_what_they_cannot_keep_safe() {
    for (url, what) in [
        (
            "redis://cache.example.com:6379/",
            "a remote Redis without TLS",
        ),
        (
            "rediss://cache.example.com:6379/#insecure",
            "TLS without its checks",
        ),
        ("http://cache.example.com:6379/", "not Redis"),
        ("not a url", "a malformed URL"),
    ] {
        let error = RedisStore::open(url, "ns", cipher()).unwrap_err();
        assert!(matches!(error, Error::Config { .. }), "{what}: {error:?}");
    }
    for (url, what) in [
        (
            "postgres://u@db.example.com/x",
            "a remote server, TLS by preference only",
        ),
        (
            "postgres://u@db.example.com/x?sslmode=disable",
            "a remote server in plain",
        ),
        (
            "postgres://u@db.example.com/x?sslmode=prefer",
            "a fallback to plain",
        ),
        (
            "postgres://u@localhost/x?hostaddr=10.0.0.5",
            "a loopback name, a remote address",
        ),
        (
            "postgres://u@/x?hostaddr=10.0.0.5",
            "a remote address alone",
        ),
    ] {
        let error = PostgresStore::open(url, "ns", cipher()).unwrap_err();
        assert!(matches!(error, Error::Config { .. }), "{what}: {error:?}");
        assert!(
            error.to_string().contains("sslmode=require"),
            "{what}: {error}"
        );
    }
    // Over TLS, anywhere; the roots given must be certificates, for TLS.
    assert!(RedisStore::open("rediss://cache.example.com:6380/", "ns", cipher()).is_ok());
    let remote = "postgres://u@db.example.com/x?sslmode=require";
    assert!(PostgresStore::open(remote, "ns", cipher()).is_ok());
    let not_pem = b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
    for roots in [&b""[..], b"no certificate here", not_pem] {
        let redis = RedisStore::open_with_roots("rediss://c.example.com/", "ns", cipher(), roots);
        assert!(matches!(redis, Err(Error::Config { .. })), "{redis:?}");
        let postgres = PostgresStore::open_with_roots(remote, "ns", cipher(), roots);
        assert!(
            matches!(postgres, Err(Error::Config { .. })),
            "{postgres:?}"
        );
    }
    let ca = auth_tests::servers::TestCa::new();
    let plain =
        RedisStore::open_with_roots("redis://127.0.0.1/", "ns", cipher(), ca.root_pem.as_bytes());
    assert!(matches!(plain, Err(Error::Config { .. })), "{plain:?}");
    let plain = "postgres://u@127.0.0.1/x";
    let plain = PostgresStore::open_with_roots(plain, "ns", cipher(), ca.root_pem.as_bytes());
    assert!(matches!(plain, Err(Error::Config { .. })), "{plain:?}");
    // A password never reaches an error, whatever is wrong with the URL around it.
    for url in [
        "postgres://u:hunter2@db.example.com/x",
        "postgres://u:hunter2@127.0.0.1:notaport/x",
        "postgres://u:hunter2@127.0.0.1:5432/x?sslmode=bogus",
        "redis://:hunter2@cache.example.com:6379/",
        "redis://:hunter2@127.0.0.1:notaport/",
        "rediss://:hunter2@127.0.0.1:6379/#insecure",
        "postgres://u:hunter2@db.example.com/x?sslmode=prefer",
    ] {
        let error = if url.starts_with("postgres") {
            PostgresStore::open(url, "ns", cipher()).err()
        } else {
            RedisStore::open(url, "ns", cipher()).err()
        };
        let error = error.unwrap_or_else(|| panic!("{url} was accepted"));
        let shown = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
        assert!(!shown.contains("hunter2"), "{url}: {shown}");
    }
    for namespace in ["", "has space", &"x".repeat(65)] {
        assert!(RedisStore::open("redis://127.0.0.1:1/", namespace, cipher()).is_err());
        assert!(PostgresStore::open("postgres://a@127.0.0.1:1/x", namespace, cipher()).is_err());
    }
    let debug = format!(
        "{:?}",
        RedisStore::open("redis://:hunter2@127.0.0.1:1/", "ns", cipher()).unwrap()
    );
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(!debug.contains("42"), "{debug}");
}

async fn access_of_ok(store: &dyn TokenStore, key: &StoreKey) -> Option<(String, u64)> {
    let stored = store.load(key).await.ok()??;
    Some((
        stored.token.access_token.expose_secret().to_owned(),
        stored.version,
    ))
}

/// `probe`'s first `Some` within ten seconds.
async fn eventually<T, F: std::future::Future<Output = Option<T>>>(probe: impl Fn() -> F) -> T {
    let started = Instant::now();
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never came back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn redis_cli(server: &RedisServer, args: &[&str]) -> String {
    let output = std::process::Command::new("redis-cli")
        .args(["-u", &server.url()])
        .args(args)
        .output()
        .expect("redis-cli runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Over TLS, with a private CA's certificate: both shared stores keep the whole contract; one
/// that trusts only the system's roots is refused the server, and a Redis or a PostgreSQL that
/// takes TLS only is not reached in plain.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shared_stores_keep_the_contract_over_tls() {
    let redis = RedisServer::start_tls();
    let roots = redis.root_pem().as_bytes();
    let store = RedisStore::open_with_roots(&redis.tls_url(), "tls", cipher(), roots).unwrap();
    contract(Arc::new(store), SHARED).await;
    let untrusted = RedisStore::open(&redis.tls_url(), "tls", cipher()).unwrap();
    let refused = untrusted.load(&key("tls")).await;
    assert!(matches!(refused, Err(Error::Store { .. })), "{refused:?}");

    let postgres = PostgresServer::start_tls();
    let roots = postgres.root_pem().as_bytes();
    let store =
        PostgresStore::open_with_roots(&postgres.tls_url(), "tls", cipher(), roots).unwrap();
    store.migrate().await.unwrap();
    contract(Arc::new(store), SHARED).await;
    let untrusted = PostgresStore::open(&postgres.tls_url(), "tls", cipher()).unwrap();
    let refused = untrusted.load(&key("tls")).await;
    assert!(matches!(refused, Err(Error::Store { .. })), "{refused:?}");
    let plain = PostgresStore::open(&postgres.url(), "tls", cipher()).unwrap();
    let refused = plain.load(&key("tls")).await;
    assert!(
        matches!(refused, Err(Error::Store { .. })),
        "hostssl only: {refused:?}"
    );
}
