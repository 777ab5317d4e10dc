//! Tali's documented wire contract: code exchange and refresh, JSON, with the client
//! secret and redirect_uri in the body, and `expires_in` as a string.

use std::time::Duration;

// The generated request builder is not public API; these tests read it to pin the wire.
use auth_runtime::__private::{Declaration, Exchange};
use auth_runtime::{AuthorizationCode, Error, ExposeSecret, Provider, SecretString};
use auth_tests::*;
use providers::Tali;

const SAMPLE: &str = r#"{
"access_token": "MBEehXv6KQcLH39ObZ8F6FVhQsJ2Bcf7XTf64",
"refresh_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
"expires_in": "86400",
"token_type": "Bearer"
}"#;

fn tali(base_url: &str) -> Tali {
    Tali {
        base_url: base_url.into(),
        client_id: "your-client-id".into(),
        client_secret: SecretString::from("your-client-secret"),
        redirect_uri: "http://yoursite.com/callback".into(),
    }
}

#[tokio::test]
async fn code_exchange_sends_the_documented_json_body() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let code = AuthorizationCode::new("the-code-you-just-got");
    client_for(&server)
        .exchange_code(&tali("https://tali.example.com"), code)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth/token");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        header(&request, "authorization"),
        None,
        "the secret travels in the body"
    );
    assert_eq!(
        body_text(&request),
        r#"{"grant_type":"authorization_code","code":"the-code-you-just-got","client_id":"your-client-id","client_secret":"your-client-secret","redirect_uri":"http://yoursite.com/callback"}"#
    );
}

#[tokio::test]
async fn code_exchange_parses_the_string_expires_in() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let token = client_for(&server)
        .exchange_code(
            &tali("https://tali.example.com"),
            AuthorizationCode::new("c"),
        )
        .await
        .unwrap();
    assert_eq!(
        token.access_token().expose_secret(),
        "MBEehXv6KQcLH39ObZ8F6FVhQsJ2Bcf7XTf64"
    );
    assert_eq!(token.lifetime(), Some(Duration::from_secs(86400)));
    assert_eq!(token.token_type(), "Bearer");
    assert_eq!(
        token.refresh_token().map(|t| t.expose_secret()),
        Some("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")
    );
}

#[tokio::test]
async fn refresh_sends_redirect_uri_too() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let refresh_token = SecretString::from("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
    client_for(&server)
        .refresh(&tali("https://tali.example.com"), &refresh_token)
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/oauth/token");
    assert_eq!(
        body_text(&request),
        r#"{"grant_type":"refresh_token","refresh_token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9","client_id":"your-client-id","client_secret":"your-client-secret","redirect_uri":"http://yoursite.com/callback"}"#
    );
}

#[tokio::test]
async fn a_refresh_reply_without_a_refresh_token_keeps_the_old_one() {
    let body = r#"{"access_token": "new", "expires_in": "86400", "token_type": "Bearer"}"#;
    let server = server_answering(json_response(200, body)).await;
    let old = SecretString::from("old-refresh");
    let token = client_for(&server)
        .refresh(&tali("https://tali.example.com"), &old)
        .await
        .unwrap();
    assert_eq!(
        token.refresh_token().map(|t| t.expose_secret()),
        Some("old-refresh")
    );
}

#[test]
fn endpoints_live_under_the_base_url_setting() {
    let code = AuthorizationCode::new("c");
    let grant = Exchange::AuthorizationCode(&code);
    for (base, expected) in [
        (
            "https://tali.example.com",
            "https://tali.example.com/oauth/token",
        ),
        (
            "https://example.com/tali/",
            "https://example.com/tali/oauth/token",
        ),
    ] {
        let request = tali(base).token_request(&grant).unwrap();
        assert_eq!(request.url().as_str(), expected);
    }
    assert_eq!(Tali::INFO.authorize_endpoint(), Some("/oauth/authorize"));
}

#[tokio::test]
async fn a_base_url_that_is_not_a_url_is_an_invalid_setting() {
    let code = AuthorizationCode::new("c");
    let error = auth_runtime::Client::new()
        .unwrap()
        .exchange_code(&tali("tali.example.com"), code)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidSetting {
                setting: "base_url",
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn tali_cannot_log_in_without_a_code() {
    let error = auth_runtime::Client::new()
        .unwrap()
        .login(&tali("https://tali.example.com"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Unsupported {
                provider: "tali",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn the_base_url_is_a_required_setting_with_no_default() {
    let setting = Tali::INFO
        .settings()
        .iter()
        .find(|s| s.name() == "base_url")
        .unwrap();
    assert!(setting.required());
    assert!(
        !Tali::INFO.token_endpoint().unwrap().contains("://"),
        "no invented host"
    );
}
