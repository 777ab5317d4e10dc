//! Altrata's documented wire contract: client credentials with `grant_type` in the
//! query string, HTTP Basic from username and password, and `x-api-key`.

use std::time::Duration;

use auth_runtime::{ExposeSecret, Provider, SecretString};
use auth_tests::*;
use providers::Altrata;

const SAMPLE: &str =
    r#"{ "access_token": "youraccesstoken", "expires_in": 28800, "token_type": "bearer" }"#;

fn altrata() -> Altrata {
    Altrata {
        username: "analyst@firm.example".into(),
        password: SecretString::from("hunter2:x"),
        api_key: SecretString::from("yourapikey"),
    }
}

#[tokio::test]
async fn token_request_puts_the_grant_in_the_query_and_credentials_in_headers() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    client_for(&server).login(&altrata()).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth2/token");
    assert_eq!(request.url.query(), Some("grant_type=client_credentials"));
    assert_eq!(
        header(&request, "authorization"),
        Some(basic("analyst@firm.example", "hunter2:x"))
    );
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("yourapikey"));
    assert!(request.body.is_empty(), "nothing in the body");
    assert_eq!(header(&request, "content-type"), None);
}

#[tokio::test]
async fn the_sample_response_has_a_lower_case_bearer() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let token = client_for(&server).login(&altrata()).await.unwrap();
    assert_eq!(token.token_type(), "Bearer");
    assert_eq!(token.lifetime(), Some(Duration::from_secs(28800)));
    assert_eq!(token.access_token().expose_secret(), "youraccesstoken");
    assert!(token.refresh_token().is_none());
}

#[tokio::test]
async fn api_calls_carry_both_the_bearer_token_and_the_api_key() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let client = client_for(&server);
    let token = client.login(&altrata()).await.unwrap();
    server.reset().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(json_response(200, r#"{"data": {}}"#))
        .mount(&server)
        .await;

    let api = format!("{}/graphql", server.uri());
    let request = client
        .authorize(&altrata(), &token, client.http().post(api).body("{}"))
        .unwrap();
    request.send().await.unwrap();

    let seen = only_request(&server).await;
    assert_eq!(
        header(&seen, "authorization").as_deref(),
        Some("Bearer youraccesstoken")
    );
    assert_eq!(header(&seen, "x-api-key").as_deref(), Some("yourapikey"));
    assert_eq!(Altrata::INFO.api_headers(), ["x-api-key"]);
}

#[test]
fn debug_shows_neither_password_nor_api_key() {
    let shown = format!("{:?}", altrata());
    assert!(
        !shown.contains("hunter2") && !shown.contains("yourapikey"),
        "{shown}"
    );
}
