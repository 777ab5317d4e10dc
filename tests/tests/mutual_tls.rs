//! Mutual TLS (RFC 8705): a client certificate from two fields, presented on the token request
//! and on API calls (the tokens are bound to it), against the emulator's TLS server on
//! loopback, which requires and checks it: a request without it, or with another, is refused.

use auth_runtime::testkit::{self_signed_certificate, Emulator, EmulatorConfig};
use auth_runtime::{Error, ExposeSecret, Provider, SecretString, Session};
use auth_tests::*;
use providers::Adp;

/// A bank's API, whose clients prove who they are by certificate alone.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://auth.bank.example/oauth/token"
)]
#[oauth(
    client_auth = "tls_client_auth",
    mtls_endpoint = "https://mtls.bank.example/oauth/mtls/token",
    api_base = "https://api.bank.example"
)]
struct Bank {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_certificate)]
    certificate: Option<String>,
    #[oauth(client_key)]
    key: Option<SecretString>,
}

/// The same bank with a self-signed certificate registered for the client.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://auth.bank.example/oauth/token"
)]
#[oauth(client_auth = "self_signed_tls_client_auth", name = "bank-self-signed")]
struct SelfSignedBank {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_certificate)]
    certificate: String,
    #[oauth(client_key)]
    key: SecretString,
}

fn bank() -> Bank {
    let (certificate, key) = self_signed_certificate("bank client").unwrap();
    Bank {
        client_id: "treasury".into(),
        certificate: Some(certificate),
        key: Some(key),
    }
}

fn adp() -> Adp {
    let (certificate, private_key) = self_signed_certificate("adp client").unwrap();
    Adp {
        client_id: "adp-client".into(),
        client_secret: SecretString::from("adp-secret"),
        certificate,
        private_key,
    }
}

fn api_config() -> EmulatorConfig {
    EmulatorConfig {
        api_path: Some("/hr/v2/workers".into()),
        ..EmulatorConfig::default()
    }
}

#[tokio::test]
async fn the_certificate_authenticates_the_client_at_the_mtls_alias() {
    let bank = bank();
    let emulator = Emulator::start(bank.clone()).await.unwrap();
    assert!(emulator
        .origin()
        .to_string()
        .starts_with("https://127.0.0.1:"));
    let session = Session::builder(bank)
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    session.token().await.unwrap();
    let requests = emulator.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    // Requests that carry the certificate go to the declared alias (RFC 8705 section 5).
    assert_eq!(request.path, "/oauth/mtls/token");
    assert!(request.client_certificate.is_some());
    assert_eq!(request.header("authorization"), None);
    // RFC 8705 section 2: the client id in the body, and no other credential.
    assert_eq!(
        form(request),
        pairs(&[
            ("grant_type", "client_credentials"),
            ("client_id", "treasury")
        ])
    );
}

/// A recorded request's form body, in order.
fn form(request: &auth_runtime::testkit::Received) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

#[tokio::test]
async fn a_self_signed_certificate_authenticates_the_client_too() {
    let (certificate, key) = self_signed_certificate("self-signed client").unwrap();
    let provider = SelfSignedBank {
        client_id: "treasury".into(),
        certificate,
        key,
    };
    let emulator = Emulator::start(provider.clone()).await.unwrap();
    let token = emulator.client().unwrap().login(&provider).await.unwrap();
    assert!(!token.access_token().expose_secret().is_empty());
    assert_eq!(emulator.requests()[0].path, "/oauth/token");
}

#[tokio::test]
async fn another_certificate_is_invalid_client() {
    let emulator = Emulator::start(bank()).await.unwrap();
    // The same client id with a certificate of its own: the server knows it is not the one.
    let error = emulator.client().unwrap().login(&bank()).await.unwrap_err();
    match &error {
        Error::OAuth { error, .. } => {
            assert_eq!(error.code, "invalid_client");
            assert_eq!(error.status.as_u16(), 401);
        }
        other => panic!("expected invalid_client, got {other:?}"),
    }
}

#[tokio::test]
async fn a_token_request_without_a_certificate_is_refused() {
    let emulator = Emulator::start(bank()).await.unwrap();
    let root = reqwest::Certificate::from_pem(emulator.root_certificate_pem().unwrap().as_bytes())
        .unwrap();
    let http = reqwest::Client::builder()
        .add_root_certificate(root)
        .build()
        .unwrap();
    let response = http
        .post(emulator.url("/oauth/mtls/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "treasury"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn api_calls_carry_the_certificate_their_token_is_bound_to() {
    let provider = adp();
    let emulator = Emulator::start_with(provider.clone(), api_config())
        .await
        .unwrap();
    let session = Session::builder(provider)
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    let url = emulator.url("/hr/v2/workers");
    // Built on the client without the certificate: the session sends it through the one with.
    let plain = session.client().http().get(&url);
    let response = session.send(plain).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let response = session
        .send(session.http().unwrap().get(&url))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    // The token alone, over a connection without the certificate, is refused.
    let token = session.token().await.unwrap();
    let response = session
        .client()
        .http()
        .get(&url)
        .bearer_auth(token.access_token().expose_secret())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["error"], "invalid_token");
    // ADP's token request: HTTP Basic besides the certificate.
    let request = &emulator.requests()[0];
    assert_eq!(request.path, "/auth/oauth/v2/token");
    assert_eq!(
        request.header("authorization"),
        Some(basic("adp-client", "adp-secret").as_str())
    );
    assert_eq!(
        form(request),
        pairs(&[("grant_type", "client_credentials")])
    );
    assert!(request.client_certificate.is_some());
}

#[tokio::test]
async fn a_certificate_never_goes_over_plain_http() {
    let server = server_answering(json_response(200, r#"{"access_token": "t"}"#)).await;
    let error = client_for(&server).login(&bank()).await.unwrap_err();
    assert!(matches!(error, Error::Unsupported { .. }), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_broken_key_is_a_setting_error_that_quotes_neither_half() {
    let mut broken = bank();
    broken.key = Some(SecretString::from(
        "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n",
    ));
    let emulator = Emulator::start(bank()).await.unwrap();
    let error = emulator.client().unwrap().login(&broken).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidSetting {
                setting: "client_certificate",
                ..
            }
        ),
        "{error:?}"
    );
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("BEGIN"), "{shown}");
    // The certificate is public; its key is not.
    assert!(!format!("{broken:?}").contains("not a key"));
    let mut half = bank();
    half.key = None;
    let error = emulator.client().unwrap().login(&half).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidSetting {
                setting: "client_key",
                ..
            }
        ),
        "{error:?}"
    );
}
