//! iAdvize's documented wire contract: password grant, form-encoded, refresh token
//! `"none"`, and the validity route.

use std::time::Duration;

use auth_runtime::{ExposeSecret, OAuthErrorCode, Provider, SecretString, Validity};
use auth_tests::*;
use providers::IAdvize;

const SAMPLE: &str = r#"{
    "access_token": "BMU9FSlOV.....UU0UVRPUSJ9.9yZCIsInBl....cm1pc3Npb0.xw3blsLI8gujt....JPX5U8v24o1gUsg",
    "expires_in": 86400,
    "token_type": "Bearer",
    "refresh_token": "none"
}"#;

fn iadvize() -> IAdvize {
    IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("p@ss w&rd=1"),
    }
}

#[tokio::test]
async fn login_sends_the_documented_form() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    client_for(&server).login(&iadvize()).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth2/token");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        body_text(&request),
        "grant_type=password&username=agent%40shop.example&password=p%40ss+w%26rd%3D1"
    );
    let pairs = form_pairs(&request);
    assert_eq!(
        pairs,
        [
            ("grant_type".to_owned(), "password".to_owned()),
            ("username".to_owned(), "agent@shop.example".to_owned()),
            ("password".to_owned(), "p@ss w&rd=1".to_owned()),
        ]
    );
}

#[tokio::test]
async fn the_refresh_token_none_means_no_refresh_token() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let token = client_for(&server).login(&iadvize()).await.unwrap();
    assert!(token.refresh_token().is_none());
    assert_eq!(token.lifetime(), Some(Duration::from_secs(86400)));
    assert_eq!(token.token_type(), "Bearer");
    assert!(token
        .access_token()
        .expose_secret()
        .starts_with("BMU9FSlOV"));
}

#[tokio::test]
async fn bad_credentials_are_an_oauth_error() {
    let body = r#"{"error": "invalid_grant", "error_description": "Invalid username and password combination"}"#;
    let server = server_answering(json_response(400, body)).await;
    let error = client_for(&server).login(&iadvize()).await.unwrap_err();
    assert_eq!(error.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    assert_eq!(
        error.to_string(),
        "iadvize refused the token request: invalid_grant (HTTP 400): Invalid username and password combination"
    );
}

#[tokio::test]
async fn the_validity_route_says_valid() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let client = client_for(&server);
    let token = client.login(&iadvize()).await.unwrap();
    server.reset().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(json_response(200, r#"{"authenticated": true}"#))
        .mount(&server)
        .await;

    assert_eq!(
        client.check_validity(&iadvize(), &token).await.unwrap(),
        Validity::Valid
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/_authenticated");
    assert_eq!(
        header(&request, "authorization"),
        Some(format!("Bearer {}", token.access_token().expose_secret()))
    );
}

#[tokio::test]
async fn an_invalid_token_is_a_verdict_not_an_error() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let client = client_for(&server);
    let token = client.login(&iadvize()).await.unwrap();
    let invalid = r#"{"error_description": "access token not valid", "error": "invalid_token"}"#;
    for status in [200, 401] {
        server.reset().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(json_response(status, invalid))
            .mount(&server)
            .await;
        assert_eq!(
            client.check_validity(&iadvize(), &token).await.unwrap(),
            Validity::Invalid {
                reason: "invalid_token: access token not valid".into()
            }
        );
    }
}

#[test]
fn the_declaration_carries_the_login_limit_and_routes() {
    let info = IAdvize::INFO;
    assert_eq!(
        info.login_rate_limit(),
        Some(auth_runtime::RateLimit::new(10, Duration::from_secs(60)))
    );
    assert_eq!(
        info.validity_endpoint(),
        Some("https://api.iadvize.com/_authenticated")
    );
    assert_eq!(info.api_base(), Some("https://api.iadvize.com/graphql"));
    assert_eq!(info.refresh_sentinel(), Some("none"));
    assert_eq!(info.renew(), auth_runtime::Renew::Login);
}

#[test]
fn debug_never_shows_the_password() {
    let shown = format!("{:?}", iadvize());
    assert!(shown.contains("agent@shop.example"));
    assert!(!shown.contains("p@ss"), "{shown}");
}
