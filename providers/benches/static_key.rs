//! Benchmark 7, an API call with a static key over loopback: `Session::send` for a provider
//! declared with `grant = "api_key"` (Anthropic: `x-api-key` and `anthropic-version`), beside a
//! hand-written reqwest call that sets the same two headers. The session's part of a call (the
//! cached key, the destination check, the header written from its declared format) should cost
//! no more than the header insert itself.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use auth_runtime::{Client, Origin, SecretString, Session, DEFAULT_USER_AGENT};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use providers::Anthropic;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-ant-api03-bench-key";
const CLIENTS: [&str; 2] = ["sdk", "hand_written"];

async fn by_hand(http: &reqwest::Client, url: &str) -> usize {
    let response = http
        .get(url)
        .header("x-api-key", KEY)
        .header("anthropic-version", "2023-06-01")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    response.bytes().await.unwrap().len()
}

async fn through_session(session: &Session<Anthropic>, url: &str) -> usize {
    let request = session.client().http().get(url);
    let response = session.send(request).await.unwrap();
    assert!(response.status().is_success());
    response.bytes().await.unwrap().len()
}

/// The two send the same request: method, path, headers (sorted), body.
async fn assert_same_requests(session: &Session<Anthropic>, http: &reqwest::Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let url = format!("{}/v1/models", server.uri());
    let session = Session::builder(session.provider().clone())
        .client(client(&server))
        .build()
        .unwrap();
    through_session(&session, &url).await;
    by_hand(http, &url).await;
    let requests = server.received_requests().await.unwrap();
    let seen = |r: &wiremock::Request| {
        let mut headers: Vec<(String, String)> = r
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        headers.sort();
        (
            r.method.to_string(),
            r.url.path().to_owned(),
            headers,
            r.body.clone(),
        )
    };
    assert_eq!(seen(&requests[0]), seen(&requests[1]));
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .origin(Origin::parse(&server.uri()).unwrap())
        .build()
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(method("GET"))
            .and(path("/v1/models"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
            .mount(&server)
            .await;
        server
    });
    let url = format!("{}/v1/models", server.uri());
    let provider = Anthropic {
        api_key: SecretString::from(KEY),
    };
    let session = Session::builder(provider)
        .client(client(&server))
        .build()
        .unwrap();
    // The hand-written client set up as the session's: no redirects, the same timeouts and
    // User-Agent, so that both send the same bytes.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(DEFAULT_USER_AGENT)
        .build()
        .unwrap();
    runtime.block_on(assert_same_requests(&session, &http));

    let mut group = c.benchmark_group("static_key");
    group.bench_function("sdk", |b| {
        b.to_async(&runtime)
            .iter(|| async { through_session(&session, &url).await })
    });
    group.bench_function("hand_written", |b| {
        b.to_async(&runtime)
            .iter(|| async { by_hand(&http, &url).await })
    });
    // Paired: the two in turn, each timed apart, so that drift touches both alike.
    group
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    let samples = Mutex::new(Vec::new());
    group.bench_function("interleaved", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            let (samples, session, http, url) = (&samples, &session, &http, &url);
            async move {
                let mut spent = [Duration::ZERO; CLIENTS.len()];
                for round in 0..iters {
                    // Alternate which goes first, so neither always follows the other.
                    let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
                    for which in order {
                        let start = Instant::now();
                        if which == 0 {
                            through_session(session, url).await;
                        } else {
                            by_hand(http, url).await;
                        }
                        spent[which] += start.elapsed();
                    }
                }
                let per_call = spent.map(|d| d.as_nanos() as f64 / iters.max(1) as f64);
                samples.lock().unwrap().push(per_call);
                spent.iter().sum()
            }
        })
    });
    group.finish();
    let samples = samples.into_inner().unwrap();
    let report = serde_json::json!({"clients": CLIENTS, "samples": samples});
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("static_key.json"), report.to_string()).unwrap();
}

criterion_group!(benches, bench);
criterion_main!(benches);
