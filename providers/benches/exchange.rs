//! Benchmark 2, a full token exchange over loopback HTTP against one local server, for the same
//! password-grant request and response: this SDK, hand-written reqwest + serde code, and the
//! `oauth2` crate (5.x).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use auth_runtime::{Client, Origin, SecretString, DEFAULT_USER_AGENT};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use oauth2::{
    AuthUrl, ClientId, ResourceOwnerPassword, ResourceOwnerUsername, TokenResponse, TokenUrl,
};
use providers::IAdvize;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The clients of the interleaved run, in the order of its report.
const CLIENTS: [&str; 3] = ["sdk", "hand_written", "oauth2"];

/// The order in which the interleaved run takes the clients, over and over: each one twice,
/// each time after a different one (every ordered pair once). An exchange's timed window also
/// holds what the one before it left running (hyper returning its connection to the pool, on a
/// worker thread), so every client must follow every other equally often; a plain rotation
/// lets one client follow the same other one two times in three.
///
/// Each client runs its own code, and none a copy of another's: a client that shared its
/// generic code (serde_json's reader, say) with a second one in the run would find it warm in
/// the cache more often than the others find theirs.
const ORDER: [usize; 6] = [0, 1, 2, 0, 2, 1];

const RESPONSE: &str = r#"{"access_token": "BMU9FSlOV.....UU0UVRPUSJ9.9yZCIsInBl....cm1pc3Npb0.xw3blsLI8gujt....JPX5U8v24o1gUsg", "expires_in": 86400, "token_type": "Bearer", "refresh_token": "none"}"#;

/// The hand-written version: what one writes without an SDK.
#[derive(serde::Deserialize)]
struct HandToken {
    #[allow(dead_code)]
    access_token: String,
    expires_in: u64,
    #[allow(dead_code)]
    token_type: String,
}

async fn by_hand(http: &reqwest::Client, url: &str) -> HandToken {
    let response = http
        .post(url)
        .header("accept", "application/json")
        .form(&[
            ("grant_type", "password"),
            ("username", "bench@example.com"),
            ("password", "pw"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let body = response.bytes().await.unwrap();
    serde_json::from_slice(&body).unwrap()
}

/// The request as the server saw it, headers sorted: what must be the same for the SDK and
/// the hand-written code.
type Seen = (
    String,
    String,
    Option<String>,
    Vec<(String, String)>,
    Vec<u8>,
);

fn seen(request: &wiremock::Request) -> Seen {
    let mut headers: Vec<_> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    let (path, query) = (request.url.path(), request.url.query());
    let body = request.body.clone();
    (
        request.method.to_string(),
        path.into(),
        query.map(Into::into),
        headers,
        body,
    )
}

/// Checks that the SDK and the hand-written code send the same bytes, so that the ratios
/// compare the same exchange.
async fn assert_same_requests(provider: &IAdvize, http: &reqwest::Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(RESPONSE, "application/json"))
        .mount(&server)
        .await;
    let sdk = Client::builder()
        .origin(Origin::parse(&server.uri()).unwrap())
        .build()
        .unwrap();
    sdk.login(provider).await.unwrap();
    by_hand(http, &format!("{}/oauth2/token", server.uri())).await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(seen(&requests[0]), seen(&requests[1]));
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        // Not recording requests: a record growing by one entry per exchange would make the
        // server slower for whichever client runs later.
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(method("POST"))
            .and(path("/oauth2/token"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(RESPONSE, "application/json"))
            .mount(&server)
            .await;
        server
    });
    let url = format!("{}/oauth2/token", server.uri());
    let provider = IAdvize {
        username: "bench@example.com".into(),
        password: SecretString::from("pw"),
    };
    let sdk = Client::builder()
        .origin(Origin::parse(&server.uri()).unwrap())
        .build()
        .unwrap();
    // The alternatives' HTTP clients, set up as the SDK's: no redirects (a token request must
    // not be forwarded), the same connect and total timeouts, and the same User-Agent, so that
    // all three pay for the same safety and send the same bytes, and the ratios show what the
    // rest costs. One client each, as the SDK has its own: each keeps its own pooled
    // connection, used as often as the others'.
    let http_client = || {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(DEFAULT_USER_AGENT)
            .build()
            .unwrap()
    };
    let (http, oauth_http) = (http_client(), http_client());
    runtime.block_on(assert_same_requests(&provider, &http));
    let oauth = oauth2::basic::BasicClient::new(ClientId::new("bench".into()))
        .set_auth_uri(AuthUrl::new(format!("{}/authorize", server.uri())).unwrap())
        .set_token_uri(TokenUrl::new(url.clone()).unwrap());
    let (user, password) = (
        ResourceOwnerUsername::new("bench@example.com".into()),
        ResourceOwnerPassword::new("pw".into()),
    );

    let mut group = c.benchmark_group("exchange");
    group.bench_function("sdk", |b| {
        b.to_async(&runtime)
            .iter(|| async { sdk.login(&provider).await.unwrap() })
    });
    group.bench_function("hand_written", |b| {
        b.to_async(&runtime)
            .iter(|| async { assert!(by_hand(&http, &url).await.expires_in > 0) })
    });
    group.bench_function("oauth2", |b| {
        b.to_async(&runtime).iter(|| async {
            let token = oauth
                .exchange_password(&user, &password)
                .request_async(&oauth_http)
                .await
                .unwrap();
            assert!(!token.access_token().secret().is_empty());
        })
    });
    // The clients in turn, in a balanced order, each timed apart: drift and noise on a shared
    // machine then touch all of them alike, and the per-sample ratios are paired. The report's
    // ratios come from here; the runs above give each client's own figure.
    // Every sample the same length (about 200 rounds of the order), long enough that one burst
    // of noise on the machine cannot decide its ratios: the report takes their median.
    group
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    let samples = Mutex::new(Vec::new());
    group.bench_function("interleaved", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            let samples = &samples;
            let (sdk, provider, http, url, oauth, user, password) =
                (&sdk, &provider, &http, &url, &oauth, &user, &password);
            let oauth_http = &oauth_http;
            async move {
                let mut spent = [Duration::ZERO; CLIENTS.len()];
                for _ in 0..iters {
                    for which in ORDER {
                        let start = Instant::now();
                        match which {
                            0 => drop(sdk.login(provider).await.unwrap()),
                            1 => assert!(by_hand(http, url).await.expires_in > 0),
                            _ => drop(
                                oauth
                                    .exchange_password(user, password)
                                    .request_async(oauth_http)
                                    .await
                                    .unwrap(),
                            ),
                        }
                        spent[which] += start.elapsed();
                    }
                }
                let rounds = iters * (ORDER.len() / CLIENTS.len()) as u64;
                let per_exchange = spent.map(|d| d.as_nanos() as f64 / rounds as f64);
                samples.lock().unwrap().push(per_exchange);
                spent.iter().sum()
            }
        })
    });
    group.finish();
    let samples = samples.into_inner().unwrap();
    let report = serde_json::json!({"clients": CLIENTS, "samples": samples});
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("exchange.json"), report.to_string()).unwrap();
}

criterion_group!(benches, bench);
criterion_main!(benches);
