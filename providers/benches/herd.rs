//! Benchmark 4, the herd: 10,000 concurrent callers on an expired token. Each iteration starts a
//! session with no token and has every caller ask at once; the emulator counts the token
//! requests (there must be exactly one per iteration). Beside it: one single fetch, 10,000 tasks
//! that do nothing (the cost of the callers themselves), and a hand-written single flight.

use std::sync::Arc;
use std::time::{Duration, Instant};

use auth_runtime::testkit::Emulator;
use auth_runtime::{SecretString, Session};
use criterion::{criterion_group, criterion_main, Criterion};
use providers::Spotify;

const CALLERS: usize = 10_000;

/// A provider with no declared login limit, so that every herd may log in.
fn provider() -> Spotify {
    Spotify {
        client_id: "bench".into(),
        client_secret: SecretString::from("secret"),
    }
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let emulator = runtime.block_on(Emulator::start(provider())).unwrap();
    let client = emulator.client().unwrap();
    let mut group = c.benchmark_group("herd");
    group.sample_size(10);
    group.bench_function("one_fetch", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            let client = client.clone();
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let session = Session::builder(provider())
                        .client(client.clone())
                        .build()
                        .unwrap();
                    let start = Instant::now();
                    session.token().await.unwrap();
                    total += start.elapsed();
                }
                total
            }
        })
    });
    // The cost of the callers themselves: 10,000 tasks spawned and joined, doing nothing.
    group.bench_function("spawn_only", |b| {
        b.to_async(&runtime).iter_custom(|iters| async move {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                total += spawn_only().await;
            }
            total
        })
    });
    // A hand-written single flight with the same callers: a tokio `OnceCell` that the first
    // caller fills with one fetch while the others wait on it.
    group.bench_function("10000_callers_oncecell", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            let client = client.clone();
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let cell = Arc::new(tokio::sync::OnceCell::new());
                    let start = Instant::now();
                    let callers: Vec<_> = (0..CALLERS)
                        .map(|_| {
                            let (cell, client) = (Arc::clone(&cell), client.clone());
                            tokio::spawn(async move {
                                let login = || async { client.login(&provider()).await };
                                cell.get_or_try_init(login).await.map(drop)
                            })
                        })
                        .collect();
                    for caller in callers {
                        caller.await.unwrap().unwrap();
                    }
                    total += start.elapsed();
                }
                total
            }
        })
    });
    let before = emulator.requests().len();
    let mut iterations = 0u64;
    group.bench_function("10000_callers", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            let client = client.clone();
            iterations += iters;
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    total += one_herd(&client).await;
                }
                total
            }
        })
    });
    group.finish();
    let requests = emulator.requests().len() - before;
    assert_eq!(
        requests as u64, iterations,
        "exactly one token request per herd"
    );
    let beyond = runtime.block_on(paired_beyond_spawn(&client));
    let report = serde_json::json!({
        "callers": CALLERS,
        "herds": iterations,
        "token_requests": requests,
        "beyond_spawn_pairs": PAIRS,
        "beyond_spawn_ns_per_caller": beyond,
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("herd.json"), report.to_string()).unwrap();
}

/// How many herds the paired measurement times, each beside its own spawn-only run.
const PAIRS: usize = 40;

/// The herd's cost beyond spawning its callers, a caller: each of [`PAIRS`] pairs times 10,000
/// tasks that do nothing and a herd of 10,000 callers back to back (in turn first), so that both
/// meet the same state of the machine; the quartiles of the pairs' differences, in nanoseconds.
/// The difference of two means of separate runs swung from 40 to 170 ns on this machine.
async fn paired_beyond_spawn(client: &auth_runtime::Client) -> [f64; 3] {
    let mut differences = Vec::with_capacity(PAIRS);
    for pair in 0..PAIRS {
        let (spawn, herd) = match pair % 2 {
            0 => {
                let spawn = spawn_only().await;
                (spawn, one_herd(client).await)
            }
            _ => {
                let herd = one_herd(client).await;
                (spawn_only().await, herd)
            }
        };
        let difference = herd.as_nanos() as f64 - spawn.as_nanos() as f64;
        differences.push(difference / CALLERS as f64);
    }
    differences.sort_by(f64::total_cmp);
    let at = |q: usize| differences[(differences.len() - 1) * q / 4];
    [at(1), at(2), at(3)]
}

/// 10,000 tasks that do nothing, spawned and joined.
async fn spawn_only() -> Duration {
    let start = Instant::now();
    let tasks: Vec<_> = (0..CALLERS).map(|_| tokio::spawn(async {})).collect();
    for task in tasks {
        task.await.unwrap();
    }
    start.elapsed()
}

/// 10,000 callers of a new session, spawned and joined.
async fn one_herd(client: &auth_runtime::Client) -> Duration {
    let session = Session::builder(provider())
        .client(client.clone())
        .build()
        .unwrap();
    let start = Instant::now();
    let callers: Vec<_> = (0..CALLERS)
        .map(|_| {
            let session = session.clone();
            tokio::spawn(async move { session.token().await.map(drop) })
        })
        .collect();
    for caller in callers {
        caller.await.unwrap().unwrap();
    }
    start.elapsed()
}

criterion_group!(benches, bench);
criterion_main!(benches);
