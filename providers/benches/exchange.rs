//! Benchmark 2, a full token exchange over loopback HTTP against one local server, for the same
//! password-grant request and response: this SDK, hand-written reqwest + serde code, and the
//! `oauth2` crate (5.x).

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
        let server = MockServer::start().await;
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
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
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
                .request_async(&http)
                .await
                .unwrap();
            assert!(!token.access_token().secret().is_empty());
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
