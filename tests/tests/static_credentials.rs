//! Static credentials (`grant = "api_key"`, `grant = "basic"`) and where API calls carry a
//! credential (`auth_header`, `auth_format`, `auth_query`, headers written out): the exact
//! requests over loopback, through the client, a session and the emulator; nothing is ever
//! sent to a token endpoint, stored, renewed or retried; no key reaches a log or an error.

use auth_runtime::testkit::Emulator;
use auth_runtime::{
    AuthPlace, Error, ExposeSecret, MemoryStore, Provider, SecretString, Session, TokenStore,
    Validity,
};
use auth_tests::capture::{capture, secret_forms};
use auth_tests::*;

/// An API key in a header of its own, with a fixed version header and one from a setting.
#[derive(Provider, Clone)]
#[oauth(grant = "api_key", auth_header = "X-Api-Key")]
#[oauth(
    api_base = "https://api.example.com/v2",
    validity_endpoint = "https://api.example.com/v2/me"
)]
#[oauth(
    api_header = "Example-Version: 2024-01-01",
    api_header = "X-Account: acct-{account}"
)]
struct HeaderKey {
    #[oauth(api_key)]
    key: SecretString,
    account: String,
}

/// An API key in `Authorization` with the provider's own scheme.
#[derive(Provider, Clone)]
#[oauth(grant = "api_key", auth_format = "Token token={token}")]
#[oauth(api_base = "https://api.example.com")]
struct SchemeKey {
    #[oauth(api_key)]
    key: SecretString,
}

/// An API key that the provider requires in the query.
#[derive(Provider, Clone)]
#[oauth(
    grant = "api_key",
    auth_query = "api_token",
    api_base = "https://api.example.com/v1"
)]
struct QueryKey {
    #[oauth(api_key)]
    key: SecretString,
}

/// HTTP Basic from a user name and password.
#[derive(Provider, Clone)]
#[oauth(grant = "basic", api_base = "https://{subdomain}.example.com/api/v2")]
#[oauth(validity_endpoint = "https://{subdomain}.example.com/api/v2/users/me")]
struct TwoFields {
    subdomain: String,
    #[oauth(username)]
    email: String,
    #[oauth(password)]
    token: SecretString,
}

/// HTTP Basic with a key as the user name and no password, as payment APIs take it.
#[derive(Provider, Clone)]
#[oauth(grant = "basic", api_base = "https://api.example.com/v1")]
struct KeyAsUser {
    #[oauth(username)]
    secret_key: SecretString,
}

/// An OAuth provider whose API wants the token in a header of its own, with no scheme.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://shop.example.com/oauth/token"
)]
#[oauth(client_auth = "body", api_base = "https://shop.example.com/admin")]
#[oauth(auth_header = "X-Shop-Access-Token")]
struct CustomHeaderOAuth {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

/// An OAuth provider whose API wants `Bearer` whatever the token type says.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://chat.example.com/oauth/token"
)]
#[oauth(client_auth = "body", api_base = "https://chat.example.com/api")]
#[oauth(auth_format = "Bearer {token}")]
struct SchemeOverride {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

const KEY: &str = "k3y+/=Q~live_51";

fn header_key() -> HeaderKey {
    HeaderKey {
        key: SecretString::from(KEY),
        account: "42".into(),
    }
}

async fn api_server() -> wiremock::MockServer {
    server_answering(json_response(200, r#"{"ok": true}"#)).await
}

#[tokio::test]
async fn an_api_key_goes_in_its_header_with_the_written_headers_and_nothing_else() {
    let server = api_server().await;
    let session = Session::builder(header_key())
        .client(client_for(&server))
        .build()
        .unwrap();
    let url = format!("{}/v2/things?page=2", server.uri());
    let response = session
        .send(session.client().http().get(url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let seen = only_request(&server).await;
    assert_eq!(seen.url.path(), "/v2/things");
    assert_eq!(seen.url.query(), Some("page=2"));
    assert_eq!(header(&seen, "x-api-key").as_deref(), Some(KEY));
    assert_eq!(
        header(&seen, "example-version").as_deref(),
        Some("2024-01-01")
    );
    assert_eq!(header(&seen, "x-account").as_deref(), Some("acct-42"));
    assert_eq!(header(&seen, "authorization"), None);
}

#[tokio::test]
async fn a_static_key_is_never_expired_never_renewed_and_never_stored() {
    let server = api_server().await;
    let store = std::sync::Arc::new(MemoryStore::new());
    let session = Session::builder(header_key())
        .client(client_for(&server))
        .store(store.clone())
        .build()
        .unwrap();
    let token = session.token().await.unwrap();
    assert!(token.never_expires() && !token.is_expired());
    assert_eq!(token.lifetime(), None);
    assert!(token.refresh_token().is_none());
    assert_eq!(token.access_token().expose_secret(), KEY);
    assert!(
        store.load(session.store_key()).await.unwrap().is_none(),
        "a key from the settings is not written anywhere"
    );
    let renewed = session.renew().await.unwrap();
    assert_eq!(renewed.access_token().expose_secret(), KEY);
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "no token endpoint was ever called"
    );
}

#[tokio::test]
async fn a_401_to_a_static_key_is_the_answer_not_a_retry() {
    let server = server_answering(json_response(401, r#"{"error": "bad key"}"#)).await;
    let session = Session::builder(header_key())
        .client(client_for(&server))
        .build()
        .unwrap();
    let url = format!("{}/v2/things", server.uri());
    let response = session
        .send(session.client().http().get(url))
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_provider_s_scheme_wraps_the_key() {
    let server = api_server().await;
    let client = client_for(&server);
    let provider = SchemeKey {
        key: SecretString::from(KEY),
    };
    let token = client.login(&provider).await.unwrap();
    let url = format!("{}/incidents", server.uri());
    client
        .authorize(&provider, &token, client.http().get(url))
        .unwrap()
        .send()
        .await
        .unwrap();
    let seen = only_request(&server).await;
    let expected = format!("Token token={KEY}");
    assert_eq!(header(&seen, "authorization"), Some(expected));
}

#[tokio::test]
async fn a_key_required_in_the_query_is_added_there_and_never_logged() {
    let (log, _guard) = capture();
    let server = server_answering(json_response(500, "<html>down</html>")).await;
    let provider = QueryKey {
        key: SecretString::from(KEY),
    };
    let session = Session::builder(provider)
        .client(client_for(&server))
        .build()
        .unwrap();
    let url = format!("{}/v1/deals?limit=5", server.uri());
    session
        .send(session.client().http().get(url))
        .await
        .unwrap();
    let seen = only_request(&server).await;
    let pairs: Vec<(String, String)> = seen.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [
            ("limit".into(), "5".into()),
            ("api_token".into(), KEY.into())
        ]
    );
    assert_eq!(header(&seen, "authorization"), None);
    assert!(matches!(
        QueryKey::INFO.api_auth().place(),
        AuthPlace::Query("api_token")
    ));
    // `authctl header` has no header to print for it: a typed error, not a wrong header.
    let token = session.token().await.unwrap();
    let error = session
        .client()
        .api_headers(session.provider(), &token)
        .unwrap_err();
    assert!(matches!(error, Error::Unsupported { .. }), "{error:?}");
    let text = log.text();
    for form in secret_forms(KEY) {
        assert!(!text.contains(&form), "the key leaked into the log: {form}");
    }
}

#[tokio::test]
async fn basic_from_two_fields_fills_the_host_and_checks_validity() {
    let server = api_server().await;
    let provider = TwoFields {
        subdomain: "acme".into(),
        email: "agent@acme.example".into(),
        token: SecretString::from("t0ken/x"),
    };
    let session = Session::builder(provider)
        .client(client_for(&server))
        .build()
        .unwrap();
    assert_eq!(session.check_validity().await.unwrap(), Validity::Valid);
    let seen = only_request(&server).await;
    assert_eq!(seen.url.path(), "/api/v2/users/me");
    assert_eq!(
        header(&seen, "authorization"),
        Some(basic_raw("agent@acme.example", "t0ken/x"))
    );
}

#[tokio::test]
async fn a_key_as_the_user_name_has_an_empty_password() {
    let server = api_server().await;
    let client = client_for(&server);
    let provider = KeyAsUser {
        secret_key: SecretString::from("sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
    };
    let token = client.login(&provider).await.unwrap();
    let url = format!("{}/v1/charges", server.uri());
    client
        .authorize(&provider, &token, client.http().get(url))
        .unwrap()
        .send()
        .await
        .unwrap();
    let seen = only_request(&server).await;
    assert_eq!(
        header(&seen, "authorization"),
        Some(basic_raw("sk_test_4eC39HqLyjWDarjtT1zdp7dc", ""))
    );
    assert_eq!(KeyAsUser::INFO.token_endpoint(), None);
    assert_eq!(KeyAsUser::INFO.encoding(), None);
    // The key is a secret: it is not part of who the session is.
    assert_eq!(provider.identity_for_test(), "");
}

#[tokio::test]
async fn an_oauth_token_can_go_in_a_custom_header_or_under_another_scheme() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "shpat_1", "token_type": "bot", "scope": "read"}"#,
    ))
    .await;
    let client = client_for(&server);
    let custom = CustomHeaderOAuth {
        client_id: "id".into(),
        client_secret: SecretString::from("secret"),
    };
    let token = client.login(&custom).await.unwrap();
    let headers = client.api_headers(&custom, &token).unwrap();
    assert_eq!(headers.get("x-shop-access-token").unwrap(), "shpat_1");
    assert!(headers.get("authorization").is_none());
    assert!(headers.get("x-shop-access-token").unwrap().is_sensitive());

    let scheme = SchemeOverride {
        client_id: "id".into(),
        client_secret: SecretString::from("secret"),
    };
    let token = client.login(&scheme).await.unwrap();
    assert_eq!(token.token_type(), "bot");
    let headers = client.api_headers(&scheme, &token).unwrap();
    assert_eq!(headers.get("authorization").unwrap(), "Bearer shpat_1");
}

#[tokio::test]
async fn the_emulator_accepts_the_key_where_declared_and_refuses_others() {
    let emulator = Emulator::start(header_key()).await.unwrap();
    let session = Session::builder(header_key())
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    assert_eq!(session.check_validity().await.unwrap(), Validity::Valid);
    let url = emulator.url("/v2/things");
    let ok = session
        .send(session.client().http().get(&url))
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(emulator.issued(), 0, "nothing was issued");

    let wrong = HeaderKey {
        key: SecretString::from("not-the-key"),
        account: "42".into(),
    };
    let stranger = Session::builder(wrong)
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    assert!(matches!(
        stranger.check_validity().await.unwrap(),
        Validity::Invalid { .. }
    ));
    let refused = stranger
        .send(stranger.client().http().get(&url))
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    let query = QueryKey {
        key: SecretString::from(KEY),
    };
    let emulator = Emulator::start(query.clone()).await.unwrap();
    let session = Session::builder(query)
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    let url = emulator.url("/v1/deals");
    let ok = session
        .send(session.client().http().get(&url))
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[test]
fn an_unset_or_malformed_key_is_a_typed_error_that_does_not_show_it() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = auth_runtime::Client::new().unwrap();
    let provider = SchemeKey {
        key: SecretString::from("two words"),
    };
    let error = runtime.block_on(client.login(&provider)).unwrap_err();
    assert!(matches!(
        error,
        Error::InvalidSetting {
            setting: "api_key",
            ..
        }
    ));
    assert!(!format!("{error} {error:?}").contains("two words"));
}

/// `identity()` is generated; tests reach it through the store key.
trait IdentityForTest {
    fn identity_for_test(&self) -> String;
}

impl<P: Provider + Clone> IdentityForTest for P {
    fn identity_for_test(&self) -> String {
        Session::new(self.clone())
            .unwrap()
            .store_key()
            .identity
            .clone()
    }
}

/// `Basic base64(user:password)`, as given.
fn basic_raw(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// A validity endpoint that echoes HTTP Basic's halves in its refusal gets neither into the
/// error.
#[tokio::test]
async fn an_echoed_basic_password_is_scrubbed_from_the_validity_error() {
    let server = server_answering(json_response(
        500,
        r#"{"error": "no user agent@acme.example with password t0ken-secret-9"}"#,
    ))
    .await;
    let provider = TwoFields {
        subdomain: "acme".into(),
        email: "agent@acme.example".into(),
        token: SecretString::from("t0ken-secret-9"),
    };
    let session = Session::builder(provider)
        .client(client_for(&server))
        .build()
        .unwrap();
    let error = session.check_validity().await.unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(!text.contains("t0ken-secret-9"), "{text}");
}
