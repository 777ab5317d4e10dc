//! Benchmark 11, a pool's hour: 100,000 identities in one `Sessions` pool, each renewing in
//! the background, over one token lifetime (a minute standing for an hour: the tokens last
//! 60 s and renew a second before expiry, so every identity renews once in the run, as it
//! would once an hour with the default margin of a minute). The token
//! endpoint is on loopback and answers after 1 ms; it counts the requests it serves and the
//! most in flight at once. The figures:
//!
//! - the memory each identity holds beyond its token (a counting allocator: what is live with
//!   the pool, less what it was before, per identity, less one token's own bytes);
//! - the peak of token requests in flight, against the pool's bound on renewals
//!   (`max_concurrent_renewals`, 16), through the first logins and the renewals;
//! - the CPU time per renewal: the whole process's over the renewal phase (its threads
//!   summed, the loopback endpoint's share included), less the looking up's;
//! - the lookup of a random identity while the renewals run (p50, p99).
//!
//! Without `--bench` (as `cargo test` runs it) 1,000 identities with 4 s tokens, as a check.

use std::time::{Duration, Instant};

use auth_runtime::{Client, Origin, SecretString, Sessions};
use hdrhistogram::Histogram;
use providers::Spotify;
use serde_json::json;

#[path = "support/token_server.rs"]
mod token_server;

use token_server::TokenServer;

#[path = "support/counting.rs"]
mod counting;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

const BOUND: usize = 16;
const ROUND_TRIP: Duration = Duration::from_millis(1);

/// One customer account of the service: its own client id, the same secret.
fn account(n: usize) -> Spotify {
    Spotify {
        client_id: format!("account-{n:06}"),
        client_secret: SecretString::from("secret"),
    }
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    // A minute standing for an hour: the margin is scaled with the lifetime (a minute before
    // an hour's expiry: a second before a minute's), so that each identity renews once.
    let (identities, lifetime_secs, margin) = match full {
        true => (100_000, 60, Duration::from_secs(1)),
        false => (1_000, 4, Duration::from_millis(500)),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let _entered = runtime.enter();
    let server = runtime.block_on(token_server::start(lifetime_secs, ROUND_TRIP));
    let client = Client::builder()
        .origin(Origin::parse(&server.origin).unwrap())
        .build()
        .unwrap();
    // Warm the client outside the count: the pool's bound of connections, opened at once, as
    // the first logins will (what they keep is the client's, not the identities').
    runtime.block_on(async {
        let logins = (0..BOUND).map(|n| {
            let client = client.clone();
            tokio::spawn(async move { client.login(&account(n)).await.map(drop) })
        });
        for login in logins.collect::<Vec<_>>() {
            login.await.unwrap().unwrap();
        }
    });
    // The memory of identities that renew on their callers' path, for comparison: measured,
    // then dropped.
    let token_bytes = runtime.block_on(one_token_bytes(&client));
    let on_path = runtime.block_on(fill(&pool_of(&client, margin, false), identities, &server));
    println!("on the callers' path: {on_path:?}");
    let pool = pool_of(&client, margin, true);
    let filled = runtime.block_on(fill(&pool, identities, &server));
    println!("in the background: {filled:?}; a token is {token_bytes} bytes of each");

    server.gauges.reset_peak();
    let served = server.gauges.served();
    let cpu = cpu_ns();
    let (lookups, lookup_cpu) =
        look_up_while_renewing(&pool, identities, Duration::from_secs(lifetime_secs));
    // The renewals' CPU: the process's, less the looking up's own.
    let cpu = cpu_ns().saturating_sub(cpu).saturating_sub(lookup_cpu);
    let renewals = server.gauges.served() - served;
    let peak_renewals = server.gauges.peak();
    println!(
        "over {lifetime_secs} s: {renewals} renewals, {} us CPU each, peak in flight {peak_renewals}, lookup p50 {} ns p99 {} ns",
        cpu / 1_000 / renewals.max(1),
        lookups.value_at_quantile(0.5),
        lookups.value_at_quantile(0.99)
    );
    assert!(filled.peak_in_flight <= BOUND && peak_renewals <= BOUND);

    let report = json!({
        "identities": identities,
        "lifetime_s": lifetime_secs,
        "bound": BOUND,
        "token_bytes": token_bytes,
        "bytes_per_identity": filled.bytes_per_identity,
        "bytes_per_identity_on_path": on_path.bytes_per_identity,
        "first_logins_ms": filled.took.as_millis() as u64,
        "peak_in_flight_logins": filled.peak_in_flight,
        "renewals": renewals,
        "cpu_per_renewal_us": cpu / 1_000 / renewals.max(1),
        "peak_in_flight_renewals": peak_renewals,
        "lookup_p50_ns": lookups.value_at_quantile(0.5),
        "lookup_p99_ns": lookups.value_at_quantile(0.99),
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pool_hour.json"), report.to_string()).unwrap();
    drop(pool);
}

/// A pool of the bench's sessions, renewing in the background or on their callers' path.
fn pool_of(client: &Client, margin: Duration, background: bool) -> Sessions<Spotify> {
    let client = client.clone();
    Sessions::builder(move |session| {
        let session = session.client(client.clone()).margin(margin);
        match background {
            true => session.renew_in_background(),
            false => session,
        }
    })
    .max_concurrent_renewals(BOUND)
    .build()
    .unwrap()
}

/// What filling a pool cost.
#[derive(Debug)]
struct Filled {
    /// The bytes live with the pool, per identity.
    bytes_per_identity: i64,
    took: Duration,
    peak_in_flight: usize,
}

/// Makes every identity's session in `pool` and has each get its first token at once (the
/// pool's bound paces the requests), and counts what they hold.
async fn fill(pool: &Sessions<Spotify>, identities: usize, server: &TokenServer) -> Filled {
    server.gauges.reset_peak();
    let before = counting::live();
    let started = Instant::now();
    let firsts: Vec<_> = (0..identities)
        .map(|n| {
            let session = pool.get(account(n)).unwrap();
            tokio::spawn(async move { session.token().await.map(drop) })
        })
        .collect();
    for first in firsts {
        first.await.unwrap().unwrap();
    }
    let took = started.elapsed();
    // Let the renewals' tasks finish their ends, and the pool settle, before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = counting::live();
    Filled {
        bytes_per_identity: ((after - before) as f64 / identities as f64).round() as i64,
        took,
        peak_in_flight: server.gauges.peak(),
    }
}

/// The heap one token takes (its struct and its strings), as the endpoint issues them.
async fn one_token_bytes(client: &Client) -> isize {
    let token = client.login(&account(1)).await.unwrap();
    let before = counting::live();
    let copy = Box::new(token.clone());
    let bytes = counting::live() - before;
    drop(copy);
    bytes
}

/// Looks up random identities for `span`, timing each lookup; and the CPU time it took.
fn look_up_while_renewing(
    pool: &Sessions<Spotify>,
    identities: usize,
    span: Duration,
) -> (Histogram<u64>, u64) {
    let keys: Vec<String> = (0..identities)
        .map(|n| Sessions::key_of(&account(n)))
        .collect();
    let mut lookups = Histogram::<u64>::new_with_bounds(1, 60_000_000_000, 3).unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let cpu = thread_cpu_ns();
    let until = Instant::now() + span;
    while Instant::now() < until {
        for _ in 0..256 {
            let key = &keys[rng.usize(..identities)];
            let start = Instant::now();
            let found = pool.find(key);
            lookups.saturating_record(start.elapsed().as_nanos() as u64);
            std::hint::black_box(found);
        }
        // Leave the cores to the renewals most of the time: a service looks up, then works.
        std::thread::sleep(Duration::from_micros(200));
    }
    (lookups, thread_cpu_ns().saturating_sub(cpu))
}

/// The CPU time the calling thread has used.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The CPU time this process has used, its threads summed (Linux's schedstat).
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
