//! One process of a fleet test: a session on a shared store, released by its test (see
//! `auth_tests::fleet`). Arguments: provider, emulator origin, store URL, namespace, mode,
//! lease TTL in milliseconds; the sealing key comes in `FLEET_KEY`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use auth_runtime::{
    Error, ExposeSecret, PostgresStore, Provider, RedisStore, SecretString, Session, StoreCipher,
    TokenStore,
};
use auth_tests::{client_at, fleet};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [provider, origin, store, namespace, mode, ttl] = &args[..] else {
        panic!("usage: fleet_worker PROVIDER ORIGIN STORE NAMESPACE MODE LEASE_TTL_MS");
    };
    let key = SecretString::from(std::env::var("FLEET_KEY").expect("FLEET_KEY"));
    let cipher = StoreCipher::from_base64("fleet", &key).expect("a key");
    let store: Arc<dyn TokenStore> = if store.starts_with("redis") {
        Arc::new(RedisStore::open(store, namespace, cipher).expect("a Redis store"))
    } else {
        Arc::new(PostgresStore::open(store, namespace, cipher).expect("a PostgreSQL store"))
    };
    let ttl = Duration::from_millis(ttl.parse().expect("a TTL"));
    let report = match provider.as_str() {
        "altrata" => run(fleet::altrata(), origin, store, mode, ttl).await,
        "tali" => run(fleet::tali(), origin, store, mode, ttl).await,
        other => panic!("no provider {other}"),
    };
    println!("{report}");
}

async fn run<P: Provider>(
    provider: P,
    origin: &str,
    store: Arc<dyn TokenStore>,
    mode: &str,
    ttl: Duration,
) -> serde_json::Value {
    let (kind, count) = mode.split_once(':').expect("MODE is kind:count");
    let count: usize = count.parse().expect("a count");
    let builder = Session::builder(provider)
        .client(client_at(origin))
        .store(store)
        .lease(ttl, Duration::from_secs(20))
        .retries(0, Duration::from_millis(10));
    let builder = match kind {
        // Renewed ahead of a one-second margin, by whichever process of the fleet comes first.
        "background" => builder.margin(Duration::from_secs(1)).renew_in_background(),
        _ => builder,
    };
    let session = builder.build().expect("a session");
    // A replica that has been running holds its store connection: open it before the release.
    session.stored_token().await.expect("the store answers");
    println!("ready");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).expect("a go");
    if std::env::var_os("FLEET_TIMING").is_some() {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_timer(tracing_subscriber::fmt::time::uptime())
            .with_writer(std::io::stderr)
            .init();
    }
    let cpu_before = cpu_ns(); // Read before the clock starts: it takes a few system calls.
    let started = std::time::Instant::now();
    let job = async {
        match kind {
            "herd" => herd(&session, count).await,
            "renew" => renewals(&session, count).await,
            "background" => readings(&session, Duration::from_millis(count as u64)).await,
            other => panic!("no mode {other}"),
        }
    };
    // A worker that hangs says so instead of hanging its test.
    let Ok(results) = tokio::time::timeout(Duration::from_secs(90), job).await else {
        return serde_json::json!({ "served": 0, "tokens": [], "errors": { "WorkerTimedOut": 1 } });
    };
    let elapsed = started.elapsed();
    let cpu = cpu_ns().saturating_sub(cpu_before);
    let mut report = summary(results);
    report["elapsed_us"] = u64::try_from(elapsed.as_micros())
        .unwrap_or(u64::MAX)
        .into();
    report["cpu_us"] = (cpu / 1_000).into();
    report
}

type Outcome = Result<String, Error>;

async fn herd<P: Provider>(session: &Session<P>, tasks: usize) -> Vec<Outcome> {
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let session = session.clone();
            tokio::spawn(
                async move { session.token().await.map(|t| fingerprint(t.access_token())) },
            )
        })
        .collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("a task"));
    }
    results
}

async fn renewals<P: Provider>(session: &Session<P>, count: usize) -> Vec<Outcome> {
    let mut results = Vec::new();
    for _ in 0..count {
        let renewed = session.renew().await.map(|t| fingerprint(t.access_token()));
        results.push(renewed);
        tokio::time::sleep(Duration::from_millis(fastrand_ms())).await;
    }
    results
}

/// Reads the token every few milliseconds for `span`, as a service's callers would while the
/// background renewal replaces it.
async fn readings<P: Provider>(session: &Session<P>, span: Duration) -> Vec<Outcome> {
    let until = tokio::time::Instant::now() + span;
    let mut results = Vec::new();
    while tokio::time::Instant::now() < until {
        results.push(session.token().await.map(|t| fingerprint(t.access_token())));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    results
}

fn fastrand_ms() -> u64 {
    u64::from(std::process::id() % 3)
}

fn summary(results: Vec<Outcome>) -> serde_json::Value {
    let mut served = 0;
    let mut tokens = BTreeSet::new();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for result in results {
        match result {
            Ok(token) => {
                served += 1;
                tokens.insert(token);
            }
            Err(error) => {
                let variant = format!("{error:?}");
                let variant = variant
                    .split([' ', '{', '('])
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                eprintln!("fleet worker {}: {error}", std::process::id());
                *errors.entry(variant).or_default() += 1;
            }
        }
    }
    serde_json::json!({ "served": served, "tokens": tokens, "errors": errors })
}

fn fingerprint(token: &SecretString) -> String {
    fleet::fingerprint(token.expose_secret())
}

/// The CPU time this process's threads have had, in ns (Linux's schedstat; 0 elsewhere): what
/// a herd costs each process, beside how long it takes.
fn cpu_ns() -> u64 {
    let Ok(threads) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    threads
        .flatten()
        .filter_map(|thread| std::fs::read_to_string(thread.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}
