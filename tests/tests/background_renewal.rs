//! Renewal in the background (`SessionBuilder::renew_in_background`): the token is replaced
//! ahead of its margin without a caller asking, callers are never held by that renewal, a
//! provider that is down leaves the valid token served and the session stale, and an expired
//! token is renewed on the callers' path again; alike for a session's own renewal task and
//! for a pool's timetable. On the real clock, with tokens of seconds.

use std::time::Duration;

use auth_runtime::{
    Client, Error, ExposeSecret, HealthState, SecretString, Session, SessionBuilder, Sessions,
};
use auth_tests::*;
use providers::IAdvize;
use wiremock::MockServer;

fn iadvize() -> IAdvize {
    IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("pw"),
    }
}

/// What renews a session in the background: a task of its own, or its pool's timetable.
#[derive(Clone, Copy)]
enum How {
    Alone,
    Pooled,
}

/// A session renewing in the background with a one-second margin and no retries within a
/// renewal: tokens of three seconds renew after 1.5 to 2 s.
fn background_session(server: &MockServer, how: How) -> Session<IAdvize> {
    let configure = |builder: SessionBuilder<IAdvize>, client: Client| {
        builder
            .client(client)
            .margin(Duration::from_secs(1))
            .retries(0, Duration::from_millis(50))
            .renew_in_background()
    };
    let client = client_for(server);
    match how {
        How::Alone => configure(Session::builder(iadvize()), client)
            .build()
            .unwrap(),
        // The pool itself may go: its sessions keep the timetable.
        How::Pooled => Sessions::builder(move |builder| configure(builder, client.clone()))
            .build()
            .unwrap()
            .get(iadvize())
            .unwrap(),
    }
}

/// Each case twice: with a session's own renewal task, and with a pool's timetable.
macro_rules! alone_and_pooled {
    ($($case:ident),* $(,)?) => {
        mod alone {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(super::How::Alone).await
                }
            )*
        }
        mod pooled {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(super::How::Pooled).await
                }
            )*
        }
    };
}

alone_and_pooled!(
    the_token_is_had_at_once_and_renewed_ahead_of_its_margin_without_a_caller,
    callers_are_handed_the_current_token_while_the_renewal_is_in_flight,
    a_provider_that_is_down_leaves_the_token_served_and_the_session_stale_then_expired,
    dropping_the_session_ends_its_renewals,
);

fn secret(token: &auth_runtime::TokenRef) -> String {
    token.access_token().expose_secret().to_owned()
}

async fn the_token_is_had_at_once_and_renewed_ahead_of_its_margin_without_a_caller(how: How) {
    let issuer = Issuer::new(3, false);
    let server = issuing(&issuer).await;
    let session = background_session(&server, how);
    until("the first login", || issuer.issued() == 1).await;
    assert_eq!(secret(&session.token().await.unwrap()), "t1");
    assert_eq!(session.health().state, HealthState::Fresh);
    // Nobody asks; the task renews between 1 and 1.5 margins before expiry. (The endpoint
    // counts the request before the session has its answer: wait for the token itself.)
    until("the background renewal", || {
        session
            .try_token()
            .is_some_and(|token| secret(&token) == "t2")
    })
    .await;
    assert_eq!(secret(&session.token().await.unwrap()), "t2");
    assert_eq!(issuer.issued(), 2, "the read after it sent nothing");
}

async fn callers_are_handed_the_current_token_while_the_renewal_is_in_flight(how: How) {
    let issuer = Issuer::new(3, false).delay(Duration::from_millis(1500));
    let server = issuing(&issuer).await;
    let session = background_session(&server, how);
    until("the first login", || issuer.issued() == 1).await;
    until("the first token", || {
        session.health().state == HealthState::Fresh
    })
    .await;
    until("the renewal to start", || issuer.issued() == 2).await;
    // The provider takes 1.5 s to answer: a caller now gets the old token, not that wait.
    let token = tokio::time::timeout(Duration::from_millis(500), session.token())
        .await
        .expect("a caller is not held by a background renewal")
        .unwrap();
    assert_eq!(secret(&token), "t1");
}

async fn a_provider_that_is_down_leaves_the_token_served_and_the_session_stale_then_expired(
    how: How,
) {
    let server = server_answering_first(
        1,
        json_response(200, r#"{"access_token": "t1", "expires_in": 3}"#),
        json_response(503, r#"{"error": "temporarily_unavailable"}"#),
    )
    .await;
    let session = background_session(&server, how);
    until("the first token", || {
        session.health().state == HealthState::Fresh
    })
    .await;
    until("a failed renewal", || {
        session.health().state == HealthState::Stale
    })
    .await;
    let health = session.health();
    assert!(health.failures >= 1);
    let error = health.last_error.as_ref().expect("the failure is kept");
    assert_eq!(
        error.oauth_code().map(|c| c.as_str().to_owned()),
        Some("temporarily_unavailable".to_owned())
    );
    assert_eq!(secret(&session.token().await.unwrap()), "t1");
    // Past its expiry nothing hands it out: the caller's renewal fails with the provider.
    until("the expiry", || {
        session.health().state == HealthState::Expired
    })
    .await;
    assert!(session.token().await.is_err());
}

async fn dropping_the_session_ends_its_renewals(how: How) {
    let issuer = Issuer::new(3, false);
    let server = issuing(&issuer).await;
    let session = background_session(&server, how);
    until("the first login", || issuer.issued() == 1).await;
    drop(session);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(issuer.issued(), 1);
}

#[test]
fn renewing_in_the_background_needs_a_runtime_to_build_in() {
    let error = Session::builder(iadvize())
        .renew_in_background()
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("tokio runtime"), "{error}");
}

/// A code-flow token without a refresh token: nothing can renew it, so the task sends nothing
/// and lets it expire (no loop), and the callers then hear they must authorize again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_nothing_can_renew_expires_without_a_request() {
    use std::time::SystemTime;
    let issuer = Issuer::new(3, false);
    let server = issuing(&issuer).await;
    let now = SystemTime::now();
    let seeded = auth_runtime::Token::from_stored(auth_runtime::StoredToken {
        access_token: SecretString::from("from-a-code"),
        token_type: "Bearer".into(),
        received_at: now,
        expires_at: now + Duration::from_secs(2),
        lifetime_known: true,
        never_expires: false,
        refresh_token: None,
        scope: None,
        extra: Default::default(),
    });
    let tali = providers::Tali {
        base_url: server.uri(),
        client_id: "cid".into(),
        client_secret: SecretString::from("cs"),
        redirect_uri: "https://app.example/cb".into(),
    };
    let session = Session::builder(tali)
        .client(client_for(&server))
        .margin(Duration::from_secs(1))
        .token(seeded)
        .renew_in_background()
        .build()
        .unwrap();
    assert_eq!(secret(&session.token().await.unwrap()), "from-a-code");
    until("the expiry", || {
        session.health().state == HealthState::Expired
    })
    .await;
    let error = session.token().await.unwrap_err();
    assert!(
        matches!(error, Error::ReauthorizationRequired { .. }),
        "{error:?}"
    );
    assert_eq!(issuer.issued(), 0);
}

/// Two processes' sessions on one store, both renewing in the background: one logs in, the
/// other adopts its token; one renews each round, the other adopts the renewal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_sharing_a_store_renew_once_between_them() {
    let issuer = Issuer::new(3, false);
    let server = issuing(&issuer).await;
    let store: std::sync::Arc<dyn auth_runtime::TokenStore> =
        std::sync::Arc::new(auth_runtime::MemoryStore::new());
    let session = |store: &std::sync::Arc<dyn auth_runtime::TokenStore>| {
        Session::builder(iadvize())
            .client(client_for(&server))
            .margin(Duration::from_secs(1))
            .retries(0, Duration::from_millis(50))
            .store(std::sync::Arc::clone(store))
            .renew_in_background()
            .build()
            .unwrap()
    };
    let (a, b) = (session(&store), session(&store));
    until("both hold the first token", || {
        a.health().state == HealthState::Fresh && b.health().state == HealthState::Fresh
    })
    .await;
    assert_eq!(issuer.issued(), 1);
    until("the renewal", || issuer.issued() == 2).await;
    until("both hold it", || {
        let (a, b) = (a.health(), b.health());
        a.time_left > Some(Duration::from_secs(2)) && b.time_left > Some(Duration::from_secs(2))
    })
    .await;
    assert_eq!(issuer.issued(), 2);
    assert_eq!(
        secret(&a.token().await.unwrap()),
        secret(&b.token().await.unwrap())
    );
}
