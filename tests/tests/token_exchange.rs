//! Token exchange (RFC 8693): the subject token (and an actor token) posted with their types,
//! the audience, resource and requested type as declared, over real HTTP on loopback; Google's
//! STS as declared in the provider crate; and the emulator, which takes exactly the subject
//! token it was started with.

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

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
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
