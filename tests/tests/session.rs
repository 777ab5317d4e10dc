//! Sessions against loopback servers, on tokio's paused clock where time matters: caching,
//! renewal at the margin, each renewal plan, single flight, limits, retries and backoff.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use auth_runtime::{
    AuthorizationCode, Error, ExposeSecret, MemoryStore, OAuthErrorCode, SecretString, Session,
    Token, Validity,
};
use auth_tests::*;
use providers::{Altrata, IAdvize, Tali, Talkdesk, TalkdeskRegion};
use tokio::time::{advance, Instant};
use wiremock::matchers::{any, body_string_contains, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn iadvize() -> IAdvize {
    IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("pw"),
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

fn altrata() -> Altrata {
    Altrata {
        username: "user".into(),
        password: SecretString::from("pw"),
        api_key: SecretString::from("key"),
    }
}

/// A session whose client has no timers, for tests on tokio's paused clock.
fn session<P: auth_runtime::Provider>(provider: P, server: &MockServer) -> Session<P> {
    Session::builder(provider)
        .client(paused_clock_client_for(server))
        .build()
        .unwrap()
}

/// A session whose client has the default timeouts, for tests on the real clock.
fn live_session<P: auth_runtime::Provider>(provider: P, server: &MockServer) -> Session<P> {
    Session::builder(provider)
        .client(client_for(server))
        .build()
        .unwrap()
}

/// An Altrata session, and an API that accepts only the latest token issued (Altrata's rule).
async fn altrata_with_latest_token_only() -> (Issuer, MockServer, Session<Altrata>) {
    let (issuer, server) = altrata_latest_token_only().await;
    let session = live_session(altrata(), &server);
    (issuer, server, session)
}

async fn requests_to(server: &MockServer, route: &str) -> Vec<wiremock::Request> {
    let all = server.received_requests().await.unwrap();
    all.into_iter().filter(|r| r.url.path() == route).collect()
}

fn secret(token: &Token) -> &str {
    token.access_token().expose_secret()
}

/// A Tali session seeded by a code exchange, as after the authorization code flow.
async fn seeded_tali(server: &MockServer) -> Session<Tali> {
    let client = paused_clock_client_for(server);
    let token = client
        .exchange_code(&tali(), AuthorizationCode::new("code"))
        .await
        .unwrap();
    Session::builder(tali())
        .client(client)
        .token(token)
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn cached_reads_make_no_request() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let session = session(iadvize(), &server);
    for _ in 0..100 {
        assert_eq!(secret(&session.token().await.unwrap()), "t1");
    }
    assert_eq!(issuer.issued(), 1);
}

/// A read made while its token was valid and awaited after it came due checks the token when
/// polled, not when made: it renews rather than hand out the due token. Its future is `Send`
/// and `Unpin`, so that a caller's own future or struct can hold it.
#[tokio::test(start_paused = true)]
async fn a_read_awaited_late_checks_the_token_when_polled() {
    fn send_and_unpin<T: Send + Unpin>(_: &T) {}
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let session = session(iadvize(), &server);
    assert_eq!(secret(&session.token().await.unwrap()), "t1");

    let late = session.token();
    send_and_unpin(&late);
    advance(Duration::from_secs(3600)).await;
    assert_eq!(secret(&late.await.unwrap()), "t2");
    assert_eq!(issuer.issued(), 2);
}

/// A handed-out token is a reference that renewals do not change: it keeps the token it was
/// given, however many are held at once on one thread (beyond `arc-swap`'s per-thread slots).
#[tokio::test(start_paused = true)]
async fn a_held_token_keeps_its_value_across_renewals() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let session = session(iadvize(), &server);
    let held: Vec<_> = tokens_held(&session, 50).await;
    let kept = held[0].to_arc();
    let cloned = held[1].clone();

    let renewed = session.renew().await.unwrap();
    assert_eq!(secret(&renewed), "t2");
    assert!(held.iter().all(|token| secret(token) == "t1"));
    assert_eq!(secret(&kept), "t1");
    assert_eq!(secret(&cloned), "t1");
    assert_eq!(secret(&session.token().await.unwrap()), "t2");
    drop(held);
    assert_eq!(
        secret(&kept),
        "t1",
        "an Arc taken from a reference outlives it"
    );
    assert_eq!(issuer.issued(), 2);
}

async fn tokens_held(session: &Session<IAdvize>, count: usize) -> Vec<auth_runtime::TokenRef> {
    let mut held = Vec::with_capacity(count);
    for _ in 0..count {
        held.push(session.token().await.unwrap());
    }
    held
}

#[tokio::test(start_paused = true)]
async fn a_handed_out_token_does_not_show_its_secret() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let session = session(iadvize(), &server);
    let token = session.token().await.unwrap();
    let shown = format!("{token:?} {session:?}");
    assert!(!shown.contains("t1"), "{shown}");
}

#[tokio::test(start_paused = true)]
async fn renewal_starts_at_the_margin_not_before() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let session = session(iadvize(), &server);
    session.token().await.unwrap();

    advance(Duration::from_secs(3600 - 60 - 1)).await;
    assert_eq!(
        secret(&session.token().await.unwrap()),
        "t1",
        "one second before the margin"
    );
    advance(Duration::from_secs(2)).await;
    assert_eq!(
        secret(&session.token().await.unwrap()),
        "t2",
        "inside the 60 s margin"
    );
    assert_eq!(issuer.issued(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_short_lived_token_does_not_renew_in_a_loop() {
    let issuer = Issuer::new(30, false);
    let server = issuing(&issuer).await;
    let session = Session::builder(iadvize())
        .client(paused_clock_client_for(&server))
        .margin(Duration::from_secs(60))
        .build()
        .unwrap();
    session.token().await.unwrap();
    for _ in 0..10 {
        session.token().await.unwrap();
    }
    assert_eq!(issuer.issued(), 1, "a 30 s token is not renewed at once");
    advance(Duration::from_secs(14)).await;
    session.token().await.unwrap();
    assert_eq!(
        issuer.issued(),
        1,
        "the margin is clamped to half the lifetime: 15 s"
    );
    advance(Duration::from_secs(2)).await;
    session.token().await.unwrap();
    assert_eq!(issuer.issued(), 2);
}

#[tokio::test(start_paused = true)]
async fn refresh_plan_rotates_the_refresh_token() {
    let issuer = Issuer::new(86400, true);
    let server = issuing(&issuer).await;
    let session = seeded_tali(&server).await;
    assert_eq!(secret(&session.token().await.unwrap()), "t1");

    for expected in ["t2", "t3"] {
        advance(Duration::from_secs(86400)).await;
        assert_eq!(secret(&session.token().await.unwrap()), expected);
    }
    let bodies: Vec<String> = requests_to(&server, "/oauth/token")
        .await
        .iter()
        .map(body_text)
        .collect();
    assert!(bodies[0].contains(r#""grant_type":"authorization_code""#));
    assert!(
        bodies[1].contains(r#""grant_type":"refresh_token","refresh_token":"r1""#),
        "{}",
        bodies[1]
    );
    assert!(
        bodies[2].contains(r#""refresh_token":"r2""#),
        "the rotated token is used: {}",
        bodies[2]
    );
}

#[tokio::test(start_paused = true)]
async fn a_refresh_reply_without_a_refresh_token_keeps_the_old_one() {
    let server = MockServer::start().await;
    Mock::given(body_string_contains("authorization_code"))
        .respond_with(json_response(
            200,
            r#"{"access_token": "t1", "expires_in": 100, "refresh_token": "r1"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(body_string_contains("refresh_token"))
        .respond_with(json_response(
            200,
            r#"{"access_token": "t2", "expires_in": 100}"#,
        ))
        .mount(&server)
        .await;
    let session = seeded_tali(&server).await;
    for _ in 0..2 {
        advance(Duration::from_secs(100)).await;
        let token = session.token().await.unwrap();
        assert_eq!(token.refresh_token().map(|t| t.expose_secret()), Some("r1"));
    }
    let refreshes = requests_to(&server, "/oauth/token").await;
    assert!(body_text(&refreshes[2]).contains(r#""refresh_token":"r1""#));
}

#[tokio::test(start_paused = true)]
async fn login_plan_logs_in_again_and_ignores_the_sentinel() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "a", "expires_in": 86400, "refresh_token": "none"}"#,
    ))
    .await;
    let session = session(iadvize(), &server);
    session.token().await.unwrap();
    advance(Duration::from_secs(86400)).await;
    session.token().await.unwrap();
    let logins = requests_to(&server, "/oauth2/token").await;
    assert_eq!(logins.len(), 2);
    assert!(logins
        .iter()
        .all(|r| body_text(r).starts_with("grant_type=password&")));
}

#[tokio::test(start_paused = true)]
async fn invalid_grant_on_refresh_falls_back_to_logging_in() {
    let server = MockServer::start().await;
    Mock::given(body_string_contains("grant_type=authorization_code"))
        .respond_with(json_response(
            200,
            r#"{"access_token": "t1", "expires_in": 600, "refresh_token": "r1"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(body_string_contains("grant_type=refresh_token"))
        .respond_with(json_response(400, r#"{"error": "invalid_grant"}"#))
        .mount(&server)
        .await;
    Mock::given(body_string_contains("grant_type=client_credentials"))
        .respond_with(json_response(
            200,
            r#"{"access_token": "t2", "expires_in": 600}"#,
        ))
        .mount(&server)
        .await;
    let client = paused_clock_client_for(&server);
    let token = client
        .exchange_code(&talkdesk(), AuthorizationCode::new("c"))
        .await
        .unwrap();
    let session = Session::builder(talkdesk())
        .client(client)
        .token(token)
        .build()
        .unwrap();

    advance(Duration::from_secs(600)).await;
    assert_eq!(secret(&session.token().await.unwrap()), "t2");
    let bodies: Vec<String> = requests_to(&server, "/oauth/token")
        .await
        .iter()
        .map(body_text)
        .collect();
    assert_eq!(bodies.len(), 3);
    assert!(bodies[1].starts_with("grant_type=refresh_token"));
    assert!(bodies[2].starts_with("grant_type=client_credentials"));
}

#[tokio::test(start_paused = true)]
async fn invalid_grant_without_a_login_means_reauthorization() {
    let server = MockServer::start().await;
    Mock::given(body_string_contains("authorization_code"))
        .respond_with(json_response(
            200,
            r#"{"access_token": "t1", "expires_in": "600", "refresh_token": "r1"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(body_string_contains("refresh_token"))
        .respond_with(json_response(
            400,
            r#"{"error": "invalid_grant", "error_description": "revoked"}"#,
        ))
        .mount(&server)
        .await;
    let session = seeded_tali(&server).await;
    advance(Duration::from_secs(600)).await;
    let error = session.token().await.unwrap_err();
    assert!(
        matches!(&error, Error::ReauthorizationRequired { provider: "tali", reason } if reason.contains("invalid_grant")),
        "{error:?}"
    );
    let sent = server.received_requests().await.unwrap().len();

    // Asked again, it answers the same at once: nothing can be sent, so there is no backoff to
    // wait out (the clock is paused: a wait would show), and no request.
    let asked = tokio::time::Instant::now();
    for _ in 0..3 {
        let again = session.token().await.unwrap_err();
        assert!(
            matches!(&again, Error::ReauthorizationRequired { reason, .. } if reason.contains("no refresh token")),
            "{again:?}"
        );
    }
    assert_eq!(
        tokio::time::Instant::now(),
        asked,
        "no backoff before the answer"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), sent);
}

#[tokio::test(start_paused = true)]
async fn an_unseeded_code_flow_session_asks_for_authorization() {
    let server = MockServer::start().await;
    let error = session(tali(), &server).token().await.unwrap_err();
    assert!(
        matches!(error, Error::ReauthorizationRequired { .. }),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_callers_on_an_expired_token_cause_one_request() {
    let issuer = Issuer::new(3600, false);
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(issuer.clone().delay(Duration::from_millis(50)))
        .mount(&server)
        .await;
    let session = live_session(iadvize(), &server);

    let callers: Vec<_> = (0..1000)
        .map(|_| {
            let session = session.clone();
            tokio::spawn(async move { session.token().await })
        })
        .collect();
    for token in results_of(callers).await {
        assert_eq!(secret(&token.unwrap()), "t1");
    }
    assert_eq!(issuer.issued(), 1);
}

/// Waiting callers do not queue on the flight lock: when the renewing caller's future is
/// dropped midway (a caller's own timeout), the lock's release wakes them, and one renews.
#[tokio::test]
async fn a_renewal_dropped_midway_lets_a_waiting_caller_renew() {
    let issuer = Issuer::new(3600, false).delay(Duration::from_millis(200));
    let server = issuing(&issuer).await;
    let session = session(iadvize(), &server);
    let leader = tokio::spawn({
        let session = session.clone();
        async move { session.token().await.map(drop) }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let waiting = tokio::spawn({
        let session = session.clone();
        async move { session.token().await.map(|token| secret(&token).to_owned()) }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    leader.abort();
    let token = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("the waiting caller was left waiting")
        .unwrap()
        .unwrap();
    assert_eq!(
        token, "t2",
        "the dropped renewal's token was never handed out"
    );
    assert_eq!(issuer.issued(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_waiting_caller_gets_the_error_of_the_one_renewal() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            json_response(401, r#"{"error": "invalid_client"}"#)
                .set_delay(Duration::from_millis(50)),
        )
        .mount(&server)
        .await;
    let session = live_session(iadvize(), &server);
    let callers: Vec<_> = (0..100)
        .map(|_| {
            let session = session.clone();
            tokio::spawn(async move { session.token().await })
        })
        .collect();
    for result in results_of(callers).await {
        assert_eq!(
            result.unwrap_err().oauth_code(),
            Some(&OAuthErrorCode::InvalidClient)
        );
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_failed_renewal_is_followed_by_a_backoff_then_a_success() {
    let server = server_answering_first(
        1,
        json_response(400, r#"{"error": "invalid_request"}"#),
        json_response(200, r#"{"access_token": "t", "expires_in": 3600}"#),
    )
    .await;
    let session = Session::builder(iadvize())
        .client(paused_clock_client_for(&server))
        .max_wait(Duration::ZERO)
        .build()
        .unwrap();

    let error = session.token().await.unwrap_err();
    assert_eq!(error.oauth_code(), Some(&OAuthErrorCode::InvalidRequest));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "a 400 is never retried"
    );

    let error = session.token().await.unwrap_err();
    assert!(
        matches!(error, Error::MustWait { reason, .. } if reason.contains("backoff")),
        "{error:?}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "nothing sent during the backoff"
    );

    advance(Duration::from_secs(1)).await;
    assert_eq!(secret(&session.token().await.unwrap()), "t");
}

#[tokio::test(start_paused = true)]
async fn a_waiting_caller_sleeps_through_the_backoff() {
    let server = server_answering_first(
        1,
        json_response(400, r#"{"error": "invalid_request"}"#),
        json_response(200, r#"{"access_token": "t", "expires_in": 3600}"#),
    )
    .await;
    let session = session(iadvize(), &server);
    assert!(session.token().await.is_err());
    let start = Instant::now();
    assert_eq!(secret(&session.token().await.unwrap()), "t");
    assert!(
        start.elapsed() >= Duration::from_millis(100),
        "waited {:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn transient_failures_are_retried_then_succeed() {
    let server = server_answering_first(
        2,
        ResponseTemplate::new(503).set_body_raw("<html>busy</html>", "text/html"),
        json_response(200, r#"{"access_token": "t", "expires_in": 3600}"#),
    )
    .await;
    let session = session(iadvize(), &server);
    assert_eq!(secret(&session.token().await.unwrap()), "t");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn retries_are_bounded() {
    let server = server_answering(ResponseTemplate::new(503)).await;
    let session = session(iadvize(), &server);
    let error = session.token().await.unwrap_err();
    assert!(
        matches!(error, Error::Http { status, .. } if status.as_u16() == 503),
        "{error:?}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "one try and two retries"
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_retry_after_is_honoured() {
    let server = server_answering_first(
        1,
        ResponseTemplate::new(429).insert_header("retry-after", "5"),
        json_response(200, r#"{"access_token": "t", "expires_in": 3600}"#),
    )
    .await;
    let session = session(iadvize(), &server);
    let start = Instant::now();
    assert_eq!(secret(&session.token().await.unwrap()), "t");
    assert!(
        start.elapsed() >= Duration::from_secs(5),
        "waited {:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_longer_than_the_caller_allows_is_returned() {
    let server =
        server_answering(ResponseTemplate::new(429).insert_header("retry-after", "120")).await;
    let session = session(iadvize(), &server);
    let error = session.token().await.unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(120)),
        "{error:?}"
    );
    let error = session.token().await.unwrap_err();
    assert!(
        matches!(&error, Error::MustWait { retry_after, reason, .. } if *retry_after > Duration::from_secs(100) && reason.contains("Retry-After")),
        "the next caller does not send before the provider allows: {error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_eleventh_login_in_a_minute_is_not_sent() {
    let issuer = Issuer::new(86400, false);
    let server = issuing(&issuer).await;
    let session = Session::builder(iadvize())
        .client(paused_clock_client_for(&server))
        .max_wait(Duration::ZERO)
        .build()
        .unwrap();
    for _ in 0..10 {
        session.renew().await.unwrap();
        advance(Duration::from_secs(1)).await;
    }
    let error = session.renew().await.unwrap_err();
    match error {
        Error::MustWait {
            retry_after,
            reason,
            ..
        } => {
            assert_eq!(retry_after, Duration::from_secs(50));
            assert!(reason.contains("login rate limit"));
        }
        other => panic!("expected MustWait, got {other:?}"),
    }
    assert_eq!(issuer.issued(), 10);
}

#[tokio::test(start_paused = true)]
async fn a_caller_that_may_wait_gets_the_next_login_slot() {
    let issuer = Issuer::new(86400, false);
    let server = issuing(&issuer).await;
    let session = Session::builder(iadvize())
        .client(paused_clock_client_for(&server))
        .max_wait(Duration::from_secs(60))
        .build()
        .unwrap();
    for _ in 0..10 {
        session.renew().await.unwrap();
    }
    let start = Instant::now();
    session.renew().await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(60));
    assert_eq!(issuer.issued(), 11);
}

#[tokio::test]
async fn altrata_retries_once_after_a_401_with_the_new_token() {
    let (issuer, server, session) = altrata_with_latest_token_only().await;
    let api = format!("{}/graphql", server.uri());

    let ok = session
        .send(session.client().http().post(&api).body("{}"))
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);

    // Someone else with the same identity asks for a token: ours is terminated.
    client_for(&server).login(&altrata()).await.unwrap();
    let retried = session
        .send(session.client().http().post(&api).body("{}"))
        .await
        .unwrap();
    assert_eq!(
        retried.status(),
        200,
        "one renewal, one retry with the new token"
    );
    assert_eq!(issuer.issued(), 3);

    let calls = requests_to(&server, "/graphql").await;
    assert_eq!(calls.len(), 3);
    assert!(calls
        .iter()
        .all(|c| header(c, "x-api-key").as_deref() == Some("key")));
    assert_eq!(
        header(&calls[2], "authorization").as_deref(),
        Some("Bearer t3")
    );
}

#[tokio::test]
async fn a_403_does_not_renew() {
    let issuer = Issuer::new(3600, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/graphql",
        ResponseTemplate::new(403),
    )
    .await;
    let session = live_session(iadvize(), &server);
    let response = session
        .send(
            session
                .client()
                .http()
                .post(format!("{}/graphql", server.uri())),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(issuer.issued(), 1);
}

#[tokio::test]
async fn concurrent_401s_renew_once() {
    let (issuer, server, session) = altrata_with_latest_token_only().await;
    session.token().await.unwrap();
    client_for(&server).login(&altrata()).await.unwrap(); // kills t1
    let api = format!("{}/graphql", server.uri());
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let session = session.clone();
            let api = api.clone();
            tokio::spawn(async move { session.send(session.client().http().post(api)).await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().status(), 200);
    }
    assert_eq!(issuer.issued(), 3, "t1, the intruder's t2, and one renewal");
}

#[tokio::test(start_paused = true)]
async fn the_hook_and_the_store_see_each_new_token_and_a_new_session_reuses_it() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let store = Arc::new(MemoryStore::new());
    let renewed = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&renewed);
    let first = Session::builder(iadvize())
        .client(paused_clock_client_for(&server))
        .store(store.clone())
        .on_renewal(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    first.token().await.unwrap();
    assert_eq!(renewed.load(Ordering::SeqCst), 1);

    let second = Session::builder(iadvize())
        .client(paused_clock_client_for(&server))
        .store(store.clone())
        .build()
        .unwrap();
    assert_eq!(secret(&second.token().await.unwrap()), "t1");
    assert_eq!(issuer.issued(), 1, "the stored token was reused");
    assert_eq!(second.store_key().identity, "username=agent%40shop.example");

    second.forget().await.unwrap();
    let third = session(iadvize(), &server);
    let third = Session::builder(iadvize())
        .client(third.client().clone())
        .store(store)
        .build()
        .unwrap();
    assert_eq!(
        secret(&third.token().await.unwrap()),
        "t2",
        "forgotten tokens are not reused"
    );
}

#[tokio::test]
async fn a_new_session_renews_an_expired_stored_token_with_its_refresh_token() {
    // Tokens that expire on arrival: the store keeps expiry on the wall clock, which tokio's
    // paused clock does not move.
    let issuer = Issuer::new(0, true);
    let server = issuing(&issuer).await;
    let store = Arc::new(MemoryStore::new());
    let first = Session::builder(tali())
        .client(paused_clock_client_for(&server))
        .store(store.clone())
        .token(
            paused_clock_client_for(&server)
                .exchange_code(&tali(), AuthorizationCode::new("c"))
                .await
                .unwrap(),
        )
        .build()
        .unwrap();
    first.renew().await.unwrap(); // t2, r2 saved
    drop(first);

    let second = Session::builder(tali())
        .client(paused_clock_client_for(&server))
        .store(store)
        .build()
        .unwrap();
    assert_eq!(secret(&second.token().await.unwrap()), "t3");
    let last = requests_to(&server, "/oauth/token").await.pop().unwrap();
    assert!(
        body_text(&last).contains(r#""refresh_token":"r2""#),
        "{}",
        body_text(&last)
    );
}

#[tokio::test]
async fn the_validity_check_is_a_typed_answer() {
    let issuer = Issuer::new(3600, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/_authenticated",
        json_response(
            401,
            r#"{"error_description": "access token not valid", "error": "invalid_token"}"#,
        ),
    )
    .await;
    let session = live_session(iadvize(), &server);
    assert_eq!(
        session.check_validity().await.unwrap(),
        Validity::Invalid {
            reason: "invalid_token: access token not valid".into()
        }
    );
}

#[tokio::test(start_paused = true)]
async fn while_the_old_token_is_valid_a_failed_renewal_still_serves_it() {
    let server = server_answering_first(
        1,
        json_response(200, r#"{"access_token": "t1", "expires_in": 3600}"#),
        ResponseTemplate::new(500),
    )
    .await;
    let session = session(iadvize(), &server);
    session.token().await.unwrap();
    advance(Duration::from_secs(3600 - 30)).await;
    assert_eq!(
        secret(&session.token().await.unwrap()),
        "t1",
        "inside the margin, not expired"
    );
    advance(Duration::from_secs(60)).await;
    let error = session.token().await.unwrap_err();
    assert!(
        matches!(error, Error::Http { .. } | Error::MustWait { .. }),
        "{error:?}"
    );
}

#[test]
fn the_api_base_is_the_declared_one_or_none() {
    let iadvize = Session::new(iadvize()).unwrap();
    let base = iadvize.api_base().expect("declared").unwrap();
    assert_eq!(base.as_str(), "https://api.iadvize.com/graphql");
    assert!(Session::new(altrata()).unwrap().api_base().is_none());
}

#[test]
fn debug_of_a_session_shows_no_secret() {
    let session = Session::new(iadvize()).unwrap();
    let shown = format!("{session:?}");
    assert!(
        shown.contains("iadvize") && !shown.contains("pw\""),
        "{shown}"
    );
}

/// A session starting up reads a valid stored token without the store's lease: it does not
/// wait for a renewal another process holds the lease for, nor take and announce a lease of
/// its own.
#[tokio::test(start_paused = true)]
async fn a_starting_session_reads_a_valid_stored_token_without_the_lease() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let store = Arc::new(MemoryStore::new());
    let first = Session::builder(iadvize())
        .client(paused_clock_client_for(&server))
        .store(store.clone())
        .build()
        .unwrap();
    first.token().await.unwrap();
    let terms = auth_runtime::LeaseTerms {
        ttl: Duration::from_secs(60),
        wait: Duration::ZERO,
    };
    let held = auth_runtime::TokenStore::lease(store.as_ref(), first.store_key(), terms)
        .await
        .unwrap();

    let starting = Session::builder(iadvize())
        .client(paused_clock_client_for(&server))
        .store(store.clone())
        .build()
        .unwrap();
    let asked = Instant::now();
    assert_eq!(secret(&starting.token().await.unwrap()), "t1");
    assert_eq!(Instant::now(), asked, "no wait for the lease");
    assert_eq!(issuer.issued(), 1);
    held.release().await.unwrap();
}

/// `try_token` is the cached read without a future: the token while it is not due, `None`
/// before the first token and once it is due (it never renews).
#[tokio::test(start_paused = true)]
async fn try_token_reads_the_cache_and_never_renews() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let session = session(iadvize(), &server);
    assert!(session.try_token().is_none());
    session.token().await.unwrap();
    assert_eq!(secret(&session.try_token().unwrap()), "t1");
    advance(Duration::from_secs(3600 - 59)).await;
    assert!(session.try_token().is_none(), "due: the margin is 60 s");
    assert_eq!(issuer.issued(), 1);
}
