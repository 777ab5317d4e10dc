//! The device authorization grant (RFC 8628): the codes asked for and shown, the polling
//! discipline (never sooner than the interval, 5 seconds slower for good after `slow_down`, on
//! through `authorization_pending`), each way it ends as a typed error, cancellation by drop,
//! GitHub's errors in a 200 and Microsoft's words for them, over real HTTP on loopback; and the
//! emulator running the same states.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use auth_runtime::testkit::{Emulator, EmulatorConfig};
use auth_runtime::{Error, ExposeSecret, Session};
use auth_tests::*;
use providers::{GitHubDevice, MicrosoftDevice};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

fn github() -> GitHubDevice {
    GitHubDevice {
        client_id: "Iv1.cli-app".into(),
        scope: Some("repo read:org".into()),
    }
}

fn microsoft() -> MicrosoftDevice {
    MicrosoftDevice {
        tenant: "common".into(),
        client_id: "00000000-aaaa-bbbb-cccc-000000000001".into(),
        scope: "User.Read offline_access".into(),
    }
}

/// Answers each request with the next of `replies` (the last one again once they run out),
/// and records when each came.
#[derive(Clone)]
struct Script {
    replies: Arc<Mutex<Vec<ResponseTemplate>>>,
    times: Arc<Mutex<Vec<Instant>>>,
}

impl Script {
    fn new(replies: Vec<ResponseTemplate>) -> Self {
        Script {
            replies: Arc::new(Mutex::new(replies.into_iter().rev().collect())),
            times: Arc::default(),
        }
    }

    fn gaps(&self) -> Vec<Duration> {
        let times = self.times.lock().unwrap();
        times.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.times.lock().unwrap().push(Instant::now());
        let mut replies = self.replies.lock().unwrap();
        if replies.len() > 1 {
            replies.pop().unwrap()
        } else {
            replies[0].clone()
        }
    }
}

/// A server with a device endpoint at `device_path` answering `device` and a token endpoint
/// at `token_path` playing `polls`.
async fn device_server(
    device_path: &str,
    device: ResponseTemplate,
    token_path: &str,
    polls: &Script,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(device_path))
        .respond_with(device)
        .mount(&server)
        .await;
    Mock::given(path(token_path))
        .respond_with(polls.clone())
        .mount(&server)
        .await;
    server
}

fn codes(interval: u64, expires_in: u64) -> ResponseTemplate {
    json_response(
        200,
        &format!(
            r#"{{"device_code": "3584d83530557fdd1f46af8289938c8ef79f9dc5", "user_code": "WDJB-MJHT", "verification_uri": "https://github.com/login/device", "expires_in": {expires_in}, "interval": {interval}}}"#
        ),
    )
}

/// GitHub's way: HTTP 200 with the error in the body.
fn github_error(code: &str) -> ResponseTemplate {
    json_response(200, &format!(r#"{{"error": "{code}"}}"#))
}

fn requests_to<'r>(requests: &'r [Request], route: &str) -> Vec<&'r Request> {
    requests.iter().filter(|r| r.url.path() == route).collect()
}

#[tokio::test]
async fn github_polls_at_the_interval_slows_down_for_good_and_gets_the_token() {
    let polls = Script::new(vec![
        github_error("authorization_pending"),
        github_error("slow_down"),
        github_error("authorization_pending"),
        json_response(
            200,
            r#"{"access_token": "gho_16C7e42F292c6912E7710c838347Ae178B4a", "token_type": "bearer", "scope": "repo,read:org"}"#,
        ),
    ]);
    let server = device_server(
        "/login/device/code",
        codes(1, 900),
        "/login/oauth/access_token",
        &polls,
    )
    .await;
    let client = client_for(&server);
    let device = client.start_device_authorization(&github()).await.unwrap();
    assert_eq!(device.user_code(), "WDJB-MJHT");
    assert_eq!(device.verification_uri(), "https://github.com/login/device");
    assert_eq!(device.verification_uri_complete(), None);
    assert_eq!(device.interval(), Duration::from_secs(1));
    assert_eq!(device.expires_in(), Duration::from_secs(900));
    assert!(
        !format!("{device:?}").contains("3584d83530557fdd"),
        "Debug hides the device code"
    );

    let started = Instant::now();
    let token = client
        .poll_device_authorization(&github(), &device)
        .await
        .unwrap();
    assert_eq!(
        token.access_token().expose_secret(),
        "gho_16C7e42F292c6912E7710c838347Ae178B4a"
    );
    assert!(started.elapsed() >= Duration::from_secs(1 + 1 + 6 + 6));

    let gaps = polls.gaps();
    assert_eq!(gaps.len(), 3, "four polls");
    assert!(gaps[0] >= Duration::from_secs(1), "{gaps:?}");
    assert!(
        gaps[1] >= Duration::from_secs(6) && gaps[2] >= Duration::from_secs(6),
        "slow_down adds 5 s for the rest of the polling: {gaps:?}"
    );

    let requests = server.received_requests().await.unwrap();
    let ask = requests_to(&requests, "/login/device/code");
    assert_eq!(
        form_pairs(ask[0]),
        [
            ("client_id".to_owned(), "Iv1.cli-app".to_owned()),
            ("scope".to_owned(), "repo read:org".to_owned())
        ]
    );
    assert_eq!(
        header(ask[0], "accept").as_deref(),
        Some("application/json")
    );
    for poll in requests_to(&requests, "/login/oauth/access_token") {
        assert_eq!(
            form_pairs(poll),
            [
                ("grant_type".to_owned(), DEVICE_GRANT.to_owned()),
                (
                    "device_code".to_owned(),
                    "3584d83530557fdd1f46af8289938c8ef79f9dc5".to_owned()
                ),
                ("client_id".to_owned(), "Iv1.cli-app".to_owned()),
            ],
            "no scope and no secret on a poll"
        );
        assert_eq!(header(poll, "accept").as_deref(), Some("application/json"));
    }
}

#[tokio::test]
async fn a_refusal_and_an_expired_code_are_typed_errors_in_microsoft_s_words_too() {
    for (answer, denied) in [
        (r#"{"error": "access_denied"}"#, true),
        (
            r#"{"error": "authorization_declined", "error_description": "AADSTS70000: the user declined"}"#,
            true,
        ),
        (r#"{"error": "expired_token"}"#, false),
    ] {
        let polls = Script::new(vec![json_response(400, answer)]);
        let server = device_server(
            "/common/oauth2/v2.0/devicecode",
            json_response(
                200,
                r#"{"device_code": "DAQABAAEAAAD", "user_code": "FQK5HW3UF", "verification_uri": "https://microsoft.com/devicelogin", "expires_in": "900", "interval": "1", "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FQK5HW3UF to authenticate."}"#,
            ),
            "/common/oauth2/v2.0/token",
            &polls,
        )
        .await;
        let client = client_for(&server);
        let device = client
            .start_device_authorization(&microsoft())
            .await
            .unwrap();
        assert!(device.message().unwrap().contains("FQK5HW3UF"));
        assert_eq!(
            device.expires_in(),
            Duration::from_secs(900),
            "seconds as a string"
        );
        let error = client
            .poll_device_authorization(&microsoft(), &device)
            .await
            .unwrap_err();
        if denied {
            assert!(
                matches!(
                    error,
                    Error::AuthorizationDenied {
                        provider: "microsoft-device",
                        ..
                    }
                ),
                "{error:?}"
            );
        } else {
            assert!(
                matches!(error, Error::DeviceCodeExpired { .. }),
                "{error:?}"
            );
        }
        assert!(!format!("{error} {error:?}").contains("DAQABAAEAAAD"));
    }
}

#[tokio::test]
async fn the_codes_expiring_while_pending_end_the_polling_without_a_late_request() {
    let polls = Script::new(vec![github_error("authorization_pending")]);
    let server = device_server(
        "/login/device/code",
        codes(1, 3),
        "/login/oauth/access_token",
        &polls,
    )
    .await;
    let client = client_for(&server);
    let device = client.start_device_authorization(&github()).await.unwrap();
    let error = client
        .poll_device_authorization(&github(), &device)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::DeviceCodeExpired { .. }),
        "{error:?}"
    );
    assert!(polls.gaps().len() <= 2, "no poll after the codes expired");
}

#[tokio::test]
async fn dropping_the_polling_cancels_it() {
    let polls = Script::new(vec![github_error("authorization_pending")]);
    let server = device_server(
        "/login/device/code",
        codes(1, 900),
        "/login/oauth/access_token",
        &polls,
    )
    .await;
    let client = client_for(&server);
    let device = client.start_device_authorization(&github()).await.unwrap();
    let provider = github();
    let polling = client.poll_device_authorization(&provider, &device);
    assert!(tokio::time::timeout(Duration::from_millis(2500), polling)
        .await
        .is_err());
    let before = polls.times.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        polls.times.lock().unwrap().len(),
        before,
        "no poll after the drop"
    );
    assert!(before >= 1);
}

#[tokio::test]
async fn a_device_endpoint_that_refuses_or_answers_nonsense_is_a_typed_error() {
    for (reply, expect_oauth) in [
        (json_response(401, r#"{"error": "invalid_client"}"#), true),
        (github_error("device_flow_disabled"), true),
        (
            json_response(
                200,
                r#"{"device_code": "d", "verification_uri": "https://x"}"#,
            ),
            false,
        ),
        (
            ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"),
            false,
        ),
    ] {
        let polls = Script::new(vec![github_error("authorization_pending")]);
        let server = device_server(
            "/login/device/code",
            reply,
            "/login/oauth/access_token",
            &polls,
        )
        .await;
        let error = client_for(&server)
            .start_device_authorization(&github())
            .await
            .unwrap_err();
        match error {
            Error::OAuth { .. } => assert!(expect_oauth),
            Error::Parse { ref reason, .. } => {
                assert!(!expect_oauth);
                assert!(reason.contains("user_code"), "{reason}");
            }
            Error::Http { status, .. } => assert_eq!(status.as_u16(), 502),
            other => panic!("unexpected {other:?}"),
        }
    }
}

fn fast() -> EmulatorConfig {
    EmulatorConfig {
        device_interval: Duration::from_secs(1),
        ..EmulatorConfig::default()
    }
}

#[tokio::test]
async fn through_the_emulator_an_approval_seeds_a_session_that_refreshes() {
    let emulator = Emulator::start_with(microsoft(), fast()).await.unwrap();
    let client = emulator.client().unwrap();
    let device = client
        .start_device_authorization(&microsoft())
        .await
        .unwrap();
    assert!(device
        .verification_uri_complete()
        .unwrap()
        .ends_with(device.user_code()));
    assert!(!emulator.approve_device("NOT-A-CODE"));
    let provider = microsoft();
    let polling = client.poll_device_authorization(&provider, &device);
    let approve = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(emulator.approve_device(device.user_code()));
    };
    let (token, ()) = tokio::join!(polling, approve);
    let token = token.unwrap();
    assert!(token.refresh_token().is_some());
    let session = Session::builder(microsoft())
        .client(client)
        .token(token)
        .build()
        .unwrap();
    session.renew().await.unwrap();
}

#[tokio::test]
async fn through_the_emulator_a_denial_is_refused_and_a_hasty_poll_slowed_down() {
    let emulator = Emulator::start_with(github(), fast()).await.unwrap();
    let client = emulator.client().unwrap();
    let device = client.start_device_authorization(&github()).await.unwrap();
    assert!(emulator.deny_device(device.user_code()));
    let error = client
        .poll_device_authorization(&github(), &device)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::AuthorizationDenied { .. }),
        "{error:?}"
    );

    // A client of its own polling twice at once is told to slow down.
    let body: serde_json::Value = {
        let answer = reqwest::Client::new()
            .post(emulator.url("/login/device/code"))
            .header("accept", "application/json")
            .form(&[("client_id", "Iv1.cli-app"), ("scope", "repo read:org")])
            .send()
            .await
            .unwrap();
        serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap()
    };
    let poll = || async {
        let answer = reqwest::Client::new()
            .post(emulator.url("/login/oauth/access_token"))
            .header("accept", "application/json")
            .form(&[
                ("grant_type", DEVICE_GRANT),
                ("device_code", body["device_code"].as_str().unwrap()),
                ("client_id", "Iv1.cli-app"),
            ])
            .send()
            .await
            .unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
        json["error"].as_str().unwrap_or_default().to_owned()
    };
    assert_eq!(poll().await, "authorization_pending");
    assert_eq!(poll().await, "slow_down");

    // Codes that expire are refused as expired.
    let config = EmulatorConfig {
        device_interval: Duration::from_secs(1),
        device_expires_in: Duration::from_secs(2),
        ..EmulatorConfig::default()
    };
    let emulator = Emulator::start_with(github(), config).await.unwrap();
    let client = emulator.client().unwrap();
    let device = client.start_device_authorization(&github()).await.unwrap();
    let error = client
        .poll_device_authorization(&github(), &device)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::DeviceCodeExpired { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_absurd_interval_or_lifetime_is_bounded_not_a_panic() {
    let polls = Script::new(vec![github_error("authorization_pending")]);
    let server = device_server(
        "/login/device/code",
        json_response(
            200,
            r#"{"device_code": "d", "user_code": "U", "verification_uri": "https://x.example", "expires_in": 18446744073709551615, "interval": 18446744073709551615}"#,
        ),
        "/login/oauth/access_token",
        &polls,
    )
    .await;
    let device = client_for(&server)
        .start_device_authorization(&github())
        .await
        .unwrap();
    assert_eq!(device.interval(), Duration::from_secs(3600));
    assert_eq!(device.expires_in(), Duration::from_secs(86_400));
}
