//! Talkdesk's documented wire contract: a host templated by account and region,
//! HTTP Basic from client id and secret, form-encoded parameters, and RFC 6749 errors.

use std::time::Duration;

// The generated request builder is not public API; these tests read it to pin the wire.
use auth_runtime::__private::{Declaration, Exchange};
use auth_runtime::{AuthorizationCode, Error, ExposeSecret, Provider, SecretString};
use auth_tests::*;
use providers::{Talkdesk, TalkdeskRegion};

fn talkdesk(region: TalkdeskRegion) -> Talkdesk {
    Talkdesk {
        account: "acme".into(),
        region,
        client_id: "<client_id>".into(),
        client_secret: SecretString::from("<client_secret>"),
        scope: Some("users:read account:read".into()),
    }
}

const SAMPLE: &str = r#"{
  "access_token": "eyJhbGciOiJSUzI1NiJ9.e30.sig",
  "token_type": "Bearer",
  "expires_in": 600,
  "scope": "users:read account:read",
  "refresh_token": "rt-1",
  "sid": "session-42",
  "id_token": "eyJhbGciOiJSUzI1NiJ9.id.sig"
}"#;

#[test]
fn the_host_is_made_of_account_and_region() {
    for (region, host) in [
        (
            TalkdeskRegion::Us,
            "https://acme.talkdeskid.com/oauth/token",
        ),
        (TalkdeskRegion::Eu, "https://acme.talkdeskid.eu/oauth/token"),
        (
            TalkdeskRegion::Ca,
            "https://acme.talkdeskidca.com/oauth/token",
        ),
    ] {
        let request = talkdesk(region).token_request(&Exchange::Login).unwrap();
        assert_eq!(request.url().as_str(), host);
    }
}

#[test]
fn an_account_that_would_leave_its_host_label_is_refused() {
    let mut provider = talkdesk(TalkdeskRegion::Us);
    provider.account = "evil.example/x".into();
    let error = provider.token_request(&Exchange::Login).unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidSetting {
                setting: "account",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn regions_parse_from_their_names() {
    assert_eq!("eu".parse::<TalkdeskRegion>().unwrap(), TalkdeskRegion::Eu);
    assert_eq!(TalkdeskRegion::Ca.to_string(), "ca");
    assert_eq!(
        "mars".parse::<TalkdeskRegion>().unwrap_err(),
        "unknown region `mars`: expected `us`, `eu`, `ca`"
    );
    let region = Talkdesk::INFO
        .settings()
        .iter()
        .find(|s| s.name() == "region")
        .unwrap();
    assert_eq!(region.choices(), ["us", "eu", "ca"]);
}

#[tokio::test]
async fn client_credentials_use_basic_auth_and_a_form_body() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    client_for(&server)
        .login(&talkdesk(TalkdeskRegion::Eu))
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth/token");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Basic PGNsaWVudF9pZD46PGNsaWVudF9zZWNyZXQ+"),
        "the value in Talkdesk's own document"
    );
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        body_text(&request),
        "grant_type=client_credentials&scope=users%3Aread+account%3Aread"
    );
}

#[tokio::test]
async fn no_scope_sends_no_scope() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let mut provider = talkdesk(TalkdeskRegion::Us);
    provider.scope = None;
    client_for(&server).login(&provider).await.unwrap();
    assert_eq!(
        body_text(&only_request(&server).await),
        "grant_type=client_credentials"
    );
}

#[tokio::test]
async fn the_response_keeps_scope_sid_and_id_token() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let token = client_for(&server)
        .login(&talkdesk(TalkdeskRegion::Us))
        .await
        .unwrap();
    assert_eq!(token.lifetime(), Some(Duration::from_secs(600)));
    assert_eq!(token.scope(), Some("users:read account:read"));
    assert_eq!(
        token.refresh_token().map(|t| t.expose_secret()),
        Some("rt-1")
    );
    assert_eq!(token.extra("sid"), Some(&serde_json::json!("session-42")));
    assert_eq!(
        token.extra("id_token"),
        Some(&serde_json::json!("eyJhbGciOiJSUzI1NiJ9.id.sig"))
    );
    let shown = format!("{token:?}");
    assert!(!shown.contains("eyJ") && !shown.contains("rt-1"), "{shown}");
}

#[tokio::test]
async fn invalid_client_surfaces_code_and_description() {
    let body =
        r#"{"error": "invalid_client", "error_description": "Client authentication failed"}"#;
    let server = server_answering(json_response(401, body)).await;
    let error = client_for(&server)
        .login(&talkdesk(TalkdeskRegion::Us))
        .await
        .unwrap_err();
    match &error {
        Error::OAuth { provider, error } => {
            assert_eq!(*provider, "talkdesk");
            assert_eq!(error.status.as_u16(), 401);
            assert_eq!(error.code, "invalid_client");
            assert_eq!(
                error.description.as_deref(),
                Some("Client authentication failed")
            );
        }
        other => panic!("expected an OAuth error, got {other:?}"),
    }
    assert!(!error.to_string().contains("<client_secret>"));
}

#[tokio::test]
async fn a_code_exchange_uses_basic_auth_and_the_given_redirect_uri() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let code = AuthorizationCode {
        redirect_uri: Some("http://127.0.0.1:8910/callback".into()),
        ..AuthorizationCode::new("abc")
    };
    client_for(&server)
        .exchange_code(&talkdesk(TalkdeskRegion::Us), code)
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some(basic("<client_id>", "<client_secret>"))
    );
    assert_eq!(
        body_text(&request),
        "grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A8910%2Fcallback"
    );
}

#[tokio::test]
async fn a_refresh_uses_basic_auth_and_no_scope() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    client_for(&server)
        .refresh(&talkdesk(TalkdeskRegion::Us), &SecretString::from("rt-0"))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some(basic("<client_id>", "<client_secret>"))
    );
    assert_eq!(
        body_text(&request),
        "grant_type=refresh_token&refresh_token=rt-0"
    );
}
