//! The fleet's figures (BENCHMARKS.md, section 8): a herd of processes on one Redis, the cost a
//! shared store adds to one renewal, and a cached read with and without a store. Servers and
//! processes are real, on loopback; written to `target/bench-results/fleet.json` (and criterion's
//! estimates for the cached reads).

use std::sync::Arc;
use std::time::{Duration, Instant};

use auth_runtime::testkit::{Emulator, EmulatorConfig};
use auth_runtime::{PostgresStore, RedisStore, Session, StoreKey, TokenStore, DEFAULT_LEASE};
use auth_tests::fleet::{self, cipher, Job, Worker};
use auth_tests::servers::{PostgresServer, RedisServer};
use criterion::Criterion;

const PROCESSES: usize = 16;
/// Herds per row; `FLEET_HERD_RUNS` changes it (with `FLEET_TIMING=1`, each worker also traces
/// its renewal to stderr, timed from its release).
fn herd_runs_count() -> usize {
    std::env::var("FLEET_HERD_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(15)
}
const STORE_RUNS: usize = 300;

/// The worker programs a herd runs: this build's, and, to compare two builds in one run (the
/// machine's noise then falls on both), the one `FLEET_BASELINE_WORKER` names, herds taking
/// turns.
fn workers() -> Vec<String> {
    let mut programs = vec![env!("CARGO_BIN_EXE_fleet_worker").to_owned()];
    programs.extend(std::env::var("FLEET_BASELINE_WORKER").ok());
    programs
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let redis = RedisServer::start();
    let relaxed = RedisServer::start_syncing("everysec");
    let postgres = PostgresServer::start();
    let mut criterion = Criterion::default().configure_from_args();
    cached_reads(&runtime, &redis, &mut criterion);
    let herd = runtime.block_on(herd(&redis, &relaxed));
    let cost_on = |server: &RedisServer| {
        let store = RedisStore::open(&server.url(), "bench", cipher()).unwrap();
        runtime.block_on(store_cost(store))
    };
    let (redis_cost, relaxed_cost) = (cost_on(&redis), cost_on(&relaxed));
    let pg = PostgresStore::open(&postgres.url(), "bench", cipher()).unwrap();
    runtime.block_on(pg.migrate()).unwrap();
    let postgres_cost = runtime.block_on(store_cost(pg));
    let figures = serde_json::json!({
        "processes": PROCESSES,
        "herd": herd,
        "store_cost_us": {
            "redis": redis_cost,
            "redis_everysec": relaxed_cost,
            "postgres": postgres_cost,
        },
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("fleet.json"),
        serde_json::to_vec_pretty(&figures).unwrap(),
    )
    .unwrap();
    criterion.final_summary();
    println!("{figures:#}");
}

/// `token()` on a valid token, with no store and with a `RedisStore`: the store is not touched.
fn cached_reads(runtime: &tokio::runtime::Runtime, redis: &RedisServer, c: &mut Criterion) {
    let emulator = runtime.block_on(Emulator::start(fleet::altrata())).unwrap();
    let plain = Session::builder(fleet::altrata())
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    let store = Arc::new(RedisStore::open(&redis.url(), "reads", cipher()).unwrap());
    let stored = Session::builder(fleet::altrata())
        .client(emulator.client().unwrap())
        .store(store)
        .build()
        .unwrap();
    runtime.block_on(async {
        plain.token().await.unwrap();
        stored.token().await.unwrap();
    });
    let mut group = c.benchmark_group("fleet");
    group.bench_function("cached_read_no_store", |b| {
        b.to_async(runtime)
            .iter(|| async { drop(plain.token().await.unwrap()) })
    });
    group.bench_function("cached_read_redis_store", |b| {
        b.to_async(runtime)
            .iter(|| async { drop(stored.token().await.unwrap()) })
    });
    group.finish();
}

/// Sixteen processes on one Redis released on an expired token: the token requests (must be 1)
/// and the time until the last process holds the new token, beside one plain token fetch; with
/// one caller a process (the target's measure), and with 200 (the herd inside each process on
/// top of it). `redis` syncs every write (`appendfsync always`), `relaxed` every second.
async fn herd(redis: &RedisServer, relaxed: &RedisServer) -> serde_json::Value {
    let config = EmulatorConfig {
        revoke_older_tokens: true,
        ..Default::default()
    };
    let emulator = Emulator::start_with(fleet::altrata(), config)
        .await
        .unwrap();
    let alone = Session::builder(fleet::altrata())
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    let fetches = plain_fetches(&alone, 200).await;
    serde_json::json!({
        "runs": herd_runs_count(),
        "plain_fetch_us": fetches,
        "one_caller": herd_runs(&emulator, redis, 1).await,
        "one_caller_valid_token": herd_runs_on(&emulator, redis, 1, false).await,
        "one_caller_everysec": herd_runs(&emulator, relaxed, 1).await,
        "200_callers": herd_runs(&emulator, redis, 200).await,
    })
}

/// `herd_runs_count()` herds of `PROCESSES` processes with `callers` each, on `server`, on an expired
/// token.
async fn herd_runs(
    emulator: &Emulator<providers::Altrata>,
    server: &RedisServer,
    callers: usize,
) -> serde_json::Value {
    herd_runs_on(emulator, server, callers, true).await
}

/// The same, on an expired token or (the floor: waking the processes, no renewal) a valid one.
async fn herd_runs_on(
    emulator: &Emulator<providers::Altrata>,
    server: &RedisServer,
    callers: usize,
    expired: bool,
) -> serde_json::Value {
    let store: Arc<dyn TokenStore> =
        Arc::new(RedisStore::open(&server.url(), "herd", cipher()).unwrap());
    let session = Session::builder(fleet::altrata())
        .client(emulator.client().unwrap())
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    session.token().await.unwrap();
    let key: StoreKey = session.store_key().clone();
    let job = Job {
        provider: "altrata",
        origin: emulator.origin().to_string(),
        store: server.url(),
        namespace: "herd".into(),
        mode: format!("herd:{callers}"),
        lease_ttl: DEFAULT_LEASE.ttl,
    };
    let programs = workers();
    let (mut times, mut requests) = (vec![Vec::new(); programs.len()], Vec::new());
    let mut cpu = vec![Vec::new(); programs.len()];
    for _ in 0..herd_runs_count() {
        for ((program, times), cpu) in programs.iter().zip(&mut times).zip(&mut cpu) {
            if expired {
                fleet::expire_stored(store.as_ref(), &key).await;
            }
            let before = emulator.issued();
            let reports = tokio::task::block_in_place(|| {
                let mut workers: Vec<Worker> = (0..PROCESSES)
                    .map(|_| Worker::start(program, &job))
                    .collect();
                workers.iter_mut().for_each(Worker::go);
                workers.into_iter().map(Worker::report).collect::<Vec<_>>()
            });
            cpu.extend(reports.iter().map(|r| r["cpu_us"].as_u64().unwrap_or(0)));
            let slowest = reports
                .iter()
                .map(|r| r["elapsed_us"].as_u64().unwrap())
                .max()
                .unwrap();
            times.push(slowest as f64);
            requests.push(emulator.issued() - before);
        }
    }
    let mut row = serde_json::json!({
        "callers_per_process": callers,
        "token_requests": requests,
        "until_all_hold_us": times[0],
        "cpu_per_process_us": cpu[0],
    });
    if let (Some(times), Some(cpu)) = (times.get(1), cpu.get(1)) {
        row["baseline_until_all_hold_us"] = times.clone().into();
        row["baseline_cpu_per_process_us"] = cpu.clone().into();
    }
    row
}

/// One token fetch, by a session without a store, as the herd's baseline (µs each).
async fn plain_fetches(session: &Session<providers::Altrata>, count: usize) -> Vec<f64> {
    let mut times = Vec::new();
    for _ in 0..count {
        let started = Instant::now();
        session.renew().await.unwrap();
        times.push(started.elapsed().as_secs_f64() * 1e6);
    }
    times
}

/// What a shared store adds to one renewal, as a session goes about it: take the lease (and
/// the record, where the store reads it in the same step; else reload), save conditionally,
/// release (µs each).
async fn store_cost(store: impl TokenStore) -> Vec<f64> {
    let key = StoreKey {
        provider: "altrata",
        origin: None,
        identity: "username=bench".into(),
    };
    let token = auth_runtime::StoredToken {
        access_token: "a-token-of-typical-length-0123456789abcdef"
            .to_owned()
            .into(),
        token_type: "Bearer".into(),
        received_at: std::time::SystemTime::now(),
        expires_at: std::time::SystemTime::now() + Duration::from_secs(3600),
        lifetime_known: true,
        never_expires: false,
        refresh_token: Some("a-refresh-token-0123456789".to_owned().into()),
        scope: None,
        extra: Default::default(),
    };
    store.save(&key, &token).await.unwrap();
    let mut times = Vec::new();
    for _ in 0..STORE_RUNS {
        let started = Instant::now();
        let mut lease = store.lease(&key, DEFAULT_LEASE).await.unwrap();
        let stored = match lease.take_stored() {
            Some(stored) => stored,
            None => store.load(&key).await.unwrap(),
        };
        let found = stored.map_or(0, |s| s.version);
        let _ = store.save_if(&key, &token, found).await.unwrap();
        lease.release().await.unwrap();
        times.push(started.elapsed().as_secs_f64() * 1e6);
    }
    times
}
