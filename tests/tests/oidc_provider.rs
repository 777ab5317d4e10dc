//! The flows against a real, standards-complete authorization server (oidc-provider, started
//! on loopback by the test), declared as annotated structs the way a user adds a provider.

use auth_runtime::{
    AuthorizeOptions, Client, Error, ExposeSecret, LoopbackListener, OAuthErrorCode, Provider,
    SecretString, Session,
};
use auth_tests::oidc::{Browser, OidcServer};
use auth_tests::servers::TestCa;

/// oidc-provider's native client: code flow with PKCE, refresh tokens rotated on every use.
#[derive(Provider, Debug)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "/token")]
#[oauth(
    authorize_endpoint = "/auth",
    pkce = "S256",
    renew = "refresh",
    name = "oidc-native"
)]
struct OidcNative {
    #[oauth(base_url)]
    issuer: String,
    #[oauth(client_id)]
    client_id: String,
    #[oauth(redirect_uri)]
    redirect_uri: Option<String>,
}

/// oidc-provider's confidential client: client credentials with HTTP Basic.
#[derive(Provider, Debug)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "/token")]
#[oauth(client_auth = "basic", name = "oidc-service")]
struct OidcService {
    #[oauth(base_url)]
    issuer: String,
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

/// oidc-provider's client that authenticates with a signed assertion.
#[derive(Provider, Debug)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "/token")]
#[oauth(
    client_auth = "private_key_jwt",
    assertion_alg = "RS256",
    name = "oidc-signed"
)]
struct OidcSigned {
    #[oauth(base_url)]
    issuer: String,
    #[oauth(client_id)]
    client_id: String,
    #[oauth(private_key)]
    private_key: SecretString,
}

/// A token exchange (RFC 8693) at oidc-provider, where the test server registers the grant.
#[derive(Provider, Debug)]
#[oauth(grant = "token_exchange", encoding = "form", endpoint = "/token")]
#[oauth(client_auth = "basic", name = "oidc-exchange")]
struct OidcExchange {
    #[oauth(base_url)]
    issuer: String,
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    /// Unset when the subject comes from another session.
    #[oauth(subject_token)]
    subject_token: Option<SecretString>,
}

/// oidc-provider's `bank` client: client credentials, authenticated by its certificate alone
/// (mutual TLS, RFC 8705), its tokens bound to the certificate.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "/token")]
#[oauth(client_auth = "tls_client_auth", name = "oidc-bank")]
struct OidcBank {
    #[oauth(base_url)]
    issuer: String,
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_certificate)]
    certificate: String,
    #[oauth(client_key)]
    key: SecretString,
}

fn bank(server: &OidcServer, ca: &TestCa, subject: &str) -> OidcBank {
    let (certificate, key) = ca.client_certificate(subject);
    OidcBank {
        issuer: server.issuer.clone(),
        client_id: "bank".into(),
        certificate,
        key: SecretString::from(key),
    }
}

/// A CA made by the test, oidc-provider on https with its server certificate asking clients
/// for one it signed, and a client that trusts the CA.
fn mutual_tls_server() -> (TestCa, OidcServer, Client) {
    let ca = TestCa::new();
    let server = OidcServer::start_tls(&ca);
    let client = Client::builder()
        .add_root_certificate(&ca.root_pem)
        .unwrap()
        .build()
        .unwrap();
    (ca, server, client)
}

/// RFC 8705 section 3.1: the certificate's SHA-256 thumbprint, base64url, as `cnf` names it.
fn thumbprint(certificate_pem: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let body: String = certificate_pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(der))
}

fn exchange(server: &OidcServer, subject_token: Option<&str>) -> OidcExchange {
    OidcExchange {
        issuer: server.issuer.clone(),
        client_id: "exchanger".into(),
        client_secret: SecretString::from("exchanger-secret"),
        subject_token: subject_token.map(SecretString::from),
    }
}

fn service(server: &OidcServer, client_id: &str) -> OidcService {
    OidcService {
        issuer: server.issuer.clone(),
        client_id: client_id.into(),
        client_secret: SecretString::from(format!("{client_id}-secret")),
    }
}

fn native(server: &OidcServer) -> OidcNative {
    OidcNative {
        issuer: server.issuer.clone(),
        client_id: "native".into(),
        redirect_uri: None,
    }
}

#[tokio::test]
async fn the_code_flow_runs_end_to_end_through_the_loopback_listener_and_refreshes_with_rotation() {
    let server = OidcServer::start();
    let client = Client::new().unwrap();
    let listener = LoopbackListener::bind(0).await.unwrap();
    let pending = client
        .authorize_url(
            &native(&server),
            AuthorizeOptions::default()
                .redirect_uri(listener.redirect_uri())
                .scopes(["openid"]),
        )
        .unwrap();
    let authorize_url = pending.url().clone();
    let waiting = tokio::spawn(listener.wait_for(&pending, std::time::Duration::from_secs(30)));

    // The user signs in and consents; the server redirects to our loopback listener.
    let final_page = Browser::default().authorize(&authorize_url, "alice").await;
    assert_eq!(final_page, 200);
    let callback = waiting.await.unwrap().unwrap();
    let code = pending.complete(&callback).unwrap();

    let token = client.exchange_code(&native(&server), code).await.unwrap();
    assert_eq!(token.token_type(), "Bearer");
    assert_eq!(token.scope(), Some("openid"));
    assert!(
        token.extra("id_token").is_some(),
        "openid returns an id_token"
    );
    let first_refresh = token
        .refresh_token()
        .expect("a refresh token")
        .expose_secret()
        .to_owned();

    let session = Session::builder(native(&server))
        .client(client.clone())
        .token(token)
        .build()
        .unwrap();
    let renewed = session.renew().await.unwrap();
    let second_refresh = renewed.refresh_token().unwrap().expose_secret().to_owned();
    assert_ne!(
        second_refresh, first_refresh,
        "the server rotated the refresh token"
    );
    let again = session.renew().await.unwrap();
    assert_ne!(
        again.refresh_token().unwrap().expose_secret(),
        second_refresh
    );

    // The first refresh token was consumed by the rotation: the server refuses it now.
    let reused = client
        .refresh(&native(&server), &SecretString::from(first_refresh))
        .await
        .unwrap_err();
    assert_eq!(
        reused.oauth_code(),
        Some(&OAuthErrorCode::InvalidGrant),
        "{reused:?}"
    );
}

#[tokio::test]
async fn a_confidential_client_gets_a_token_with_client_credentials() {
    let server = OidcServer::start();
    let service = OidcService {
        issuer: server.issuer.clone(),
        client_id: "service".into(),
        client_secret: SecretString::from("service-secret"),
    };
    let session = Session::new(service).unwrap();
    let token = session.token().await.unwrap();
    assert_eq!(token.token_type(), "Bearer");
    assert_eq!(token.lifetime(), Some(std::time::Duration::from_secs(600)));
    assert!(token.refresh_token().is_none());
}

#[tokio::test]
async fn a_wrong_client_secret_is_invalid_client() {
    let server = OidcServer::start();
    let service = OidcService {
        issuer: server.issuer.clone(),
        client_id: "service".into(),
        client_secret: SecretString::from("wrong"),
    };
    let error = Client::new().unwrap().login(&service).await.unwrap_err();
    match &error {
        Error::OAuth { error, .. } => {
            assert_eq!(error.code, "invalid_client");
            assert_eq!(error.status.as_u16(), 401);
        }
        other => panic!("expected invalid_client, got {other:?}"),
    }
    assert!(!error.to_string().contains("wrong"));
}

#[tokio::test]
async fn a_signed_client_assertion_is_accepted() {
    let server = OidcServer::start();
    let signed = OidcSigned {
        issuer: server.issuer.clone(),
        client_id: "signed".into(),
        private_key: SecretString::from(include_str!("../keys/rsa.pem")),
    };
    let token = Client::new().unwrap().login(&signed).await.unwrap();
    assert_eq!(token.lifetime(), Some(std::time::Duration::from_secs(600)));

    let impostor = OidcSigned {
        private_key: SecretString::from(include_str!("../keys/ec.pem")),
        ..signed
    };
    let error = Client::new().unwrap().login(&impostor).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidSetting {
                setting: "private_key",
                ..
            }
        ),
        "an EC key cannot sign RS256: {error:?}"
    );
}

/// oidc-provider's device-flow client (RFC 8628): public, with refresh tokens.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "device_code", encoding = "form", endpoint = "/token")]
#[oauth(device_endpoint = "/device/auth", name = "oidc-device")]
struct OidcDevice {
    #[oauth(base_url)]
    issuer: String,
    #[oauth(client_id)]
    client_id: String,
    #[oauth(scope)]
    scope: Option<String>,
}

#[tokio::test]
async fn the_device_flow_runs_against_a_real_server_approved_or_aborted_by_the_user() {
    let server = OidcServer::start();
    let device_client = OidcDevice {
        issuer: server.issuer.clone(),
        client_id: "device".into(),
        scope: Some("openid".into()),
    };
    let client = Client::new().unwrap();
    let device = client
        .start_device_authorization(&device_client)
        .await
        .unwrap();
    assert!(device.verification_uri().starts_with(&server.issuer));
    assert_eq!(
        device.interval(),
        auth_runtime::DEFAULT_DEVICE_INTERVAL,
        "oidc-provider names no interval: RFC 8628's 5 s"
    );
    let complete = device.verification_uri_complete().unwrap().to_owned();
    let provider = device_client.clone();
    let polling = client.poll_device_authorization(&provider, &device);
    let user = async {
        // The user gets to the page while the client polls (and is told to wait).
        tokio::time::sleep(std::time::Duration::from_secs(6)).await;
        Browser::default()
            .confirm_device(&complete, "alice", true)
            .await
    };
    let (token, _) = tokio::join!(polling, user);
    let token = token.unwrap();
    assert_eq!(token.token_type(), "Bearer");
    let session = Session::builder(device_client.clone())
        .client(client.clone())
        .token(token)
        .build()
        .unwrap();
    session
        .renew()
        .await
        .expect("the device grant's refresh token works");

    let device = client
        .start_device_authorization(&device_client)
        .await
        .unwrap();
    let complete = device.verification_uri_complete().unwrap().to_owned();
    Browser::default()
        .confirm_device(&complete, "bob", false)
        .await;
    let error = client
        .poll_device_authorization(&device_client, &device)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::AuthorizationDenied { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_token_exchange_chained_on_a_session_expires_and_renews_with_its_subject() {
    let server = OidcServer::start();
    let second = std::time::Duration::from_secs(1);
    // The subject's tokens live 4 s at this server; the exchanged ones ten minutes.
    let upstream = Session::builder(service(&server, "brief"))
        .margin(second)
        .build()
        .unwrap();
    let session = Session::builder(exchange(&server, None))
        .subject_from(upstream.clone())
        .margin(second)
        .build()
        .unwrap();
    let first = session.token().await.unwrap();
    let first_subject = upstream.token().await.unwrap();
    assert!(
        first.time_left() <= std::time::Duration::from_secs(4),
        "the exchanged token is cut to its subject's expiry: {first:?}"
    );
    // Past both renewal points: the subject is renewed, and the exchange made again with it
    // (the server refuses an expired subject).
    tokio::time::sleep(std::time::Duration::from_millis(3200)).await;
    let renewed = session.token().await.unwrap();
    let renewed_subject = upstream.token().await.unwrap();
    assert_ne!(
        renewed.access_token().expose_secret(),
        first.access_token().expose_secret()
    );
    assert_ne!(
        renewed_subject.access_token().expose_secret(),
        first_subject.access_token().expose_secret()
    );
    assert!(renewed.time_left() > std::time::Duration::ZERO);
}

#[tokio::test]
async fn a_token_exchange_of_a_token_the_server_never_issued_is_invalid_grant() {
    let server = OidcServer::start();
    let client = Client::new().unwrap();
    let subject = client.login(&service(&server, "service")).await.unwrap();
    let subject = subject.access_token().expose_secret().to_owned();
    let token = client
        .login(&exchange(&server, Some(&subject)))
        .await
        .unwrap();
    assert_eq!(
        token.extra("issued_token_type").and_then(|v| v.as_str()),
        Some("urn:ietf:params:oauth:token-type:access_token")
    );
    let error = client
        .login(&exchange(&server, Some("never-issued")))
        .await
        .unwrap_err();
    assert_eq!(error.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    let error = client.login(&exchange(&server, None)).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::InvalidSetting {
                setting: "subject_token",
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_client_certificate_authenticates_the_client_and_binds_its_token() {
    let (ca, server, client) = mutual_tls_server();
    let bank = bank(&server, &ca, "bank-client");
    let session = Session::builder(bank.clone())
        .client(client.clone())
        .build()
        .unwrap();
    let token = session.token().await.unwrap();
    // The server bound the token to the certificate: its introspection (asked over the same
    // certificate, the client's only credential) names the certificate's thumbprint.
    let introspection = session
        .http()
        .unwrap()
        .post(format!("{}/token/introspection", server.issuer))
        .form(&[
            ("token", token.access_token().expose_secret()),
            ("client_id", "bank"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(introspection.status().as_u16(), 200);
    let body: serde_json::Value =
        serde_json::from_str(&introspection.text().await.unwrap()).unwrap();
    assert_eq!(body["active"], true, "{body}");
    assert_eq!(
        body["cnf"]["x5t#S256"],
        thumbprint(&bank.certificate),
        "{body}"
    );
}

#[tokio::test]
async fn a_certificate_for_another_subject_or_none_is_invalid_client() {
    let (ca, server, client) = mutual_tls_server();
    let someone_else = bank(&server, &ca, "someone-else");
    let error = client.login(&someone_else).await.unwrap_err();
    assert_eq!(
        error.oauth_code(),
        Some(&OAuthErrorCode::InvalidClient),
        "{error:?}"
    );
    // No certificate at all: the same answer.
    let root = reqwest::Certificate::from_pem(ca.root_pem.as_bytes()).unwrap();
    let plain = reqwest::Client::builder()
        .add_root_certificate(root)
        .build()
        .unwrap();
    let response = plain
        .post(format!("{}/token", server.issuer))
        .form(&[("grant_type", "client_credentials"), ("client_id", "bank")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert!(response.text().await.unwrap().contains("invalid_client"));
}
