//! Signed client assertions (RFC 7523, `private_key_jwt`): what goes on the wire, and the JWT
//! decoded and checked with the public key.

use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};

use auth_runtime::{Error, Provider, SecretString};
use auth_tests::*;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use providers::{TalkdeskApp, TalkdeskRegion};

const RSA_KEY: &str = include_str!("../keys/rsa.pem");
const RSA_PUBLIC: &str = include_str!("../keys/rsa.pub.pem");
const EC_KEY: &str = include_str!("../keys/ec.pem");
const EC_PUBLIC: &str = include_str!("../keys/ec.pub.pem");

fn app(key: &str) -> TalkdeskApp {
    TalkdeskApp {
        account: "acme".into(),
        region: TalkdeskRegion::Us,
        client_id: "marketplace-app".into(),
        private_key: SecretString::from(key),
        scope: Some("users:read".into()),
    }
}

/// The same app signing with ES256, declared as a user would.
#[derive(Provider)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://login.example.com/oauth/token"
)]
#[oauth(client_auth = "private_key_jwt", assertion_alg = "ES256")]
struct EcApp {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(private_key)]
    private_key: SecretString,
}

#[derive(serde::Deserialize, Debug)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    iat: u64,
    exp: u64,
    jti: String,
}

fn decode(jwt: &str, public_pem: &str, algorithm: Algorithm, audience: &str) -> Claims {
    let key = match algorithm {
        Algorithm::RS256 => DecodingKey::from_rsa_pem(public_pem.as_bytes()).unwrap(),
        _ => DecodingKey::from_ec_pem(public_pem.as_bytes()).unwrap(),
    };
    let mut validation = Validation::new(algorithm);
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    jsonwebtoken::decode::<Claims>(jwt, &key, &validation)
        .unwrap()
        .claims
}

#[tokio::test]
async fn the_token_request_carries_a_signed_assertion_and_no_secret() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "a", "expires_in": 600}"#,
    ))
    .await;
    client_for(&server).login(&app(RSA_KEY)).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        None,
        "no Basic: the assertion replaces it"
    );
    let pairs = form_pairs(&request);
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "grant_type",
            "client_assertion_type",
            "client_id",
            "scope",
            "client_assertion"
        ]
    );
    assert_eq!(
        pairs[1].1,
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );

    let audience = format!("{}/oauth/token", server.uri());
    let claims = decode(&pairs[4].1, RSA_PUBLIC, Algorithm::RS256, &audience);
    assert_eq!(claims.iss, "marketplace-app");
    assert_eq!(claims.sub, "marketplace-app");
    assert_eq!(
        claims.aud, audience,
        "aud is the token endpoint the request went to"
    );
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(claims.iat <= now && claims.iat + 5 >= now);
    assert_eq!(claims.exp - claims.iat, 60, "short-lived");
    assert!(claims.jti.len() >= 20);
}

#[tokio::test]
async fn every_assertion_has_a_unique_jti() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "a", "expires_in": 600}"#,
    ))
    .await;
    let client = client_for(&server);
    for _ in 0..5 {
        client.login(&app(RSA_KEY)).await.unwrap();
    }
    let audience = format!("{}/oauth/token", server.uri());
    let jtis: HashSet<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| decode(&form_pairs(r)[4].1, RSA_PUBLIC, Algorithm::RS256, &audience).jti)
        .collect();
    assert_eq!(jtis.len(), 5);
}

#[tokio::test]
async fn es256_assertions_verify_with_the_ec_public_key() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "a", "expires_in": 600}"#,
    ))
    .await;
    let provider = EcApp {
        client_id: "ec-app".into(),
        private_key: SecretString::from(EC_KEY),
    };
    client_for(&server).login(&provider).await.unwrap();
    let pairs = form_pairs(&only_request(&server).await);
    let jwt = &pairs
        .iter()
        .find(|(k, _)| k == "client_assertion")
        .unwrap()
        .1;
    let claims = decode(
        jwt,
        EC_PUBLIC,
        Algorithm::ES256,
        &format!("{}/oauth/token", server.uri()),
    );
    assert_eq!(claims.iss, "ec-app");
    let header = jsonwebtoken::decode_header(jwt).unwrap();
    assert_eq!(header.alg, Algorithm::ES256);
}

#[tokio::test]
async fn a_key_that_is_not_a_pem_key_is_an_invalid_setting_and_is_not_echoed() {
    let server = server_answering(json_response(200, "{}")).await;
    let error = client_for(&server)
        .login(&app("not a key at all"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidSetting {
                setting: "private_key",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(!error.to_string().contains("not a key at all"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn debug_does_not_show_the_private_key() {
    let shown = format!("{:?}", app(RSA_KEY));
    assert!(!shown.contains("PRIVATE KEY"), "{shown}");
}
