//! Token exchange (RFC 8693): the subject token (and an actor token) posted with their types,
//! the audience, resource and requested type as declared, over real HTTP on loopback; Google's
//! STS as declared in the provider crate; the emulator, which takes exactly the subject token
//! it was started with; and a session chained on another session, whose token is its subject.

use auth_runtime::testkit::Emulator;
use auth_runtime::{Error, ExposeSecret, Provider, SecretString};
use auth_tests::*;
use providers::GoogleSts;

const EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN: &str = "urn:ietf:params:oauth:token-type:access_token";
const JWT: &str = "urn:ietf:params:oauth:token-type:jwt";

/// A security token service, declared with every word of the grant.
#[derive(Provider, Clone)]
#[oauth(
    grant = "token_exchange",
    encoding = "form",
    endpoint = "https://sts.example.com/oauth2/token"
)]
#[oauth(
    client_auth = "basic",
    subject_token_type = "urn:ietf:params:oauth:token-type:jwt"
)]
#[oauth(param = "requested_token_type=urn:ietf:params:oauth:token-type:access_token")]
struct Sts {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(subject_token)]
    subject: SecretString,
    #[oauth(actor_token)]
    actor: Option<SecretString>,
    #[oauth(param)]
    audience: Option<String>,
    #[oauth(param)]
    resource: Option<String>,
}

fn sts(actor: Option<&str>) -> Sts {
    Sts {
        client_id: "gateway".into(),
        client_secret: SecretString::from("gateway-secret"),
        subject: SecretString::from("eyJ.subject.jwt"),
        actor: actor.map(SecretString::from),
        audience: Some("https://backend.example.com".into()),
        resource: None,
    }
}

fn google() -> GoogleSts {
    GoogleSts {
        audience: "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/providers/github".into(),
        subject_token: SecretString::from("eyJ.github.oidc"),
        scope: "https://www.googleapis.com/auth/cloud-platform".into(),
    }
}

#[tokio::test]
async fn the_subject_and_actor_tokens_go_with_their_types_and_the_declared_parameters() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "exchanged", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token", "token_type": "Bearer", "expires_in": 60}"#,
    ))
    .await;
    let token = client_for(&server)
        .login(&sts(Some("eyJ.actor")))
        .await
        .unwrap();
    assert_eq!(token.access_token().expose_secret(), "exchanged");
    assert_eq!(
        token.extra("issued_token_type").and_then(|v| v.as_str()),
        Some(ACCESS_TOKEN)
    );
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some(basic("gateway", "gateway-secret"))
    );
    assert_eq!(
        form_pairs(&request),
        pairs(&[
            ("grant_type", EXCHANGE),
            ("subject_token", "eyJ.subject.jwt"),
            ("subject_token_type", JWT),
            ("actor_token", "eyJ.actor"),
            ("actor_token_type", ACCESS_TOKEN),
            ("requested_token_type", ACCESS_TOKEN),
            ("audience", "https://backend.example.com"),
        ])
    );
}

#[tokio::test]
async fn google_sts_exchanges_an_external_jwt_without_client_authentication() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "ya29.federated", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token", "token_type": "Bearer", "expires_in": 3599}"#,
    ))
    .await;
    client_for(&server).login(&google()).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/token");
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        form_pairs(&request),
        pairs(&[
            ("grant_type", EXCHANGE),
            ("subject_token", "eyJ.github.oidc"),
            ("subject_token_type", JWT),
            ("requested_token_type", ACCESS_TOKEN),
            ("audience", "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/providers/github"),
            ("scope", "https://www.googleapis.com/auth/cloud-platform"),
        ])
    );
}

#[tokio::test]
async fn a_refused_exchange_is_a_typed_error_that_never_quotes_the_subject_token() {
    let server = server_answering(json_response(
        400,
        r#"{"error": "invalid_target", "error_description": "no such audience for eyJ.subject.jwt"}"#,
    ))
    .await;
    let error = client_for(&server).login(&sts(None)).await.unwrap_err();
    assert_eq!(
        error.oauth_code().map(|c| c.as_str().to_owned()),
        Some("invalid_target".to_owned())
    );
    assert!(!format!("{error} {error:?}").contains("eyJ.subject.jwt"));
}

#[tokio::test]
async fn the_emulator_takes_the_subject_token_it_was_started_with_and_no_other() {
    let emulator = Emulator::start(sts(None)).await.unwrap();
    let client = emulator.client().unwrap();
    client.login(&sts(None)).await.unwrap();
    let mut other = sts(None);
    other.subject = SecretString::from("eyJ.someone.else");
    let error = client.login(&other).await.unwrap_err();
    assert!(matches!(error, Error::OAuth { .. }), "{error:?}");
    let emulator = Emulator::start(google()).await.unwrap();
    emulator.client().unwrap().login(&google()).await.unwrap();
}

/// A security token service that exchanges any subject but the refused ones for
/// `x-SUBJECT`, good for an hour, and remembers the subjects it was given.
#[derive(Clone, Default)]
struct Exchanger {
    subjects: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    refused: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Exchanger {
    fn subjects(&self) -> Vec<String> {
        self.subjects.lock().unwrap().clone()
    }

    fn refuse(&self, subject: &str) {
        self.refused.lock().unwrap().push(subject.to_owned());
    }
}

impl wiremock::Respond for Exchanger {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let form = form_pairs(request);
        let subject = form
            .iter()
            .find(|(name, _)| name == "subject_token")
            .map(|(_, value)| value.clone())
            .unwrap_or_default();
        self.subjects.lock().unwrap().push(subject.clone());
        if self.refused.lock().unwrap().contains(&subject) {
            return json_response(400, r#"{"error": "invalid_grant"}"#);
        }
        json_response(
            200,
            &format!(
                r#"{{"access_token": "x-{subject}", "issued_token_type": "{ACCESS_TOKEN}", "token_type": "Bearer", "expires_in": 3600}}"#
            ),
        )
    }
}

async fn serving(responder: impl wiremock::Respond + 'static) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

fn iadvize() -> providers::IAdvize {
    providers::IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("pw"),
    }
}

/// An iAdvize session on `upstream`, and a token exchange on `sts` chained on it, both on
/// tokio's paused clock.
fn chain_on(
    upstream: &wiremock::MockServer,
    sts_server: &wiremock::MockServer,
) -> auth_runtime::Session<Sts> {
    let upstream = auth_runtime::Session::builder(iadvize())
        .client(paused_clock_client_for(upstream))
        .build()
        .unwrap();
    auth_runtime::Session::builder(sts(None))
        .client(paused_clock_client_for(sts_server))
        .subject_from(upstream)
        .build()
        .unwrap()
}

/// An upstream session issuing `t1`, `t2`, … that live `lifetime` seconds, and a token
/// exchange chained on it, each with its own server, on tokio's paused clock.
async fn chained(
    lifetime: u64,
) -> (
    Issuer,
    Exchanger,
    auth_runtime::Session<Sts>,
    Vec<wiremock::MockServer>,
) {
    let issuer = Issuer::new(lifetime, false);
    let exchanger = Exchanger::default();
    let (upstream_server, sts_server) = (
        serving(issuer.clone()).await,
        serving(exchanger.clone()).await,
    );
    let session = chain_on(&upstream_server, &sts_server);
    (
        issuer,
        exchanger,
        session,
        vec![upstream_server, sts_server],
    )
}

#[tokio::test(start_paused = true)]
async fn a_chained_exchange_presents_the_other_sessions_token_not_its_field() {
    let (issuer, exchanger, session, _servers) = chained(600).await;
    let token = session.token().await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "x-t1");
    assert_eq!(exchanger.subjects(), ["t1"]);
    assert_eq!(issuer.issued(), 1);
    // Cached: neither session sends anything more.
    session.token().await.unwrap();
    assert_eq!((issuer.issued(), exchanger.subjects().len()), (1, 1));
}

#[tokio::test(start_paused = true)]
async fn a_chained_token_expires_with_its_subject_and_both_renew() {
    let (issuer, exchanger, session, _servers) = chained(120).await;
    let token = session.token().await.unwrap();
    assert!(
        token.time_left() <= std::time::Duration::from_secs(120),
        "the hour the exchange announced is cut to its subject's two minutes: {token:?}"
    );
    // Past the subject's renewal point (its margin is 60 s): the chained session renews, and
    // its subject is renewed first.
    tokio::time::advance(std::time::Duration::from_secs(61)).await;
    let renewed = session.token().await.unwrap();
    assert_eq!(renewed.access_token().expose_secret(), "x-t2");
    assert_eq!(exchanger.subjects(), ["t1", "t2"]);
    assert_eq!(issuer.issued(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_chained_session_renews_a_subject_the_exchange_refuses_and_tries_once_more() {
    let (issuer, exchanger, session, _servers) = chained(3600).await;
    exchanger.refuse("t1");
    let token = session.token().await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "x-t2");
    assert_eq!(exchanger.subjects(), ["t1", "t2"]);
    assert_eq!(issuer.issued(), 2);
    // A subject refused, renewed and refused again is the exchange's error, not a loop.
    exchanger.refuse("t2");
    exchanger.refuse("t3");
    let error = session.renew().await.unwrap_err();
    assert_eq!(
        error.oauth_code().map(|c| c.as_str().to_owned()),
        Some("invalid_grant".to_owned())
    );
    assert_eq!(exchanger.subjects(), ["t1", "t2", "t2", "t3"]);
    assert_eq!(issuer.issued(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_chained_session_passes_on_its_subjects_failure() {
    let exchanger = Exchanger::default();
    let sts_server = serving(exchanger.clone()).await;
    let dead = serving(json_response(401, r#"{"error": "invalid_grant"}"#)).await;
    let session = chain_on(&dead, &sts_server);
    let error = session.token().await.unwrap_err();
    assert!(matches!(error, Error::OAuth { .. }), "{error:?}");
    assert!(
        exchanger.subjects().is_empty(),
        "nothing is exchanged without a subject"
    );
}
