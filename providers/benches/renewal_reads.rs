//! Benchmark 10, reads across renewals: one caller reads the token continuously while it is
//! renewed a hundred times, and every read's latency goes into a histogram. Three renewers
//! side by side, against the same loopback token endpoint answering after a provider's round
//! trip (2 ms):
//!
//! - `background`: a session that renews in the background (`renew_in_background`);
//! - `on_path`: a session that renews on its callers' path, the default;
//! - `mutex`: golang's x/oauth2 shape, written by hand: a `Mutex<Option<Token>>` that a caller
//!   locks, checks against the clock, and holds across the fetch when the token is due;
//! - `floor`: the same reader loop around one `ArcSwap` load, while a background session
//!   renews beside it: what the machine itself does to a reader (preemption, interrupts), the
//!   floor of every other row's tail.
//!
//! The reader runs on a thread of its own (the runtime's one worker serves the renewals and the
//! endpoint), so that a renewal never waits for the reader to yield. The figures: p50, p99,
//! p99.9 and the maximum of the reads, beside the round trip. Without `--bench` (as `cargo test`
//! runs it) it spans three renewals, as a check that it works.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use auth_runtime::{Client, Origin, SecretString, Session, Token};
use hdrhistogram::Histogram;
use providers::Spotify;
use serde_json::json;

#[path = "support/token_server.rs"]
mod token_server;

/// The tokens last a second (`expires_in` counts whole seconds), renewed half a second before.
const LIFETIME_SECS: u64 = 1;
const MARGIN: Duration = Duration::from_millis(500);
/// A provider's round trip: what a caller that waits for a renewal waits.
const ROUND_TRIP: Duration = Duration::from_millis(2);

fn provider() -> Spotify {
    Spotify {
        client_id: "bench".into(),
        client_secret: SecretString::from("secret"),
    }
}

fn main() {
    let renewals: u64 = match std::env::args().any(|arg| arg == "--bench") {
        true => 100,
        false => 3,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(token_server::start(LIFETIME_SECS, ROUND_TRIP));
    let client = Client::builder()
        .origin(Origin::parse(&server.origin).unwrap())
        .build()
        .unwrap();
    let round_trip = runtime.block_on(measure_round_trip(&client));
    let mut rows = Vec::new();
    for renewer in [
        Renewer::Floor,
        Renewer::Background,
        Renewer::OnPath,
        Renewer::Mutex,
    ] {
        server.gauges.reset_peak();
        let before = server.gauges.served();
        let reads = read_across(&runtime, &client, renewer, || {
            server.gauges.served().saturating_sub(before) > renewals
        });
        let mut row = summary(renewer, &reads, server.gauges.served() - before);
        row["peak_in_flight"] = server.gauges.peak().into();
        println!("{row}");
        rows.push(row);
    }
    let report = json!({
        "renewals": renewals,
        "round_trip_ns": round_trip.as_nanos() as u64,
        "rows": rows,
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("renewal_reads.json"), report.to_string()).unwrap();
}

#[derive(Clone, Copy, Debug)]
enum Renewer {
    Floor,
    Background,
    OnPath,
    Mutex,
}

impl Renewer {
    fn name(self) -> &'static str {
        match self {
            Renewer::Floor => "floor",
            Renewer::Background => "background",
            Renewer::OnPath => "on_path",
            Renewer::Mutex => "mutex",
        }
    }
}

/// The round trip of one token request, the best of twenty.
async fn measure_round_trip(client: &Client) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..20 {
        let start = Instant::now();
        client.login(&provider()).await.unwrap();
        best = best.min(start.elapsed());
    }
    best
}

/// Reads the token in a loop on a thread of its own until `done`; each read's nanoseconds.
fn read_across(
    runtime: &tokio::runtime::Runtime,
    client: &Client,
    renewer: Renewer,
    done: impl Fn() -> bool + Send + Sync,
) -> Histogram<u64> {
    let stop = AtomicBool::new(false);
    let handle = runtime.handle().clone();
    let reads = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            handle.block_on(async {
                match renewer {
                    Renewer::Mutex => {
                        let renewer = MutexRenewer::new(client.clone());
                        read_until(&stop, || renewer.token()).await
                    }
                    Renewer::Floor => {
                        let session = session_of(client, true);
                        session.token().await.unwrap();
                        let floor = arc_swap::ArcSwap::from_pointee(0u64);
                        read_until(&stop, || async {
                            std::hint::black_box(**floor.load());
                        })
                        .await
                    }
                    Renewer::Background | Renewer::OnPath => {
                        let session = session_of(client, matches!(renewer, Renewer::Background));
                        session.token().await.unwrap();
                        read_until(&stop, || async { drop(session.token().await.unwrap()) }).await
                    }
                }
            })
        });
        while !done() {
            std::thread::sleep(Duration::from_millis(5));
        }
        stop.store(true, Ordering::Relaxed);
        reader.join().unwrap()
    });
    reads
}

/// A session of the bench's tokens, renewing in the background or on its callers' path.
fn session_of(client: &Client, background: bool) -> Session<Spotify> {
    let builder = Session::builder(provider())
        .client(client.clone())
        .margin(MARGIN);
    match background {
        true => builder.renew_in_background().build().unwrap(),
        false => builder.build().unwrap(),
    }
}

/// Times `read` until `stop`.
async fn read_until<F: std::future::Future<Output = ()>>(
    stop: &AtomicBool,
    read: impl Fn() -> F,
) -> Histogram<u64> {
    let mut reads = Histogram::<u64>::new_with_bounds(1, 60_000_000_000, 3).unwrap();
    while !stop.load(Ordering::Relaxed) {
        for _ in 0..1024 {
            let start = Instant::now();
            read().await;
            let nanos = start.elapsed().as_nanos() as u64;
            reads.saturating_record(nanos);
        }
    }
    reads
}

fn summary(renewer: Renewer, reads: &Histogram<u64>, renewals: u64) -> serde_json::Value {
    json!({
        "renewer": renewer.name(),
        "reads": reads.len(),
        "token_requests": renewals,
        "p50_ns": reads.value_at_quantile(0.5),
        "p99_ns": reads.value_at_quantile(0.99),
        "p999_ns": reads.value_at_quantile(0.999),
        "max_ns": reads.max(),
        "reads_over_10us": reads.count_between(10_000, u64::MAX),
        // A read that waited half a round trip or more: for a renewal, or for the machine.
        "reads_over_1ms": reads.count_between(1_000_000, u64::MAX),
    })
}

/// golang's `oauth2.ReuseTokenSource`, by hand: one lock around the token, taken by every read,
/// checked against the clock, and held across the fetch of a new one.
struct MutexRenewer {
    client: Client,
    token: tokio::sync::Mutex<Option<Token>>,
}

impl MutexRenewer {
    fn new(client: Client) -> Self {
        MutexRenewer {
            client,
            token: tokio::sync::Mutex::new(None),
        }
    }

    async fn token(&self) {
        let mut held = self.token.lock().await;
        let now = tokio::time::Instant::now();
        let good = held.as_ref().is_some_and(|t| t.expires_at() > now + MARGIN);
        if !good {
            *held = Some(self.client.login(&provider()).await.unwrap());
        }
        std::hint::black_box(held.as_ref().map(Token::access_token));
    }
}
