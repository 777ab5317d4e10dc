//! The hardening defects, each over real HTTP on loopback: credentials only where they belong,
//! placeholders that cannot move a request, network values that cannot panic the session, and
//! renewals that never turn a transient fault into a lost grant.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use auth_runtime::{
    Client, Error, ExposeSecret, MemoryStore, Origin, Provider, SecretString, Session,
    SessionMiddleware, StoredToken, Token, TokenStore,
};
use auth_tests::*;
use providers::{Altrata, Spotify, Tali, Talkdesk, TalkdeskRegion};
use wiremock::matchers::{any, body_string_contains};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn altrata() -> Altrata {
    Altrata {
        username: "user".into(),
        password: SecretString::from("pw-secret"),
        api_key: SecretString::from("key-secret"),
    }
}

fn tali() -> Tali {
    Tali {
        base_url: "https://tali.example.com".into(),
        client_id: "cid".into(),
        client_secret: SecretString::from("cs"),
        redirect_uri: "https://app.example/cb".into(),
    }
}

fn talkdesk() -> Talkdesk {
    Talkdesk {
        account: "acme".into(),
        region: TalkdeskRegion::Us,
        client_id: "cid".into(),
        client_secret: SecretString::from("cs"),
        scope: None,
    }
}

/// A token due for renewal (its refresh token `refresh`), still valid for a few seconds.
fn due_token(refresh: &str) -> Token {
    let now = SystemTime::now();
    Token::from_stored(StoredToken {
        access_token: SecretString::from("held-access"),
        token_type: "Bearer".into(),
        received_at: now - Duration::from_secs(3600),
        expires_at: now + Duration::from_secs(5),
        lifetime_known: true,
        never_expires: false,
        refresh_token: Some(SecretString::from(refresh)),
        scope: None,
        extra: BTreeMap::new(),
    })
}

/// A client to `server` that gives up after 300 ms.
fn impatient_client(server: &MockServer) -> Client {
    Client::builder()
        .origin(Origin::parse(&server.uri()).unwrap())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

/// A session of `provider` on `client`, holding `token`, retrying fast.
fn session_holding<P: Provider>(provider: P, client: Client, token: Token) -> Session<P> {
    Session::builder(provider)
        .client(client)
        .token(token)
        .retries(2, Duration::from_millis(1))
        .build()
        .unwrap()
}

/// The requests `server` received whose body holds `needle`.
async fn requests_with(server: &MockServer, needle: &str) -> usize {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .filter(|r| String::from_utf8_lossy(&r.body).contains(needle))
        .count()
}

// Defect 3: credentials on the network.

#[tokio::test]
async fn api_credentials_never_go_over_plain_http_to_another_host() {
    let (issuer, server) = altrata_latest_token_only().await;
    let session = Session::builder(altrata())
        .client(client_for(&server))
        .build()
        .unwrap();
    let http = session.client().http().clone();
    for url in [
        "http://example.com/graphql",
        "http://10.1.2.3/graphql",
        "http://127.0.0.1.example.com/x",
    ] {
        let send = session.send(http.post(url)).await.unwrap_err();
        assert!(
            matches!(send, Error::InsecureEndpoint { .. }),
            "{url}: {send:?}"
        );
        let authorize = session.authorize(http.get(url)).await.unwrap_err();
        assert!(matches!(authorize, Error::InsecureEndpoint { .. }), "{url}");
    }
    assert_eq!(issuer.issued(), 0, "nothing was sent, not even a login");
}

#[tokio::test]
async fn api_credentials_go_only_to_declared_or_allowed_origins() {
    let (_, server) = altrata_latest_token_only().await;
    let session = Session::builder(altrata())
        .client(client_for(&server))
        .allow_origin(Origin::parse("https://graphql.altrata.example").unwrap())
        .build()
        .unwrap();
    let http = session.client().http().clone();
    for url in [
        "https://api.auth.altrata.com.evil.example/graphql",
        "https://evil.example/oauth2/token",
        "https://api.auth.altrata.com:8443/x",
    ] {
        let error = session.send(http.post(url)).await.unwrap_err();
        assert!(
            matches!(error, Error::OriginNotAllowed { .. }),
            "{url}: {error:?}"
        );
    }
    for allowed in [
        "https://api.auth.altrata.com/any/path",
        "https://graphql.altrata.example/graphql",
        &format!("{}/graphql", server.uri()),
    ] {
        let url = url::Url::parse(allowed).unwrap();
        session.check_destination(&url).unwrap();
    }
    let response = session
        .send(http.post(format!("{}/graphql", server.uri())))
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "the emulating origin override is allowed"
    );
}

#[tokio::test]
async fn the_middleware_refuses_a_foreign_or_insecure_url_before_any_token_request() {
    let (issuer, server) = altrata_latest_token_only().await;
    let session = Session::builder(altrata())
        .client(client_for(&server))
        .build()
        .unwrap();
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(SessionMiddleware::new(session))
        .build();
    for url in ["http://example.com/graphql", "https://evil.example/graphql"] {
        let error = client.get(url).send().await.unwrap_err();
        assert!(
            error.to_string().contains("refusing to send credentials"),
            "{error}"
        );
    }
    assert_eq!(issuer.issued(), 0);
}

// Defect 4: placeholders cannot move a request.

#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://login.example.com/tenants/{tenant}/oauth/token"
)]
struct TenantScoped {
    tenant: String,
    #[oauth(client_id)]
    client_id: String,
}

#[tokio::test]
async fn a_dot_segment_placeholder_is_refused_before_anything_is_sent() {
    let server = server_answering(json_response(200, r#"{"access_token": "a"}"#)).await;
    for tenant in ["..", ".", ""] {
        let provider = TenantScoped {
            tenant: tenant.into(),
            client_id: "cid".into(),
        };
        let error = client_for(&server).login(&provider).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidSetting {
                    setting: "tenant",
                    ..
                }
            ),
            "{tenant:?}: {error:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

// Defect 14, the client's half: a fixed query under a base URL stays a query.

#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "/token?grant_type=account_credentials&v=2"
)]
struct FixedQuery {
    #[oauth(base_url)]
    base_url: String,
    #[oauth(client_id)]
    client_id: String,
}

#[tokio::test]
async fn a_fixed_query_under_a_base_url_reaches_the_server_as_a_query() {
    let server = server_answering(json_response(200, r#"{"access_token": "a"}"#)).await;
    let provider = FixedQuery {
        base_url: "https://api.example.com/v1".into(),
        client_id: "cid".into(),
    };
    client_for(&server).login(&provider).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/token");
    assert_eq!(
        request.url.query(),
        Some("grant_type=account_credentials&v=2")
    );
}

// Defect 5: arithmetic on values from the network.

#[tokio::test]
async fn a_retry_after_past_the_end_of_time_is_clamped_never_a_panic() {
    for retry_after in [
        "18446744073709551615",
        "99999999999999999999999",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        let server =
            server_answering(ResponseTemplate::new(429).insert_header("retry-after", retry_after))
                .await;
        let session = Session::builder(altrata())
            .client(client_for(&server))
            .max_wait(Duration::from_millis(10))
            .build()
            .unwrap();
        let error = session.token().await.unwrap_err();
        match error {
            Error::RateLimited {
                retry_after: Some(wait),
                ..
            } => {
                assert_eq!(wait, auth_runtime::MAX_RETRY_AFTER, "{retry_after}")
            }
            other => panic!("{retry_after}: {other:?}"),
        }
        let again = session.token().await.unwrap_err();
        assert!(matches!(again, Error::MustWait { .. }), "{again:?}");
    }
}

// Defect 6: a lost refresh answer never resends a spent refresh token.

#[tokio::test]
async fn a_refresh_that_timed_out_is_not_resent_and_a_code_flow_says_the_outcome_is_unknown() {
    let rotated = json_response(200, r#"{"access_token": "new", "refresh_token": "r2"}"#)
        .set_delay(Duration::from_secs(2));
    let server = server_answering(rotated).await;
    let session = session_holding(tali(), impatient_client(&server), due_token("r1"));

    let error = session.renew().await.unwrap_err();
    assert!(
        matches!(error, Error::RenewalOutcomeUnknown { .. }),
        "{error:?}"
    );
    assert!(!error.is_transient());
    assert_eq!(requests_with(&server, "\"refresh_token\":\"r1\"").await, 1);

    for _ in 0..3 {
        let later = session.renew().await.unwrap_err();
        assert!(
            matches!(later, Error::ReauthorizationRequired { .. }),
            "{later:?}"
        );
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "the spent refresh token was sent again"
    );
}

#[tokio::test]
async fn a_502_after_a_refresh_falls_back_to_a_login_where_the_grant_allows_one() {
    let server = MockServer::start().await;
    Mock::given(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    Mock::given(body_string_contains("grant_type=client_credentials"))
        .respond_with(json_response(
            200,
            r#"{"access_token": "fresh", "expires_in": 3600}"#,
        ))
        .mount(&server)
        .await;
    let store = Arc::new(MemoryStore::new());
    let session = Session::builder(talkdesk())
        .client(client_for(&server))
        .token(due_token("r1"))
        .store(store.clone())
        .retries(2, Duration::from_millis(1))
        .build()
        .unwrap();

    let token = session.renew().await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "fresh");
    assert_eq!(requests_with(&server, "refresh_token=r1").await, 1);
    assert_eq!(
        requests_with(&server, "grant_type=client_credentials").await,
        1
    );
    let stored = store.load(session.store_key()).await.unwrap().unwrap();
    assert_eq!(stored.token.access_token.expose_secret(), "fresh");
    assert!(stored.token.refresh_token.is_none(), "the spent r1 is kept");
}

#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://login.example.com/token"
)]
#[oauth(
    authorize_endpoint = "https://login.example.com/authorize",
    refresh_reuse = "allowed",
    pkce = "none"
)]
/// A code flow whose provider takes a refresh token twice and rejects PKCE.
struct Lenient {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(redirect_uri)]
    redirect_uri: String,
}

#[tokio::test]
async fn a_declared_reusable_refresh_token_is_retried_after_a_502() {
    let server = server_answering_first(
        1,
        ResponseTemplate::new(502),
        json_response(200, r#"{"access_token": "fresh"}"#),
    )
    .await;
    let provider = Lenient {
        client_id: "cid".into(),
        redirect_uri: "https://app.example/cb".into(),
    };
    let session = session_holding(provider, client_for(&server), due_token("r1"));
    let token = session.renew().await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "fresh");
    assert_eq!(requests_with(&server, "refresh_token=r1").await, 2);
}

#[tokio::test]
async fn a_refused_connection_keeps_the_refresh_token() {
    // Nothing listens on this port: the refresh never left, so it may be sent again.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let session = session_holding(
        tali(),
        client_at(&format!("http://127.0.0.1:{port}")),
        due_token("r1"),
    );
    let error = session.renew().await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.is_transient());
    // The refresh token is kept: a later attempt may still use it.
    let again = session.renew().await.unwrap_err();
    assert!(matches!(again, Error::Transport { .. }), "{again:?}");
}

// Defect 7: a rejected refresh token is dropped at once, here and in the store.

#[tokio::test]
async fn a_rejected_refresh_token_is_sent_once_and_dropped_from_session_and_store() {
    let server = server_answering(json_response(
        400,
        r#"{"error": "invalid_grant", "error_description": "revoked"}"#,
    ))
    .await;
    let store = Arc::new(MemoryStore::new());
    let session = Session::builder(tali())
        .client(client_for(&server))
        .token(due_token("r1"))
        .store(store.clone())
        .build()
        .unwrap();
    for _ in 0..5 {
        let error = session.renew().await.unwrap_err();
        assert!(
            matches!(error, Error::ReauthorizationRequired { .. }),
            "{error:?}"
        );
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let stored = store.load(session.store_key()).await.unwrap().unwrap();
    assert!(
        stored.token.refresh_token.is_none(),
        "the store still holds it"
    );
}

// Defect 9: a token that is not a header value is refused when the response is read.

#[tokio::test]
async fn a_token_that_would_break_a_header_is_a_parse_error() {
    for body in [
        r#"{"access_token": "abc\r\nX-Evil: 1"}"#,
        r#"{"access_token": "abc def"}"#,
        r#"{"access_token": "tökén"}"#,
        r#"{"access_token": "abc", "token_type": "Bearer\r\nX-Evil: 1"}"#,
        r#"{"access_token": "abc", "refresh_token": "r\n1"}"#,
    ] {
        let server = server_answering(json_response(200, body)).await;
        let error = client_for(&server).login(&altrata()).await.unwrap_err();
        assert!(matches!(error, Error::Parse { .. }), "{body}: {error:?}");
    }
}

// Defect 16: media types are case-insensitive.

#[tokio::test]
async fn a_form_answer_is_read_whatever_the_case_of_its_media_type() {
    for content_type in [
        "APPLICATION/X-WWW-FORM-URLENCODED",
        "Application/x-www-form-urlencoded; charset=UTF-8",
    ] {
        let server = server_answering(
            ResponseTemplate::new(200)
                .set_body_raw("access_token=form-token&token_type=bearer", content_type),
        )
        .await;
        let token = client_for(&server).login(&altrata()).await.unwrap();
        assert_eq!(
            token.access_token().expose_secret(),
            "form-token",
            "{content_type}"
        );
    }
}

// Defect 17: HTTP Basic credentials are form-encoded first (RFC 6749 section 2.3.1).

#[tokio::test]
async fn basic_credentials_are_form_encoded_before_base64_unless_declared_raw() {
    let server = server_answering(json_response(200, r#"{"access_token": "a"}"#)).await;
    let spotify = Spotify {
        client_id: "id:with space".into(),
        client_secret: SecretString::from("s+cr%t/é"),
    };
    client_for(&server).login(&spotify).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some(basic("id%3Awith+space", "s%2Bcr%25t%2F%C3%A9"))
    );

    let server = server_answering(json_response(200, r#"{"access_token": "a"}"#)).await;
    let altrata = Altrata {
        username: "user+1".into(),
        password: SecretString::from("p%w d"),
        api_key: SecretString::from("k"),
    };
    client_for(&server).login(&altrata).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some(basic("user+1", "p%w d")),
        "Altrata declares basic_encoding = \"raw\""
    );
}

#[tokio::test]
async fn a_session_answer_is_scrubbed_of_the_tokens_it_holds() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(
            400,
            r#"{"error": "invalid_request", "error_description": "refresh r1-held-refresh for held-access refused"}"#,
        ))
        .mount(&server)
        .await;
    let session = session_holding(
        talkdesk(),
        client_for(&server),
        due_token("r1-held-refresh"),
    );
    let error = session.renew().await.unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(
            !text.contains("r1-held-refresh") && !text.contains("held-access"),
            "{text}"
        );
        assert!(
            text.contains("refused"),
            "the rest of the message is kept: {text}"
        );
    }
}

// Defect 11: PKCE is the default of every code flow; opting out is a word the reader sees.

#[test]
fn a_code_flow_sends_pkce_unless_declared_none() {
    let has_challenge = |url: &url::Url| url.query_pairs().any(|(k, _)| k == "code_challenge");
    let client = Client::new().unwrap();
    let options =
        || auth_runtime::AuthorizeOptions::default().redirect_uri("http://127.0.0.1:9/cb");
    let tali = client.authorize_url(&tali(), options()).unwrap();
    assert!(has_challenge(tali.url()), "{}", tali.url());
    let talkdesk = client.authorize_url(&talkdesk(), options()).unwrap();
    assert!(has_challenge(talkdesk.url()), "{}", talkdesk.url());
    let provider = Lenient {
        client_id: "cid".into(),
        redirect_uri: "https://app.example/cb".into(),
    };
    let without = client.authorize_url(&provider, options()).unwrap();
    assert!(!has_challenge(without.url()), "{}", without.url());
    use auth_runtime::Pkce;
    assert_eq!(
        [
            Lenient::INFO.pkce(),
            Tali::INFO.pkce(),
            Talkdesk::INFO.pkce()
        ],
        [Pkce::None, Pkce::S256, Pkce::S256]
    );
}
