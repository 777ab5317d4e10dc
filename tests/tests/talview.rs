//! Talview's documented wire contract: REST and GraphQL logins.

use auth_runtime::{Error, ExposeSecret, Provider, SecretString};
use auth_tests::*;
use providers::{Talview, TalviewGraphql};

const SAMPLE: &str = r#"{
  "auth_user_login": {
    "success": true,
    "error_message": null,
    "data": {
      "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI...",
      "expires_in": 3600,
      "refresh_token": "d9865001-c918-4903-8209-..."
    }
  }
}"#;

fn talview() -> Talview {
    Talview {
        username: "username@yourcompany.com".into(),
        password: SecretString::from("SecurePassword"),
        tenant_id: 1,
    }
}

fn talview_graphql() -> TalviewGraphql {
    TalviewGraphql {
        username: "username@yourcompany.com".into(),
        password: SecretString::from("SecurePassword"),
        tenant_id: 1,
    }
}

#[tokio::test]
async fn rest_login_sends_the_documented_request() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    client_for(&server).login(&talview()).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/rest/auth_user_login");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        header(&request, "accept").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        header(&request, "authorization"),
        None,
        "no client authentication"
    );
    // tenant_id is a JSON integer, and no grant_type or client id is sent.
    assert_eq!(
        body_text(&request),
        r#"{"username":"username@yourcompany.com","password":"SecurePassword","tenant_id":1}"#
    );
}

#[tokio::test]
async fn rest_login_parses_the_sample_response() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    let token = client_for(&server).login(&talview()).await.unwrap();

    assert_eq!(
        token.access_token().expose_secret(),
        "eyJhbGciOiJIUzI1NiIsInR5cCI..."
    );
    assert_eq!(token.lifetime(), Some(std::time::Duration::from_secs(3600)));
    assert_eq!(
        token.refresh_token().map(|t| t.expose_secret()),
        Some("d9865001-c918-4903-8209-...")
    );
    assert_eq!(
        token.token_type(),
        "Bearer",
        "missing token_type means Bearer"
    );
    assert_eq!(token.scope(), None);
}

#[tokio::test]
async fn success_false_in_a_200_is_a_refusal_with_talviews_message() {
    let body = r#"{"auth_user_login": {"success": false, "error_message": "Invalid username or password", "data": null}}"#;
    let server = server_answering(json_response(200, body)).await;
    let error = client_for(&server).login(&talview()).await.unwrap_err();

    match &error {
        Error::Refused {
            provider,
            status,
            message,
        } => {
            assert_eq!(*provider, "talview");
            assert_eq!(status.as_u16(), 200);
            assert_eq!(message, "Invalid username or password");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "talview refused the token request: Invalid username or password"
    );
}

#[tokio::test]
async fn an_error_message_without_a_token_is_a_refusal_even_without_the_flag() {
    let body = r#"{"auth_user_login": {"error_message": "tenant disabled"}}"#;
    let server = server_answering(json_response(401, body)).await;
    let error = client_for(&server).login(&talview()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Refused { message, status, .. } if message == "tenant disabled" && status.as_u16() == 401),
        "{error:?}"
    );
}

#[test]
fn the_rest_declaration_says_what_the_document_says() {
    let info = Talview::INFO;
    assert_eq!(info.name(), "talview");
    assert_eq!(
        info.token_endpoint(),
        Some("https://api.talview.com/api/rest/auth_user_login")
    );
    assert_eq!(info.api_base(), Some("https://api.talview.com/v1/graphql"));
    assert_eq!(info.renew(), auth_runtime::Renew::Login);
    let names: Vec<_> = info
        .settings()
        .iter()
        .map(|s| (s.name(), s.required(), s.secret()))
        .collect();
    assert_eq!(
        names,
        [
            ("username", true, false),
            ("password", true, true),
            ("tenant_id", true, false)
        ]
    );
}

#[tokio::test]
async fn graphql_login_sends_typed_variables_never_spliced_into_the_query() {
    let server = server_answering(json_response(200, SAMPLE)).await;
    client_for(&server).login(&talview_graphql()).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/graphql");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    let body = json_body(&request);
    assert_eq!(
        body["variables"],
        serde_json::json!({"username": "username@yourcompany.com", "password": "SecurePassword", "tenant_id": 1})
    );
    assert!(
        body["variables"]["tenant_id"].is_i64(),
        "tenant_id is an Int variable"
    );
    let query = body["query"].as_str().unwrap();
    assert!(query
        .starts_with("mutation MyMutation($password: String, $tenant_id: Int, $username: String)"));
    assert!(!query.contains("SecurePassword") && !query.contains("username@yourcompany.com"));
    assert_eq!(
        body.as_object().unwrap().len(),
        2,
        "only query and variables"
    );
}

#[tokio::test]
async fn graphql_login_accepts_the_answer_wrapped_in_data_or_not() {
    let wrapped = format!(r#"{{"data": {SAMPLE}}}"#);
    for body in [SAMPLE.to_owned(), wrapped] {
        let server = server_answering(json_response(200, &body)).await;
        let token = client_for(&server).login(&talview_graphql()).await.unwrap();
        assert_eq!(
            token.access_token().expose_secret(),
            "eyJhbGciOiJIUzI1NiIsInR5cCI..."
        );
        assert_eq!(token.lifetime(), Some(std::time::Duration::from_secs(3600)));
    }
}

#[tokio::test]
async fn graphql_errors_are_refusals() {
    let body = r#"{"data": null, "errors": [{"message": "field 'auth_user_login' not found"}, {"extensions": {}}]}"#;
    let server = server_answering(json_response(200, body)).await;
    let error = client_for(&server)
        .login(&talview_graphql())
        .await
        .unwrap_err();
    match error {
        Error::Refused { message, .. } => assert_eq!(
            message,
            "field 'auth_user_login' not found; a GraphQL error without a message"
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn graphql_success_false_inside_data_is_a_refusal() {
    let body = r#"{"data": {"auth_user_login": {"success": false, "error_message": "bad tenant", "data": null}}}"#;
    let server = server_answering(json_response(200, body)).await;
    let error = client_for(&server)
        .login(&talview_graphql())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Refused { message, .. } if message == "bad tenant"),
        "{error:?}"
    );
}
