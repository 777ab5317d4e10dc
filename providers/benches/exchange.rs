//! Benchmark 2, a full token exchange over loopback HTTP against one local server, for the same
//! password-grant request and response: this SDK, hand-written reqwest + serde code, and the
//! `oauth2` crate (5.x).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use auth_runtime::{Client, Origin, SecretString};
use criterion::{criterion_group, criterion_main, Criterion};
use oauth2::{
    AuthUrl, ClientId, ResourceOwnerPassword, ResourceOwnerUsername, TokenResponse, TokenUrl,
};
use providers::IAdvize;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

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
    // not be forwarded), and the same connect and total timeouts, so that all three pay for
    // the same safety and the ratios show what the rest costs. One client each, as the SDK
    // has its own: each keeps its own pooled connection, used as often as the others'.
    let http_client = || {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    };
    let (http, oauth_http) = (http_client(), http_client());
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
    // The three in turn, in a rotating order, each timed apart: drift and noise on a shared
    // machine then touch all three alike, and the per-sample ratios are paired. The report's
    // ratios come from here; the runs above give each client's own figure.
    let samples = Mutex::new(Vec::new());
    group.bench_function("interleaved", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            let samples = &samples;
            let (sdk, provider, http, url, oauth, user, password) =
                (&sdk, &provider, &http, &url, &oauth, &user, &password);
            let oauth_http = &oauth_http;
            async move {
                let mut spent = [Duration::ZERO; 3];
                for i in 0..iters as usize {
                    for k in 0..3 {
                        let which = (i + k) % 3;
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
                let per_exchange = spent.map(|d| d.as_nanos() as f64 / iters as f64);
                samples.lock().unwrap().push(per_exchange);
                spent.iter().sum()
            }
        })
    });
    group.finish();
    let samples = samples.into_inner().unwrap();
    let report =
        serde_json::json!({"clients": ["sdk", "hand_written", "oauth2"], "samples": samples});
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("exchange.json"), report.to_string()).unwrap();
}

criterion_group!(benches, bench);
criterion_main!(benches);
