//! No secret anywhere it should not be: every seed provider's token requests (login, refresh,
//! code exchange, validity check) against hostile servers that echo back everything they were
//! sent, in every error shape the runtime reads, under a TRACE-level subscriber that also
//! captures reqwest's and hyper's own records. No error's `Display` or `Debug`, and no log
//! line, may show a password, client secret, API key, signed assertion, code, or token, in any
//! encoding it travelled in. The same holds for every fault of the generated emulators, and for
//! a provider given wrong credentials.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use auth_runtime::testkit::{Emulator, Fault};
use auth_runtime::{
    AuthorizationCode, AuthorizeOptions, Client, Error, ExposeSecret, LoopbackListener, Origin,
    Provider, SecretString, Session, StoredToken, Token,
};
use auth_tests::capture::{assert_no_secret, capture};
use auth_tests::echo::{Echo, Shape, ACCESS_TOKEN, REFRESH_TOKEN, SHAPES};
use providers::*;
use wiremock::{Mock, MockServer};

const PASSWORD: &str = "p@ss w0rd+%/\"'$!#é-talks";
const CLIENT_SECRET: &str = "cs+/=&%20 s3cret\"x'q";
const API_KEY: &str = "ak-1234 $!#key-9";
const CODE: &str = "code+/=the-one-code";

/// A token the session already holds, due for renewal but still valid: a failed renewal then
/// logs a warning and hands out this token.
fn held_token() -> Token {
    let now = SystemTime::now();
    Token::from_stored(StoredToken {
        access_token: SecretString::from(ACCESS_TOKEN),
        token_type: "Bearer".into(),
        received_at: now - Duration::from_secs(3600),
        expires_at: now + Duration::from_secs(20),
        lifetime_known: true,
        never_expires: false,
        refresh_token: Some(SecretString::from(REFRESH_TOKEN)),
        scope: None,
        extra: BTreeMap::new(),
    })
}

/// Every text a run produced: errors' `Display` and `Debug`, the `Display` of every cause in
/// their `source()` chain (what `authctl` prints), validity reasons.
#[derive(Default)]
struct Texts(Vec<(String, String)>);

impl Texts {
    fn error(&mut self, what: String, result: Result<impl std::fmt::Debug, Error>) {
        match result {
            Ok(value) => self.0.push((what, format!("{value:?}"))),
            Err(error) => {
                self.0.push((what.clone(), error.to_string()));
                let mut cause = std::error::Error::source(&error);
                while let Some(current) = cause {
                    self.0.push((what.clone(), current.to_string()));
                    cause = current.source();
                }
                self.0.push((what, format!("{error:?}")));
            }
        }
    }
}

/// A client whose requests go to a new server echoing in `shape`.
async fn echoing_client(shape: Shape, seen: &Arc<Mutex<Vec<String>>>, held: bool) -> Client {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(Echo {
            shape,
            seen: Arc::clone(seen),
            held,
        })
        .mount(&server)
        .await;
    let client = Client::builder()
        .origin(Origin::parse(&server.uri()).unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    // The server lives as long as the test: its clients outlive this function.
    std::mem::forget(server);
    client
}

/// Runs every request the provider's declaration allows against an echoing server in each
/// shape, and searches every error and log line for every secret.
async fn no_secret_in_any_answer<P: Provider + Clone>(provider: P, secrets: &[&str]) {
    let (logs, _guard) = capture();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut texts = Texts::default();
    for shape in SHAPES {
        let client = echoing_client(shape, &seen, false).await;
        let session_client = echoing_client(shape, &seen, true).await;
        let name = P::INFO.name();
        if P::INFO.grant().can_login() {
            texts.error(
                format!("{name} login, {shape:?}"),
                client.login(&provider).await,
            );
        }
        if P::INFO.has_code_flow() {
            let code = AuthorizationCode::new(CODE);
            texts.error(
                format!("{name} code exchange, {shape:?}"),
                client.exchange_code(&provider, code).await,
            );
        }
        let session = Session::builder(provider.clone())
            .client(session_client.clone())
            .token(held_token())
            .retries(0, Duration::from_millis(1))
            .build()
            .unwrap();
        // Due but valid: the renewal fails, a warning is logged, the held token is returned.
        texts.error(
            format!("{name} token, {shape:?}"),
            session.token().await.map(|_| ()),
        );
        texts.error(
            format!("{name} renew, {shape:?}"),
            session.renew().await.map(|_| ()),
        );
        if P::INFO.validity_endpoint().is_some() {
            let token = held_token();
            texts.error(
                format!("{name} validity, {shape:?}"),
                session_client.check_validity(&provider, &token).await,
            );
        }
    }
    let mut all: Vec<String> = secrets.iter().map(|s| (*s).to_owned()).collect();
    all.extend([ACCESS_TOKEN, REFRESH_TOKEN, CODE].map(str::to_owned));
    all.extend(seen.lock().unwrap().iter().cloned());
    for (what, text) in &texts.0 {
        assert_no_secret(what, text, &all);
    }
    let logs = logs.text();
    assert!(
        logs.contains("renewal failed"),
        "the warning path ran: {logs}"
    );
    assert_no_secret(&format!("{} logs", P::INFO.name()), &logs, &all);
}

/// A first token from `emulator`: a login, or the code flow played as the browser would.
async fn first_token<P: Provider + Clone>(provider: &P, emulator: &Emulator<P>) -> Token {
    let client = emulator.client().unwrap();
    if P::INFO.grant().can_login() {
        return client.login(provider).await.unwrap();
    }
    let listener = LoopbackListener::bind(0).await.unwrap();
    let options = AuthorizeOptions::default().redirect_uri(listener.redirect_uri());
    let pending = client.authorize_url(provider, options).unwrap();
    let waiting = tokio::spawn(listener.wait_for(&pending, Duration::from_secs(10)));
    reqwest::get(pending.url().as_str()).await.unwrap();
    let code = pending.complete(&waiting.await.unwrap().unwrap()).unwrap();
    client.exchange_code(provider, code).await.unwrap()
}

/// Every fault of `provider`'s emulator, and a login with `wrong` credentials, through a
/// session: no secret (the credentials, every token issued) in any error or log line.
async fn no_secret_in_any_fault<P: Provider + Clone>(provider: P, wrong: P, secrets: &[&str]) {
    let (logs, _guard) = capture();
    let emulator = Emulator::start(provider.clone()).await.unwrap();
    let mut issued = Vec::new();
    let mut texts = Texts::default();
    let token = first_token(&provider, &emulator).await;
    let client = Client::builder()
        .origin(emulator.origin())
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let session = Session::builder(provider.clone())
        .client(client.clone())
        .token(token)
        .retries(0, Duration::from_millis(1))
        .max_wait(Duration::ZERO)
        .build()
        .unwrap();
    let faults = [
        Fault::ServerError,
        Fault::TooManyRequests {
            retry_after: Duration::from_secs(1),
        },
        Fault::Stall(Duration::from_secs(2)),
        Fault::TruncatedBody,
        Fault::InvalidGrantOnNextRefresh,
        Fault::ErrorIn200,
    ];
    for fault in faults {
        let name = format!("{} {fault:?}", P::INFO.name());
        if let Ok(token) = session.token().await {
            issued.push(token.access_token().expose_secret().to_owned());
            issued.extend(token.refresh_token().map(|t| t.expose_secret().to_owned()));
        }
        emulator.inject(fault);
        let renewed = session.renew().await;
        if let Ok(token) = &renewed {
            issued.push(token.access_token().expose_secret().to_owned());
        }
        texts.error(name, renewed.map(|_| ()));
        emulator.clear_faults();
        // Past any backoff the fault left, with a fresh session on the same emulator.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if P::INFO.grant().can_login() {
        texts.error(
            format!("{} wrong credentials", P::INFO.name()),
            client.login(&wrong).await,
        );
    }
    let mut all: Vec<String> = secrets.iter().map(|s| (*s).to_owned()).collect();
    all.extend(issued);
    for (what, text) in &texts.0 {
        assert_no_secret(what, text, &all);
    }
    assert_no_secret(&format!("{} logs", P::INFO.name()), &logs.text(), &all);
}

#[tokio::test]
async fn emulator_faults_of_every_seed_provider() {
    let talview = |password: &str| Talview {
        username: "candidate@talview.example".into(),
        password: SecretString::from(password),
        tenant_id: 42,
    };
    no_secret_in_any_fault(
        talview(PASSWORD),
        talview("wrong-Pa55-word"),
        &[PASSWORD, "wrong-Pa55-word"],
    )
    .await;
    let graphql = |password: &str| TalviewGraphql {
        username: "candidate@talview.example".into(),
        password: SecretString::from(password),
        tenant_id: 42,
    };
    no_secret_in_any_fault(
        graphql(PASSWORD),
        graphql("wrong-Pa55-word"),
        &[PASSWORD, "wrong-Pa55-word"],
    )
    .await;
    let tali = |secret: &str| Tali {
        base_url: "https://tali.example".into(),
        client_id: "tali-client".into(),
        client_secret: SecretString::from(secret),
        redirect_uri: "https://app.example/callback".into(),
    };
    no_secret_in_any_fault(
        tali(CLIENT_SECRET),
        tali("wrong-secret-x"),
        &[CLIENT_SECRET],
    )
    .await;
    let iadvize = |password: &str| IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from(password),
    };
    no_secret_in_any_fault(
        iadvize(PASSWORD),
        iadvize("wrong-Pa55-word"),
        &[PASSWORD, "wrong-Pa55-word"],
    )
    .await;
    let altrata = |key: &str| Altrata {
        username: "altrata-user".into(),
        password: SecretString::from(PASSWORD),
        api_key: SecretString::from(key),
    };
    no_secret_in_any_fault(
        altrata(API_KEY),
        altrata("wrong-api-key-1"),
        &[PASSWORD, API_KEY, "wrong-api-key-1"],
    )
    .await;
    let talkdesk = |secret: &str| Talkdesk {
        account: "acme".into(),
        region: TalkdeskRegion::Eu,
        client_id: "talkdesk-client".into(),
        client_secret: SecretString::from(secret),
        scope: Some("users:read".into()),
    };
    no_secret_in_any_fault(
        talkdesk(CLIENT_SECRET),
        talkdesk("wrong-secret-x"),
        &[CLIENT_SECRET, "wrong-secret-x"],
    )
    .await;
    let app = |client_id: &str| TalkdeskApp {
        account: "acme".into(),
        region: TalkdeskRegion::Us,
        client_id: client_id.into(),
        private_key: SecretString::from(include_str!("../keys/rsa.pem")),
        scope: None,
    };
    no_secret_in_any_fault(app("talkdesk-app"), app("another-app"), &[]).await;
}

#[tokio::test]
async fn talview() {
    let talview = Talview {
        username: "candidate@talview.example".into(),
        password: SecretString::from(PASSWORD),
        tenant_id: 42,
    };
    no_secret_in_any_answer(talview, &[PASSWORD]).await;
}

#[tokio::test]
async fn talview_graphql() {
    let talview = TalviewGraphql {
        username: "candidate@talview.example".into(),
        password: SecretString::from(PASSWORD),
        tenant_id: 42,
    };
    no_secret_in_any_answer(talview, &[PASSWORD]).await;
}

#[tokio::test]
async fn tali() {
    let tali = Tali {
        base_url: "https://tali.example".into(),
        client_id: "tali-client".into(),
        client_secret: SecretString::from(CLIENT_SECRET),
        redirect_uri: "https://app.example/callback".into(),
    };
    no_secret_in_any_answer(tali, &[CLIENT_SECRET]).await;
}

#[tokio::test]
async fn iadvize() {
    let iadvize = IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from(PASSWORD),
    };
    no_secret_in_any_answer(iadvize, &[PASSWORD]).await;
}

#[tokio::test]
async fn altrata() {
    let altrata = Altrata {
        username: "altrata-user".into(),
        password: SecretString::from(PASSWORD),
        api_key: SecretString::from(API_KEY),
    };
    no_secret_in_any_answer(altrata, &[PASSWORD, API_KEY]).await;
}

#[tokio::test]
async fn talkdesk() {
    let talkdesk = Talkdesk {
        account: "acme".into(),
        region: TalkdeskRegion::Eu,
        client_id: "talkdesk-client".into(),
        client_secret: SecretString::from(CLIENT_SECRET),
        scope: Some("users:read".into()),
    };
    no_secret_in_any_answer(talkdesk, &[CLIENT_SECRET]).await;
}

#[tokio::test]
async fn talkdesk_app() {
    let app = TalkdeskApp {
        account: "acme".into(),
        region: TalkdeskRegion::Us,
        client_id: "talkdesk-app".into(),
        private_key: SecretString::from(include_str!("../keys/rsa.pem")),
        scope: None,
    };
    no_secret_in_any_answer(app, &[]).await;
}

#[tokio::test]
async fn spotify() {
    let spotify = Spotify {
        client_id: "spotify-client".into(),
        client_secret: SecretString::from(CLIENT_SECRET),
    };
    no_secret_in_any_answer(spotify, &[CLIENT_SECRET]).await;
}
