//! The emulator checks client assertions (RFC 7523 section 3, `private_key_jwt`) as a real
//! authorization server does: TalkdeskApp logs in, exchanges codes and refreshes through it,
//! and assertions made by hand, each wrong in one way, are refused with a 401
//! `invalid_client` that says what was wrong and never quotes the assertion.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use auth_runtime::testkit::Emulator;
use auth_runtime::{
    AuthorizeOptions, Error, ExposeSecret, LoopbackListener, Provider, SecretString, Session,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use providers::{TalkdeskApp, TalkdeskRegion};
use serde_json::{json, Value};

const RSA_KEY: &str = include_str!("../keys/rsa.pem");
const OTHER_RSA_KEY: &str = include_str!("../keys/rsa-other.pem");
const EC_KEY: &str = include_str!("../keys/ec.pem");
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn app(key: &str) -> TalkdeskApp {
    TalkdeskApp {
        account: "acme".into(),
        region: TalkdeskRegion::Us,
        client_id: "marketplace-app".into(),
        private_key: SecretString::from(key),
        scope: Some("users:read".into()),
    }
}

/// The same kind of app signing with ES256, declared as a user would.
#[derive(Provider, Clone)]
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

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The claims TalkdeskApp's client would sign for `emulator`, with a fresh `jti`.
fn claims(emulator: &Emulator<TalkdeskApp>) -> Value {
    let now = now();
    json!({
        "iss": "marketplace-app",
        "sub": "marketplace-app",
        "aud": emulator.url("/oauth/token"),
        "iat": now,
        "exp": now + 60,
        "jti": unique_jti(),
    })
}

/// A `jti` no other hand-made assertion of this process has.
fn unique_jti() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!("hand-made-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The claims of a JWT, read without checking anything: to look at what the client sent.
fn unverified_claims(jwt: &str) -> Value {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// `claims` signed with `key` (a PEM private key, or an HMAC secret) under `alg`.
fn sign(claims: &Value, alg: Algorithm, key: &str) -> String {
    let key = match alg {
        Algorithm::RS256 => EncodingKey::from_rsa_pem(key.as_bytes()).unwrap(),
        Algorithm::ES256 => EncodingKey::from_ec_pem(key.as_bytes()).unwrap(),
        _ => EncodingKey::from_secret(key.as_bytes()),
    };
    jsonwebtoken::encode(&Header::new(alg), claims, &key).unwrap()
}

/// Posts TalkdeskApp's login form with `assertion` straight to the emulator, as a client
/// would; returns the status and the JSON answer.
async fn post_login(
    emulator: &Emulator<TalkdeskApp>,
    assertion_type: &str,
    assertion: &str,
) -> (u16, Value) {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_assertion_type", assertion_type),
        ("client_id", "marketplace-app"),
        ("scope", "users:read"),
        ("client_assertion", assertion),
    ];
    let response = reqwest::Client::new()
        .post(emulator.url("/oauth/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    answer_of(response).await
}

/// A response's status and JSON body.
async fn answer_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

/// Asserts a 401 `invalid_client` whose description contains `why` and none of `assertion`.
fn assert_refused(answer: &(u16, Value), why: &str, assertion: &str) {
    let (status, body) = answer;
    assert_eq!(*status, 401, "{body}");
    assert_eq!(body["error"], "invalid_client", "{body}");
    let description = body["error_description"].as_str().unwrap_or_default();
    assert!(description.contains(why), "`{why}` not in {description:?}");
    for part in assertion.split('.').filter(|p| !p.is_empty()) {
        assert!(
            !body.to_string().contains(part),
            "the refusal quotes the assertion: {body}"
        );
    }
}

async fn emulator() -> Emulator<TalkdeskApp> {
    Emulator::start(app(RSA_KEY)).await.unwrap()
}

#[tokio::test]
async fn talkdesk_app_logs_in_exchanges_a_code_and_refreshes_through_the_emulator() {
    let emulator = emulator().await;
    let session = Session::builder(app(RSA_KEY))
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    let token = session.token().await.unwrap();
    assert_eq!(
        token.access_token().expose_secret(),
        "talkdesk-app-access-1"
    );
    session.renew().await.unwrap(); // a second login: a fresh assertion, a fresh jti

    let login = &emulator.requests()[0];
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&login.body)
        .into_owned()
        .collect();
    let names: Vec<&str> = form.iter().map(|(k, _)| k.as_str()).collect();
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
    let assertion = unverified_claims(&form[4].1);
    assert_eq!(
        assertion["aud"],
        emulator.url("/oauth/token"),
        "the client signs for the emulator's token endpoint"
    );

    // The authorization code flow: the exchange and the refresh carry assertions too.
    let client = emulator.client().unwrap();
    let listener = LoopbackListener::bind(0).await.unwrap();
    let pending = client
        .authorize_url(
            &app(RSA_KEY),
            AuthorizeOptions::default().redirect_uri(listener.redirect_uri()),
        )
        .unwrap();
    let waiting = tokio::spawn(listener.wait_for(&pending, Duration::from_secs(10)));
    reqwest::get(pending.url().as_str()).await.unwrap();
    let code = pending.complete(&waiting.await.unwrap().unwrap()).unwrap();
    let token = client.exchange_code(&app(RSA_KEY), code).await.unwrap();
    let refresh = token.refresh_token().unwrap().clone();
    let renewed = client.refresh(&app(RSA_KEY), &refresh).await.unwrap();
    assert!(renewed
        .access_token()
        .expose_secret()
        .starts_with("talkdesk-app-access-"));
    assert_eq!(emulator.issued(), 4);
}

#[tokio::test]
async fn es256_assertions_are_checked_with_the_public_half_of_the_ec_key() {
    let provider = EcApp {
        client_id: "ec-app".into(),
        private_key: SecretString::from(EC_KEY),
    };
    let emulator = Emulator::start(provider.clone()).await.unwrap();
    emulator.client().unwrap().login(&provider).await.unwrap();
    assert_eq!(emulator.issued(), 1);
}

#[tokio::test]
async fn a_client_signing_with_another_key_is_refused_as_invalid_client() {
    let emulator = emulator().await;
    let error = emulator
        .client()
        .unwrap()
        .login(&app(OTHER_RSA_KEY))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::OAuth { error, .. } if error.code == "invalid_client" && error.status.as_u16() == 401),
        "{error:?}"
    );
    assert!(error.to_string().contains("signature"), "{error}");
}

#[tokio::test]
async fn a_hand_made_assertion_like_the_clients_is_accepted() {
    let emulator = emulator().await;
    let assertion = sign(&claims(&emulator), Algorithm::RS256, RSA_KEY);
    let (status, body) = post_login(&emulator, ASSERTION_TYPE, &assertion).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["access_token"], "talkdesk-app-access-1");
}

#[tokio::test]
async fn a_tampered_assertion_is_refused() {
    let emulator = emulator().await;
    let assertion = sign(&claims(&emulator), Algorithm::RS256, RSA_KEY);
    let (head, rest) = assertion.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();

    // Claims changed after signing (another client id), the signature kept.
    let mut forged = claims(&emulator);
    forged["sub"] = json!("someone-else");
    let forged_payload = sign(&forged, Algorithm::RS256, RSA_KEY)
        .split('.')
        .nth(1)
        .unwrap()
        .to_owned();
    let swapped = format!("{head}.{forged_payload}.{signature}");
    let answer = post_login(&emulator, ASSERTION_TYPE, &swapped).await;
    assert_refused(&answer, "signature does not verify", &swapped);

    // The signature itself altered.
    let mut bytes = assertion.clone().into_bytes();
    let at = bytes.len() - 20;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(bytes).unwrap();
    let answer = post_login(&emulator, ASSERTION_TYPE, &altered).await;
    assert_refused(&answer, "signature does not verify", &altered);

    let answer = post_login(&emulator, ASSERTION_TYPE, "not-a-jwt").await;
    assert_refused(&answer, "not a well-formed signed JWT", "not-a-jwt");
}

#[tokio::test]
async fn an_assertion_signed_with_another_key_or_algorithm_is_refused() {
    let emulator = emulator().await;
    let other_key = sign(&claims(&emulator), Algorithm::RS256, OTHER_RSA_KEY);
    let answer = post_login(&emulator, ASSERTION_TYPE, &other_key).await;
    assert_refused(&answer, "signature does not verify", &other_key);

    let es256 = sign(&claims(&emulator), Algorithm::ES256, EC_KEY);
    let answer = post_login(&emulator, ASSERTION_TYPE, &es256).await;
    assert_refused(&answer, "signed with ES256", &es256);

    // HS256 "signed" with the public key: the classic algorithm confusion.
    let hs256 = sign(
        &claims(&emulator),
        Algorithm::HS256,
        include_str!("../keys/rsa.pub.pem"),
    );
    let answer = post_login(&emulator, ASSERTION_TYPE, &hs256).await;
    assert_refused(&answer, "signed with HS256", &hs256);
}

#[tokio::test]
async fn an_assertion_from_or_about_another_client_is_refused() {
    let emulator = emulator().await;
    for claim in ["iss", "sub"] {
        let mut wrong = claims(&emulator);
        wrong[claim] = json!("another-app");
        let assertion = sign(&wrong, Algorithm::RS256, RSA_KEY);
        let answer = post_login(&emulator, ASSERTION_TYPE, &assertion).await;
        assert_refused(&answer, &format!("`{claim}`"), &assertion);

        wrong.as_object_mut().unwrap().remove(claim);
        let assertion = sign(&wrong, Algorithm::RS256, RSA_KEY);
        let answer = post_login(&emulator, ASSERTION_TYPE, &assertion).await;
        assert_refused(&answer, &format!("`{claim}` is missing"), &assertion);
    }
}

#[tokio::test]
async fn an_assertion_for_another_audience_is_refused() {
    let emulator = emulator().await;
    // The real endpoint, not the one the request went to; another path; none at all.
    for aud in [
        json!("https://acme.talkdeskid.com/oauth/token"),
        json!(emulator.url("/oauth/authorize")),
        json!([]),
        Value::Null,
    ] {
        let mut wrong = claims(&emulator);
        wrong["aud"] = aud.clone();
        let assertion = sign(&wrong, Algorithm::RS256, RSA_KEY);
        let answer = post_login(&emulator, ASSERTION_TYPE, &assertion).await;
        assert_refused(&answer, "`aud`", &assertion);
    }
    // RFC 7519 allows an array of audiences: one of them is enough.
    let mut several = claims(&emulator);
    several["aud"] = json!(["https://elsewhere.example", emulator.url("/oauth/token")]);
    let assertion = sign(&several, Algorithm::RS256, RSA_KEY);
    assert_eq!(
        post_login(&emulator, ASSERTION_TYPE, &assertion).await.0,
        200
    );
}

#[tokio::test]
async fn an_expired_or_long_lived_assertion_is_refused() {
    let emulator = emulator().await;
    let now = now();
    for (exp, why) in [
        (json!(now - 120), "expired"),
        (json!(now + 3600), "short-lived"),
        (json!("tomorrow"), "no numeric `exp`"),
        (Value::Null, "no numeric `exp`"),
    ] {
        let mut wrong = claims(&emulator);
        wrong["exp"] = exp;
        let assertion = sign(&wrong, Algorithm::RS256, RSA_KEY);
        let answer = post_login(&emulator, ASSERTION_TYPE, &assertion).await;
        assert_refused(&answer, why, &assertion);
    }
    let mut early = claims(&emulator);
    early["nbf"] = json!(now + 300);
    let assertion = sign(&early, Algorithm::RS256, RSA_KEY);
    let answer = post_login(&emulator, ASSERTION_TYPE, &assertion).await;
    assert_refused(&answer, "`nbf`", &assertion);
}

#[tokio::test]
async fn a_replayed_assertion_is_refused() {
    let emulator = emulator().await;
    let assertion = sign(&claims(&emulator), Algorithm::RS256, RSA_KEY);
    assert_eq!(
        post_login(&emulator, ASSERTION_TYPE, &assertion).await.0,
        200
    );
    let answer = post_login(&emulator, ASSERTION_TYPE, &assertion).await;
    assert_refused(&answer, "`jti` was used before", &assertion);

    // The same jti in another assertion is a replay too.
    let first = claims(&emulator);
    let mut again = claims(&emulator);
    again["jti"] = first["jti"].clone();
    again["iat"] = json!(now() + 1);
    let (one, two) = (
        sign(&first, Algorithm::RS256, RSA_KEY),
        sign(&again, Algorithm::RS256, RSA_KEY),
    );
    assert_eq!(post_login(&emulator, ASSERTION_TYPE, &one).await.0, 200);
    let answer = post_login(&emulator, ASSERTION_TYPE, &two).await;
    assert_refused(&answer, "`jti` was used before", &two);

    let mut anonymous = claims(&emulator);
    anonymous.as_object_mut().unwrap().remove("jti");
    let assertion = sign(&anonymous, Algorithm::RS256, RSA_KEY);
    let answer = post_login(&emulator, ASSERTION_TYPE, &assertion).await;
    assert_refused(&answer, "no `jti`", &assertion);
}

#[tokio::test]
async fn the_assertion_type_and_the_assertion_are_required() {
    let emulator = emulator().await;
    let assertion = sign(&claims(&emulator), Algorithm::RS256, RSA_KEY);
    let answer = post_login(
        &emulator,
        "urn:ietf:params:oauth:client-assertion-type:saml2-bearer",
        &assertion,
    )
    .await;
    assert_refused(&answer, ASSERTION_TYPE, &assertion);

    let response = reqwest::Client::new()
        .post(emulator.url("/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_assertion_type", ASSERTION_TYPE),
            ("client_id", "marketplace-app"),
            ("scope", "users:read"),
        ])
        .send()
        .await
        .unwrap();
    let answer = answer_of(response).await;
    assert_refused(&answer, "`client_assertion` is missing", "");
}

#[tokio::test]
async fn an_emulator_started_with_a_key_that_is_not_one_says_so() {
    let error = Emulator::start(app("not a key")).await.err().unwrap();
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
    assert!(!error.to_string().contains("not a key"), "{error}");
}
