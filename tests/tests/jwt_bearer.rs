//! The JWT bearer grant (RFC 7523 section 2.1): the signed assertion is the grant. What goes on
//! the wire for Google service accounts and Salesforce's JWT flow, each assertion decoded and
//! verified with the public key; a declaration with every word of the vocabulary (ES256,
//! constant and typed claims, `kid`, a declared audience and lifetime); Google's key file as
//! one setting; and the emulator, which verifies what a server verifies and refuses the rest.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use auth_runtime::testkit::Emulator;
use auth_runtime::{Error, ExposeSecret, Provider, SecretString, Session};
use auth_tests::*;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use providers::{GoogleServiceAccount, SalesforceEnvironment, SalesforceJwt};
use serde_json::{json, Value};

const RSA_KEY: &str = include_str!("../keys/rsa.pem");
const RSA_PUBLIC: &str = include_str!("../keys/rsa.pub.pem");
const OTHER_RSA_KEY: &str = include_str!("../keys/rsa-other.pem");
const EC_KEY: &str = include_str!("../keys/ec.pem");
const EC_PUBLIC: &str = include_str!("../keys/ec.pub.pem");
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";

fn google(subject: Option<&str>) -> GoogleServiceAccount {
    GoogleServiceAccount {
        client_email: "robot@acme-project.iam.gserviceaccount.com".into(),
        private_key: SecretString::from(RSA_KEY),
        private_key_id: Some("5b2c0ffee".into()),
        scope: SCOPE.into(),
        subject: subject.map(Into::into),
    }
}

fn salesforce(environment: SalesforceEnvironment) -> SalesforceJwt {
    SalesforceJwt {
        environment,
        consumer_key: "3MVG9-consumer-key".into(),
        username: "integration@acme.example".into(),
        private_key: SecretString::from(RSA_KEY),
    }
}

/// A declaration using every word of the grant: ES256, `kid`, claims from fields of three
/// JSON types and from constants, a fixed audience, a lifetime, and a JSON body.
#[derive(Provider, Clone)]
#[oauth(
    grant = "jwt_bearer",
    encoding = "json",
    endpoint = "https://api.example.com/oauth2/token"
)]
#[oauth(
    assertion_alg = "ES256",
    assertion_audience = "https://account.example.com/",
    assertion_lifetime = "5min",
    claim = "box_sub_type=enterprise",
    claim = "tier=3",
    claim = "iss=fixed-issuer"
)]
struct EcGrant {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(claim = "sub")]
    enterprise_id: u64,
    #[oauth(claim = "admin")]
    admin: bool,
    #[oauth(claim = "team")]
    team: Option<String>,
    #[oauth(key_id)]
    key_id: String,
    #[oauth(private_key)]
    private_key: SecretString,
}

fn ec_grant() -> EcGrant {
    EcGrant {
        client_id: "app-1".into(),
        enterprise_id: 90210,
        admin: true,
        team: None,
        key_id: "ec-key-7".into(),
        private_key: SecretString::from(EC_KEY),
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A JWT's header and claims, once its signature verifies with `public_pem`.
fn verified(jwt: &str, public_pem: &str, algorithm: Algorithm) -> (Header, Value) {
    let key = match algorithm {
        Algorithm::RS256 => DecodingKey::from_rsa_pem(public_pem.as_bytes()).unwrap(),
        _ => DecodingKey::from_ec_pem(public_pem.as_bytes()).unwrap(),
    };
    let mut validation = Validation::new(algorithm);
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "jti"]);
    let header = jsonwebtoken::decode_header(jwt).unwrap();
    let claims = jsonwebtoken::decode::<Value>(jwt, &key, &validation)
        .unwrap()
        .claims;
    (header, claims)
}

/// The assertion of the one request `server` received, with the form's other names in order.
async fn sent_assertion(server: &wiremock::MockServer) -> (Vec<(String, String)>, String) {
    let pairs = form_pairs(&only_request(server).await);
    let assertion = pairs
        .iter()
        .find(|(name, _)| name == "assertion")
        .map(|(_, jwt)| jwt.clone())
        .expect("an assertion is sent");
    (pairs, assertion)
}

fn assert_fresh(claims: &Value, lifetime: u64) {
    let (iat, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    let now = now();
    assert!(iat <= now && iat + 5 >= now, "iat is now: {claims}");
    assert_eq!(
        exp - iat,
        lifetime,
        "exp is the declared lifetime after iat"
    );
    assert!(claims["jti"].as_str().unwrap().len() >= 20, "a random jti");
}

#[tokio::test]
async fn google_posts_a_signed_assertion_as_the_grant_and_nothing_else() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "ya29.c", "expires_in": 3599, "token_type": "Bearer"}"#,
    ))
    .await;
    let token = client_for(&server).login(&google(None)).await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "ya29.c");
    assert!(token.refresh_token().is_none());

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/token");
    assert_eq!(header(&request, "authorization"), None, "no client secret");
    let (pairs, jwt) = sent_assertion(&server).await;
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["grant_type", "assertion"], "the scope is a claim");
    assert_eq!(pairs[0].1, JWT_BEARER);

    let (header, claims) = verified(&jwt, RSA_PUBLIC, Algorithm::RS256);
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(
        header.kid.as_deref(),
        Some("5b2c0ffee"),
        "kid is the key id"
    );
    assert_eq!(claims["iss"], "robot@acme-project.iam.gserviceaccount.com");
    assert_eq!(claims["scope"], SCOPE);
    assert_eq!(
        claims["aud"],
        format!("{}/token", server.uri()),
        "aud is the token endpoint the request went to"
    );
    assert!(claims.get("sub").is_none(), "no user to act for");
    assert_fresh(&claims, 60);
}

#[tokio::test]
async fn google_acts_for_a_user_with_domain_wide_delegation() {
    let server = server_answering(json_response(200, r#"{"access_token": "a"}"#)).await;
    client_for(&server)
        .login(&google(Some("alice@acme.example")))
        .await
        .unwrap();
    let (_, jwt) = sent_assertion(&server).await;
    let (_, claims) = verified(&jwt, RSA_PUBLIC, Algorithm::RS256);
    assert_eq!(claims["sub"], "alice@acme.example");
}

#[tokio::test]
async fn salesforce_signs_for_the_login_host_not_the_url_it_posts_to() {
    for (environment, audience) in [
        (
            SalesforceEnvironment::Production,
            "https://login.salesforce.com",
        ),
        (
            SalesforceEnvironment::Sandbox,
            "https://test.salesforce.com",
        ),
    ] {
        let server = server_answering(json_response(
            200,
            r#"{"access_token": "00D!AQ", "instance_url": "https://acme.my.salesforce.com", "id": "https://login.salesforce.com/id/00D/005", "token_type": "Bearer", "scope": "api"}"#,
        ))
        .await;
        client_for(&server)
            .login(&salesforce(environment))
            .await
            .unwrap();
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/services/oauth2/token");
        let (pairs, jwt) = sent_assertion(&server).await;
        assert_eq!(pairs[0], ("grant_type".into(), JWT_BEARER.into()));
        assert_eq!(pairs.len(), 2);
        let (header, claims) = verified(&jwt, RSA_PUBLIC, Algorithm::RS256);
        assert_eq!(header.kid, None, "no key id declared");
        assert_eq!(claims["iss"], "3MVG9-consumer-key");
        assert_eq!(claims["sub"], "integration@acme.example");
        assert_eq!(
            claims["aud"], audience,
            "the login host, with no trailing slash"
        );
        assert_fresh(&claims, 180);
    }
}

#[tokio::test]
async fn every_word_of_the_grant_reaches_the_assertion() {
    let server = server_answering(json_response(200, r#"{"access_token": "a"}"#)).await;
    client_for(&server).login(&ec_grant()).await.unwrap();
    let body = json_body(&only_request(&server).await);
    assert_eq!(body["grant_type"], JWT_BEARER);
    assert_eq!(
        body["client_id"], "app-1",
        "client_auth = none still names the client"
    );
    let jwt = body["assertion"].as_str().unwrap();
    let (header, claims) = verified(jwt, EC_PUBLIC, Algorithm::ES256);
    assert_eq!(header.alg, Algorithm::ES256);
    assert_eq!(header.kid.as_deref(), Some("ec-key-7"));
    assert_eq!(claims["iss"], "fixed-issuer", "a constant claim");
    assert_eq!(claims["box_sub_type"], "enterprise");
    assert_eq!(claims["tier"], 3, "a constant keeps its JSON type");
    assert_eq!(claims["sub"], 90210, "a field keeps its JSON type");
    assert_eq!(claims["admin"], true);
    assert!(claims.get("team").is_none(), "an unset field is no claim");
    assert_eq!(
        claims["aud"], "https://account.example.com/",
        "a declared audience is sent as written, whatever the origin"
    );
    assert_fresh(&claims, 300);
}

#[tokio::test]
async fn a_key_that_is_not_a_pem_key_is_an_invalid_setting_and_is_not_echoed() {
    let server = server_answering(json_response(200, r#"{"access_token": "a"}"#)).await;
    let mut account = google(None);
    account.private_key = SecretString::from("-----BEGIN PRIVATE KEY-----\nnot-a-key\n");
    let error = client_for(&server).login(&account).await.unwrap_err();
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
    assert!(!format!("{error} {error:?}").contains("not-a-key"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_assertion_is_a_typed_error_that_does_not_quote_it() {
    let server = server_answering(wiremock::ResponseTemplate::new(400).set_body_raw(
        r#"{"error": "invalid_grant", "error_description": "Invalid JWT Signature."}"#,
        "application/json",
    ))
    .await;
    let error = client_for(&server).login(&google(None)).await.unwrap_err();
    assert_eq!(
        error.oauth_code().map(|c| c.as_str().to_owned()),
        Some("invalid_grant".to_owned()),
        "{error:?}"
    );
    let (_, jwt) = sent_assertion(&server).await;
    let shown = format!("{error} {error:?}");
    for part in jwt.split('.') {
        assert!(!shown.contains(part), "the error quotes the assertion");
    }
}

const KEY_FILE_SETTING: &str = "key_file";

/// A key file as Google issues it, with the members the declaration has no setting for.
fn key_file(private_key: &str) -> String {
    json!({
        "type": "service_account",
        "project_id": "acme-project",
        "private_key_id": "5b2c0ffee",
        "private_key": private_key,
        "client_email": "robot@acme-project.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "universe_domain": "googleapis.com"
    })
    .to_string()
}

#[test]
fn google_s_key_file_is_one_setting() {
    let file = key_file(RSA_KEY);
    let source = |name: &str| match name {
        KEY_FILE_SETTING => Some(file.clone()),
        "scope" => Some(SCOPE.to_owned()),
        _ => None,
    };
    let account = GoogleServiceAccount::from_settings(&source).unwrap();
    assert_eq!(
        account.client_email,
        "robot@acme-project.iam.gserviceaccount.com"
    );
    assert_eq!(account.private_key.expose_secret(), RSA_KEY);
    assert_eq!(account.private_key_id.as_deref(), Some("5b2c0ffee"));
    assert_eq!(account.subject, None);
    assert_eq!(GoogleServiceAccount::INFO.settings_file(), Some("key_file"));

    // A setting given on its own wins over the file's member.
    let source = |name: &str| match name {
        KEY_FILE_SETTING => Some(file.clone()),
        "client_email" => Some("other@acme-project.iam.gserviceaccount.com".to_owned()),
        "scope" => Some(SCOPE.to_owned()),
        _ => None,
    };
    let account = GoogleServiceAccount::from_settings(&source).unwrap();
    assert_eq!(
        account.client_email,
        "other@acme-project.iam.gserviceaccount.com"
    );
}

#[test]
fn a_key_file_that_is_not_json_is_named_and_never_quoted() {
    let broken = format!("{{\"private_key\": \"{}", "SECRET-KEY-MATERIAL");
    let source = |name: &str| (name == KEY_FILE_SETTING).then(|| broken.clone());
    let error = GoogleServiceAccount::from_settings(&source).unwrap_err();
    assert_eq!(error.problems.len(), 1);
    assert_eq!(error.problems[0].0, "key_file");
    assert!(!format!("{error} {error:?}").contains("SECRET-KEY-MATERIAL"));

    // Without the file, each missing setting is reported.
    let error = GoogleServiceAccount::from_settings(&|_| None).unwrap_err();
    let missing: Vec<&str> = error.problems.iter().map(|(name, _)| *name).collect();
    assert_eq!(missing, ["client_email", "private_key", "scope"]);
}

#[tokio::test]
async fn a_session_renews_by_signing_a_new_assertion_through_the_emulator() {
    let emulator = Emulator::start(google(None)).await.unwrap();
    let session = Session::builder(google(None))
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    let first = session.token().await.unwrap();
    session.renew().await.unwrap();
    let second = session.token().await.unwrap();
    assert_ne!(
        first.access_token().expose_secret(),
        second.access_token().expose_secret()
    );
    assert!(
        second.refresh_token().is_none(),
        "no refresh token for an assertion"
    );
    let jtis: Vec<String> = emulator
        .requests()
        .iter()
        .map(|request| {
            let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
                .into_owned()
                .collect();
            let jwt = &form.iter().find(|(k, _)| k == "assertion").unwrap().1;
            verified(jwt, RSA_PUBLIC, Algorithm::RS256).1["jti"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(jtis.len(), 2);
    assert_ne!(jtis[0], jtis[1], "each renewal signs a new assertion");
}

#[tokio::test]
async fn the_emulator_checks_declared_audiences_and_typed_claims() {
    for provider in [salesforce(SalesforceEnvironment::Sandbox)] {
        let emulator = Emulator::start(provider.clone()).await.unwrap();
        let token = emulator.client().unwrap().login(&provider).await.unwrap();
        assert!(!token.access_token().expose_secret().is_empty());
    }
    let emulator = Emulator::start(ec_grant()).await.unwrap();
    emulator.client().unwrap().login(&ec_grant()).await.unwrap();
}

/// A `jti` no other hand-made assertion of this process has.
fn unique_jti() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!("hand-made-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The claims Google's client would sign for `emulator`.
fn google_claims(emulator: &Emulator<GoogleServiceAccount>) -> Value {
    let now = now();
    json!({
        "iss": "robot@acme-project.iam.gserviceaccount.com",
        "scope": SCOPE,
        "aud": emulator.url("/token"),
        "iat": now,
        "exp": now + 60,
        "jti": unique_jti(),
    })
}

fn sign(claims: &Value, key: &str) -> String {
    let key = EncodingKey::from_rsa_pem(key.as_bytes()).unwrap();
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), claims, &key).unwrap()
}

/// Posts a JWT bearer grant with `assertion` to the emulator; the status and JSON answer.
async fn post_grant(emulator: &Emulator<GoogleServiceAccount>, assertion: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(emulator.url("/token"))
        .form(&[("grant_type", JWT_BEARER), ("assertion", assertion)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn the_emulator_refuses_a_wrong_assertion_as_invalid_grant_saying_why() {
    let emulator = Emulator::start(google(None)).await.unwrap();
    let good = google_claims(&emulator);
    let accepted = post_grant(&emulator, &sign(&good, RSA_KEY)).await;
    assert_eq!(accepted.0, 200, "{}", accepted.1);

    let with = |name: &str, value: Value| {
        let mut claims = google_claims(&emulator);
        claims[name] = value;
        claims
    };
    let mut without_scope = google_claims(&emulator);
    without_scope.as_object_mut().unwrap().remove("scope");
    let cases = [
        (sign(&google_claims(&emulator), OTHER_RSA_KEY), "signature"),
        (
            sign(&with("iss", json!("intruder@evil.example")), RSA_KEY),
            "`iss`",
        ),
        (sign(&without_scope, RSA_KEY), "`scope`"),
        (
            sign(
                &with("aud", json!("https://elsewhere.example/token")),
                RSA_KEY,
            ),
            "`aud`",
        ),
        (
            sign(&with("exp", json!(now() + 3600)), RSA_KEY),
            "short-lived",
        ),
        (sign(&with("exp", json!(now() - 120)), RSA_KEY), "expired"),
        (sign(&good, RSA_KEY), "used before"),
        ("not.a.jwt".to_owned(), "well-formed"),
    ];
    for (assertion, why) in cases {
        let (status, body) = post_grant(&emulator, &assertion).await;
        assert_eq!(status, 400, "{why}: {body}");
        assert_eq!(body["error"], "invalid_grant", "{why}: {body}");
        let description = body["error_description"].as_str().unwrap_or_default();
        assert!(description.contains(why), "`{why}` not in {description:?}");
        for part in assertion.split('.').filter(|p| p.len() > 8) {
            assert!(
                !body.to_string().contains(part),
                "the refusal quotes the assertion"
            );
        }
    }
    let missing = reqwest::Client::new()
        .post(emulator.url("/token"))
        .form(&[("grant_type", JWT_BEARER)])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 400);
}

#[tokio::test]
async fn a_client_with_another_key_is_refused_by_the_emulator() {
    let emulator = Emulator::start(google(None)).await.unwrap();
    let mut impostor = google(None);
    impostor.private_key = SecretString::from(OTHER_RSA_KEY);
    let error = emulator
        .client()
        .unwrap()
        .login(&impostor)
        .await
        .unwrap_err();
    assert_eq!(
        error.oauth_code().map(|c| c.as_str().to_owned()),
        Some("invalid_grant".to_owned()),
        "{error:?}"
    );
}
