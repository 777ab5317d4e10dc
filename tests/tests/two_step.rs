//! Two-step logins (`second_step`): the token of a first request is sent to a second endpoint,
//! whose answer holds the token the API takes. Salesforce Data 360 sends it as a parameter;
//! another provider in `Authorization: Bearer`. Each exactly, over loopback, and through the
//! emulator, which accepts only the second token on the API and each first token once.

use std::time::Duration;

use auth_runtime::testkit::Emulator;
use auth_runtime::{Error, ExposeSecret, Provider, SecretString, Session};
use auth_tests::*;
use providers::SalesforceDataCloud;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

fn data_cloud() -> SalesforceDataCloud {
    SalesforceDataCloud {
        my_domain: "acme".into(),
        client_id: "3MVG9-consumer-key".into(),
        client_secret: secret("consumer-secret"),
    }
}

/// A Veeva-like gateway: a client-credentials token in `Authorization: Bearer` at the second
/// step, whose answer keeps its session under another name, with no expiry.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://login.example.com/oauth/token"
)]
#[oauth(client_auth = "basic")]
#[oauth(
    second_step = "https://login.example.com/session/{profile}",
    second_param = "vault=main"
)]
#[oauth(access_token_path = "sessionId", lifetime = "20min")]
#[oauth(api_base = "https://api.example.com/v1", auth_format = "{token}")]
struct Gateway {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    profile: String,
}

fn gateway() -> Gateway {
    Gateway {
        client_id: "id".into(),
        client_secret: secret("s"),
        profile: "p-1".into(),
    }
}

/// Both steps in the query, the first token in `Authorization: Bearer`.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "query",
    endpoint = "https://login.example.com/oauth/token"
)]
#[oauth(
    client_auth = "basic",
    second_step = "https://login.example.com/session"
)]
#[oauth(second_param = "tenant=42", api_base = "https://api.example.com/v2")]
struct InTheQuery {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

/// A server answering the first step at `first` and the second at `second`.
async fn two_steps(first: (&str, &str), second: (&str, u16, &str)) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(first.0))
        .respond_with(json_response(200, first.1))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(second.0))
        .respond_with(json_response(second.1, second.2))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn data_cloud_exchanges_the_salesforce_token_for_its_own() {
    // The documented samples of both steps.
    let server = two_steps(
        (
            "/services/oauth2/token",
            r#"{"access_token":"your_access_token","signature":"your_signature","scope":"cdp_query_api api","instance_url":"https://acme.my.salesforce.com","id":"https://acme.my.salesforce.com/id/00D/005","token_type":"Bearer","issued_at":"1693588011146"}"#,
        ),
        (
            "/services/a360/token",
            200,
            r#"{"access_token":"dataCloudAuthToken","instance_url":"a360.c360a.salesforce.com","token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:jwt","expires_in":7130}"#,
        ),
    )
    .await;
    let token = client_for(&server).login(&data_cloud()).await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "dataCloudAuthToken");
    assert_eq!(token.token_type(), "Bearer");
    assert_eq!(token.lifetime(), Some(Duration::from_secs(7130)));
    assert_eq!(
        token.extra("instance_url"),
        Some(&serde_json::json!("a360.c360a.salesforce.com"))
    );
    assert!(token.refresh_token().is_none());
    // The tenant's host, as the second answer names it, is the API base.
    let session = Session::builder(data_cloud())
        .client(client_for(&server))
        .build()
        .unwrap();
    session.token().await.unwrap();
    assert_eq!(
        session.api_base().unwrap().unwrap().as_str(),
        "https://a360.c360a.salesforce.com/"
    );

    let requests = server.received_requests().await.unwrap();
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        ["/services/oauth2/token", "/services/a360/token"].repeat(2)
    );
    assert_eq!(
        form_pairs(&requests[0]),
        pairs(&[
            ("grant_type", "client_credentials"),
            ("client_id", "3MVG9-consumer-key"),
            ("client_secret", "consumer-secret"),
        ])
    );
    assert_eq!(
        form_pairs(&requests[1]),
        pairs(&[
            ("grant_type", "urn:salesforce:grant-type:external:cdp"),
            (
                "subject_token_type",
                "urn:ietf:params:oauth:token-type:access_token"
            ),
            ("subject_token", "your_access_token"),
        ])
    );
    // The first token travels in the body only; no client credentials go to the second step.
    assert_eq!(header(&requests[1], "authorization"), None);
    assert_eq!(
        header(&requests[1], "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
}

#[tokio::test]
async fn a_first_token_in_the_authorization_header_and_the_second_read_as_declared() {
    let server = two_steps(
        (
            "/oauth/token",
            r#"{"access_token": "first-token", "token_type": "bearer", "expires_in": 3600}"#,
        ),
        (
            "/session/p-1",
            200,
            r#"{"responseStatus": "SUCCESS", "sessionId": "session-42"}"#,
        ),
    )
    .await;
    let token = client_for(&server).login(&gateway()).await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "session-42");
    // The declared lifetime, since the second answer gives none.
    assert_eq!(token.lifetime(), Some(Duration::from_secs(1200)));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        header(&requests[0], "authorization").as_deref(),
        Some(basic("id", "s").as_str())
    );
    assert_eq!(
        header(&requests[1], "authorization").as_deref(),
        Some("Bearer first-token")
    );
    assert_eq!(form_pairs(&requests[1]), pairs(&[("vault", "main")]));
}

#[tokio::test]
async fn a_refused_second_step_is_a_typed_error_without_the_first_token() {
    // A hostile second step echoes the token it was given.
    let server = two_steps(
        (
            "/oauth/token",
            r#"{"access_token": "first-secret-token", "expires_in": 3600}"#,
        ),
        (
            "/session/p-1",
            400,
            r#"{"error": "invalid_grant", "error_description": "bad token first-secret-token"}"#,
        ),
    )
    .await;
    let error = client_for(&server).login(&gateway()).await.unwrap_err();
    assert!(matches!(error, Error::OAuth { .. }), "{error:?}");
    for shown in [format!("{error}"), format!("{error:?}")] {
        assert!(!shown.contains("first-secret-token"), "{shown}");
    }

    // A first step that fails sends no second request.
    let failing = server_answering(json_response(401, r#"{"error": "invalid_client"}"#)).await;
    let error = client_for(&failing).login(&gateway()).await.unwrap_err();
    assert!(matches!(error, Error::OAuth { .. }), "{error:?}");
    assert_eq!(failing.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_emulator_takes_each_first_token_once_and_the_api_only_the_second() {
    for_each_two_step(data_cloud()).await;
    for_each_two_step(gateway()).await;
    for_each_two_step(InTheQuery {
        client_id: "id".into(),
        client_secret: secret("s"),
    })
    .await;
}

async fn for_each_two_step<P: Provider + Clone>(provider: P) {
    let name = P::INFO.name();
    let emulator = Emulator::start(provider.clone()).await.unwrap();
    let session = Session::builder(provider.clone())
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    let token = session.token().await.unwrap().to_arc();
    assert!(
        token.access_token().expose_secret().contains("-access-"),
        "{name}: the API's token is the second step's"
    );
    let requests = emulator.requests();
    assert_eq!(requests.len(), 2, "{name}");

    // The API takes the second token, not the first.
    if let Some(api) = session.api_base() {
        let api = emulator.url(api.unwrap().path());
        let http = reqwest::Client::new();
        let call = session.authorize(http.get(&api)).await.unwrap();
        assert_eq!(call.send().await.unwrap().status(), 200, "{name}");
        let first = auth_runtime::Token::from_stored(auth_runtime::StoredToken {
            access_token: secret(&format!("{name}-first-1")),
            ..token.to_stored()
        });
        let refused = session
            .client()
            .authorize(&provider, &first, http.get(&api))
            .unwrap();
        assert_eq!(refused.send().await.unwrap().status(), 401, "{name}");
    }

    // Renewing repeats both steps: the first token was spent.
    let renewed = session.renew().await.unwrap().to_arc();
    assert_ne!(
        renewed.access_token().expose_secret(),
        token.access_token().expose_secret()
    );
    let paths: Vec<String> = emulator.requests().iter().map(|r| r.path.clone()).collect();
    let (steps, renewal) = (&paths[..2], &paths[paths.len() - 2..]);
    // A first token is good once: the spent one is refused, as is none at all.
    let spent = format!("{name}-first-1");
    let second_step = emulator.url(&paths[1]);
    let http = reqwest::Client::new();
    for request in [
        http.post(&second_step)
            .bearer_auth(&spent)
            .form(&[("subject_token", &spent)]),
        http.post(&second_step),
    ] {
        let refused = request.send().await.unwrap();
        assert_eq!(refused.status(), 400, "{name}");
    }
    assert_eq!(
        renewal, steps,
        "{name}: a new first step, then a new second step"
    );
    assert_eq!(emulator.issued(), 4, "{name}: two tokens a login");
}

#[tokio::test]
async fn a_hostile_second_step_is_a_typed_error() {
    let first = (
        "/oauth/token",
        r#"{"access_token": "first-token", "expires_in": 3600}"#,
    );
    // An HTML page, a 200 carrying an error, a 429, a body with no token.
    let html = MockServer::start().await;
    Mock::given(path(first.0))
        .respond_with(json_response(200, first.1))
        .mount(&html)
        .await;
    Mock::given(path("/session/p-1"))
        .respond_with(wiremock::ResponseTemplate::new(502).set_body_raw(
            b"<html><body>Bad gateway</body></html>".to_vec(),
            "text/html",
        ))
        .mount(&html)
        .await;
    let error = client_for(&html).login(&gateway()).await.unwrap_err();
    assert!(matches!(error, Error::Http { .. }), "{error:?}");

    let error_in_200 = two_steps(
        first,
        (
            "/session/p-1",
            200,
            r#"{"error": "invalid_grant", "error_description": "first-token is not good here"}"#,
        ),
    )
    .await;
    let error = client_for(&error_in_200)
        .login(&gateway())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::OAuth { .. }), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("first-token"));

    let limited = MockServer::start().await;
    Mock::given(path(first.0))
        .respond_with(json_response(200, first.1))
        .mount(&limited)
        .await;
    Mock::given(path("/session/p-1"))
        .respond_with(wiremock::ResponseTemplate::new(429).insert_header("retry-after", "7"))
        .mount(&limited)
        .await;
    let error = client_for(&limited).login(&gateway()).await.unwrap_err();
    match error {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(7)))
        }
        other => panic!("{other:?}"),
    }

    let empty = two_steps(
        first,
        ("/session/p-1", 200, r#"{"responseStatus": "SUCCESS"}"#),
    )
    .await;
    let error = client_for(&empty).login(&gateway()).await.unwrap_err();
    assert!(matches!(error, Error::Parse { .. }), "{error:?}");
}

/// A first step that carries a key in a header of its own, and a second step on another host.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://idp.example.com/oauth/token"
)]
#[oauth(client_auth = "basic", token_header = "x-tenant: acme")]
#[oauth(second_step = "https://{second_host}.example.com/session")]
struct KeyedFirstStep {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(token_header = "x-api-key")]
    api_key: SecretString,
    second_host: String,
}

#[tokio::test]
async fn a_secret_header_goes_to_the_second_step_only_on_the_token_endpoints_origin() {
    for (second_host, keeps_key) in [("api", false), ("idp", true)] {
        let server = two_steps(
            ("/oauth/token", r#"{"access_token": "first-token"}"#),
            ("/session", 200, r#"{"access_token": "second-token"}"#),
        )
        .await;
        let provider = KeyedFirstStep {
            client_id: "id".into(),
            client_secret: secret("s"),
            api_key: secret("the-key"),
            second_host: second_host.into(),
        };
        let token = client_for(&server).login(&provider).await.unwrap();
        assert_eq!(token.access_token().expose_secret(), "second-token");
        let requests = server.received_requests().await.unwrap();
        assert_eq!(
            header(&requests[0], "x-api-key").as_deref(),
            Some("the-key")
        );
        let key = header(&requests[1], "x-api-key");
        assert_eq!(key.is_some(), keeps_key, "{second_host}: {key:?}");
        // A header that holds no secret goes to both.
        assert_eq!(header(&requests[1], "x-tenant").as_deref(), Some("acme"));
        assert_eq!(
            header(&requests[1], "authorization").as_deref(),
            Some("Bearer first-token")
        );
    }
}
