//! A token endpoint for the benchmarks that count what a provider would see: real HTTP/1.1 on
//! loopback (hyper), a fixed answer after a set latency (a provider's round trip), and gauges
//! of the requests served and of the most ever in flight at once. The emulator checks each
//! request against the declaration and remembers them all, which a hundred thousand identities
//! renewing for minutes would turn into the thing measured.

use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

/// What the server has seen.
#[derive(Default)]
pub struct Gauges {
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    served: AtomicU64,
}

impl Gauges {
    /// The most requests ever in flight at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// The requests answered.
    pub fn served(&self) -> u64 {
        self.served.load(Ordering::SeqCst)
    }

    /// Forgets the peak (after a warm-up).
    pub fn reset_peak(&self) {
        self.peak
            .store(self.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

/// A running token endpoint: its origin, and its gauges.
pub struct TokenServer {
    pub origin: String,
    pub gauges: Arc<Gauges>,
}

/// Starts a token endpoint on an ephemeral loopback port that answers every request, after
/// `latency`, with a bearer token that lasts `lifetime_secs`.
pub async fn start(lifetime_secs: u64, latency: Duration) -> TokenServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let gauges = Arc::new(Gauges::default());
    let served = Arc::clone(&gauges);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let gauges = Arc::clone(&served);
            tokio::spawn(async move {
                let service = service_fn(move |_request: Request<hyper::body::Incoming>| {
                    let gauges = Arc::clone(&gauges);
                    async move { Ok::<_, Infallible>(answer(&gauges, lifetime_secs, latency).await) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    TokenServer { origin, gauges }
}

async fn answer(gauges: &Gauges, lifetime_secs: u64, latency: Duration) -> Response<String> {
    let now = gauges.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    gauges.peak.fetch_max(now, Ordering::SeqCst);
    let n = gauges.served.fetch_add(1, Ordering::SeqCst);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let body = format!(
        r#"{{"access_token":"bench-token-{n:012}","token_type":"Bearer","expires_in":{lifetime_secs}}}"#
    );
    gauges.in_flight.fetch_sub(1, Ordering::SeqCst);
    Response::builder()
        .header("content-type", "application/json")
        .body(body)
        .unwrap()
}
