//! The testkit's emulators: every seed provider through a session against its emulator,
//! every fault leading to its typed error and then to recovery, the emulator refusing
//! requests that break the declaration, and token endpoints with a fixed query. Client
//! assertions are in `emulator_assertion.rs`.

use std::time::Duration;

use auth_runtime::testkit::{Emulator, EmulatorConfig, Fault};
use auth_runtime::{
    Client, Error, ExposeSecret, OAuthErrorCode, Provider, SecretString, Session, Validity,
};
use providers::{Altrata, IAdvize, Tali, Talkdesk, TalkdeskRegion, Talview, TalviewGraphql};

fn talview() -> Talview {
    Talview {
        username: "u@x.com".into(),
        password: SecretString::from("pw"),
        tenant_id: 1,
    }
}
fn iadvize() -> IAdvize {
    IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("pw"),
    }
}
fn altrata() -> Altrata {
    Altrata {
        username: "analyst".into(),
        password: SecretString::from("pw"),
        api_key: SecretString::from("key"),
    }
}
fn talkdesk() -> Talkdesk {
    Talkdesk {
        account: "acme".into(),
        region: TalkdeskRegion::Eu,
        client_id: "cid".into(),
        client_secret: SecretString::from("cs"),
        scope: Some("users:read".into()),
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

fn session<P: Provider>(provider: P, emulator: &Emulator<P>) -> Session<P> {
    Session::builder(provider)
        .client(emulator.client().unwrap())
        .build()
        .unwrap()
}

/// Runs the code flow against an emulator, playing the browser.
async fn code_flow<P: Provider + Clone>(
    provider: &P,
    emulator: &Emulator<P>,
) -> auth_runtime::Token {
    auth_tests::code_flow(provider, &emulator.client().unwrap()).await
}

#[tokio::test]
async fn talview_logs_in_and_logs_in_again() {
    let emulator = Emulator::start(talview()).await.unwrap();
    let session = session(talview(), &emulator);
    assert_eq!(
        session
            .token()
            .await
            .unwrap()
            .access_token()
            .expose_secret(),
        "talview-access-1"
    );
    assert_eq!(
        session
            .renew()
            .await
            .unwrap()
            .access_token()
            .expose_secret(),
        "talview-access-2"
    );
    let request = &emulator.requests()[0];
    assert_eq!(request.path, "/api/rest/auth_user_login");
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"{"username":"u@x.com","password":"pw","tenant_id":1}"#
    );
}

#[tokio::test]
async fn talviews_graphql_route_is_emulated_too() {
    let provider = TalviewGraphql {
        username: "u".into(),
        password: SecretString::from("pw"),
        tenant_id: 3,
    };
    let emulator = Emulator::start(provider.clone()).await.unwrap();
    let token = session(provider, &emulator).token().await.unwrap();
    assert_eq!(
        token.access_token().expose_secret(),
        "talview-graphql-access-1"
    );
    assert_eq!(emulator.requests()[0].path, "/v1/graphql");
}

#[tokio::test]
async fn iadvize_sentinel_validity_and_login_limit() {
    let emulator = Emulator::start(iadvize()).await.unwrap();
    let session = Session::builder(iadvize())
        .client(emulator.client().unwrap())
        .max_wait(Duration::ZERO)
        .build()
        .unwrap();
    let token = session.token().await.unwrap();
    assert!(
        token.refresh_token().is_none(),
        "\"none\" is no refresh token"
    );
    assert_eq!(session.check_validity().await.unwrap(), Validity::Valid);
    for _ in 0..9 {
        session.renew().await.unwrap();
    }
    let error = session.renew().await.unwrap_err();
    assert!(
        matches!(error, Error::MustWait { .. }),
        "the session keeps to the limit: {error:?}"
    );
    // A client that ignores the limit meets the emulator's.
    let error = emulator
        .client()
        .unwrap()
        .login(&iadvize())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::RateLimited {
                retry_after: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn altrata_revokes_older_tokens_and_the_api_call_recovers() {
    let config = EmulatorConfig {
        revoke_older_tokens: true,
        token_lifetime: Duration::from_secs(28800),
        api_path: Some("/graphql".into()),
        ..Default::default()
    };
    let emulator = Emulator::start_with(altrata(), config).await.unwrap();
    let session = session(altrata(), &emulator);
    let api = emulator.url("/graphql");
    assert_eq!(
        session
            .send(session.client().http().post(&api))
            .await
            .unwrap()
            .status(),
        200
    );

    emulator.client().unwrap().login(&altrata()).await.unwrap(); // terminates the session's token
    let response = session
        .send(session.client().http().post(&api))
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "one renewal, one retry");
    assert_eq!(emulator.issued(), 3);
    let calls: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.path == "/graphql")
        .collect();
    assert_eq!(calls.len(), 3);
    assert!(calls.iter().all(|c| c.header("x-api-key") == Some("key")));
    let login = &emulator.requests()[0];
    assert_eq!(
        login.query.as_deref(),
        Some("grant_type=client_credentials")
    );
}

#[tokio::test]
async fn talkdesk_client_credentials_and_code_flow() {
    let emulator = Emulator::start(talkdesk()).await.unwrap();
    let session = session(talkdesk(), &emulator);
    assert_eq!(
        session
            .token()
            .await
            .unwrap()
            .access_token()
            .expose_secret(),
        "talkdesk-access-1"
    );
    let token = code_flow(&talkdesk(), &emulator).await;
    assert!(token.refresh_token().is_some());
    let seeded = Session::builder(talkdesk())
        .client(emulator.client().unwrap())
        .token(token)
        .build()
        .unwrap();
    let renewed = seeded.renew().await.unwrap();
    assert!(renewed
        .refresh_token()
        .unwrap()
        .expose_secret()
        .starts_with("talkdesk-refresh-"));
}

#[tokio::test]
async fn tali_code_flow_string_expiry_and_rotation() {
    let config = EmulatorConfig {
        expires_in_as_string: true,
        token_lifetime: Duration::from_secs(86400),
        ..Default::default()
    };
    let emulator = Emulator::start_with(tali(), config).await.unwrap();
    let token = code_flow(&tali(), &emulator).await;
    assert_eq!(token.lifetime(), Some(Duration::from_secs(86400)));
    let first_refresh = token.refresh_token().unwrap().expose_secret().to_owned();
    let session = Session::builder(tali())
        .client(emulator.client().unwrap())
        .token(token)
        .build()
        .unwrap();
    let renewed = session.renew().await.unwrap();
    assert_ne!(
        renewed.refresh_token().unwrap().expose_secret(),
        first_refresh
    );
    let reused = emulator
        .client()
        .unwrap()
        .refresh(&tali(), &SecretString::from(first_refresh))
        .await
        .unwrap_err();
    assert_eq!(
        reused.oauth_code(),
        Some(&OAuthErrorCode::InvalidGrant),
        "a rotated refresh token is good once"
    );
}

/// What a fault's error must look like.
type Expectation = fn(&Error) -> bool;

#[tokio::test]
async fn every_fault_gives_its_typed_error_then_recovers() {
    let emulator = Emulator::start(iadvize()).await.unwrap();
    let client = Client::builder()
        .origin(emulator.origin())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let faults: Vec<(Fault, Expectation)> = vec![
        (
            Fault::ServerError,
            |e| matches!(e, Error::Http { status, excerpt, .. } if status.as_u16() == 502 && excerpt.contains("Bad Gateway")),
        ),
        (
            Fault::TooManyRequests {
                retry_after: Duration::from_secs(7),
            },
            |e| matches!(e, Error::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 7),
        ),
        (Fault::Stall(Duration::from_secs(2)), |e| {
            matches!(e, Error::Timeout { .. })
        }),
        (Fault::TruncatedBody, |e| {
            matches!(e, Error::Transport { .. } | Error::Parse { .. })
        }),
        (Fault::ErrorIn200, |e| {
            e.oauth_code() == Some(&OAuthErrorCode::TemporarilyUnavailable)
        }),
    ];
    for (fault, expected) in faults {
        emulator.inject(fault.clone());
        let error = client.login(&iadvize()).await.unwrap_err();
        assert!(expected(&error), "{fault:?} gave {error:?}");
        assert!(
            client.login(&iadvize()).await.is_ok(),
            "recovered after {fault:?}"
        );
    }
}

#[tokio::test]
async fn an_error_in_a_200_is_talviews_refusal() {
    let emulator = Emulator::start(talview()).await.unwrap();
    emulator.inject(Fault::ErrorIn200);
    let error = emulator
        .client()
        .unwrap()
        .login(&talview())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Refused { .. }), "{error:?}");
}

#[tokio::test]
async fn invalid_grant_on_refresh_leads_to_login_or_reauthorization() {
    let emulator = Emulator::start(talkdesk()).await.unwrap();
    let token = code_flow(&talkdesk(), &emulator).await;
    let session = Session::builder(talkdesk())
        .client(emulator.client().unwrap())
        .token(token)
        .build()
        .unwrap();
    emulator.inject(Fault::InvalidGrantOnNextRefresh);
    session.renew().await.unwrap();
    let last = emulator.requests().pop().unwrap();
    assert!(
        String::from_utf8_lossy(&last.body).starts_with("grant_type=client_credentials"),
        "fell back to a login"
    );

    let tali_emulator = Emulator::start(tali()).await.unwrap();
    let token = code_flow(&tali(), &tali_emulator).await;
    let session = Session::builder(tali())
        .client(tali_emulator.client().unwrap())
        .token(token)
        .build()
        .unwrap();
    tali_emulator.inject(Fault::InvalidGrantOnNextRefresh);
    assert!(matches!(
        session.renew().await.unwrap_err(),
        Error::ReauthorizationRequired { .. }
    ));
}

#[tokio::test]
async fn recorded_requests_do_not_show_credentials_in_debug() {
    let emulator = Emulator::start(altrata()).await.unwrap();
    emulator.client().unwrap().login(&altrata()).await.unwrap();
    let shown = format!("{:?}", emulator.requests());
    assert!(
        shown.contains("x-api-key") && shown.contains("/oauth2/token"),
        "{shown}"
    );
    let request = &emulator.requests()[0];
    for secret in [request.header("authorization").unwrap(), "\"key\""] {
        assert!(!shown.contains(secret), "`{secret}` in {shown}");
    }
}

#[tokio::test]
async fn the_emulator_refuses_wrong_credentials() {
    let emulator = Emulator::start(iadvize()).await.unwrap();
    let wrong = IAdvize {
        password: SecretString::from("not-it"),
        ..iadvize()
    };
    let error = emulator.client().unwrap().login(&wrong).await.unwrap_err();
    assert_eq!(error.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    assert!(
        error.to_string().contains("wrong `password`") && !error.to_string().contains("not-it")
    );

    let emulator = Emulator::start(talkdesk()).await.unwrap();
    let wrong = Talkdesk {
        client_secret: SecretString::from("other"),
        ..talkdesk()
    };
    let error = emulator.client().unwrap().login(&wrong).await.unwrap_err();
    assert!(
        matches!(&error, Error::OAuth { error, .. } if error.code == "invalid_client" && error.status.as_u16() == 401),
        "{error:?}"
    );
}

/// An integration that got iAdvize wrong: JSON instead of a form.
#[derive(Provider)]
#[oauth(
    grant = "password",
    encoding = "json",
    endpoint = "https://api.iadvize.com/oauth2/token"
)]
struct JsonIAdvize {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

/// Another: Talview without its tenant.
#[derive(Provider)]
#[oauth(
    grant = "login",
    encoding = "json",
    endpoint = "https://api.talview.com/api/rest/auth_user_login"
)]
#[oauth(
    envelope = "auth_user_login.data",
    success_flag = "auth_user_login.success",
    error_message = "auth_user_login.error_message"
)]
struct TenantlessTalview {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

#[tokio::test]
async fn the_emulator_is_not_a_yes_machine() {
    let emulator = Emulator::start(iadvize()).await.unwrap();
    let broken = JsonIAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("pw"),
    };
    let error = emulator.client().unwrap().login(&broken).await.unwrap_err();
    assert!(
        matches!(&error, Error::OAuth { error, .. } if error.code == "invalid_request" && error.description.as_deref().unwrap_or_default().contains("application/x-www-form-urlencoded")),
        "{error:?}"
    );

    let emulator = Emulator::start(talview()).await.unwrap();
    let broken = TenantlessTalview {
        username: "u@x.com".into(),
        password: SecretString::from("pw"),
    };
    let error = emulator.client().unwrap().login(&broken).await.unwrap_err();
    assert!(
        matches!(&error, Error::Refused { message, .. } if message == "missing parameter `tenant_id`"),
        "{error:?}"
    );
}

/// A provider declared only here: its emulator needs no code of its own.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "json",
    endpoint = "https://{tenant}.login.example.com/v2/token"
)]
#[oauth(
    client_auth = "body",
    validity_endpoint = "https://{tenant}.login.example.com/v2/me",
    api_base = "https://{tenant}.api.example.com/v2"
)]
struct Homegrown {
    tenant: String,
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(api_header = "x-tenant")]
    tenant_header: String,
}

#[tokio::test]
async fn a_provider_declared_in_a_test_gets_an_emulator_for_free() {
    let provider = Homegrown {
        tenant: "acme".into(),
        client_id: "cid".into(),
        client_secret: SecretString::from("cs"),
        tenant_header: "acme".into(),
    };
    let emulator = Emulator::start(provider.clone()).await.unwrap();
    let session = session(provider, &emulator);
    assert_eq!(
        session
            .token()
            .await
            .unwrap()
            .access_token()
            .expose_secret(),
        "homegrown-access-1"
    );
    assert_eq!(session.check_validity().await.unwrap(), Validity::Valid);
    let response = session
        .send(session.client().http().get(emulator.url("/v2/items")))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let request = &emulator.requests()[0];
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"{"grant_type":"client_credentials","client_id":"cid","client_secret":"cs"}"#
    );
}

/// A token endpoint with a fixed query (an absolute URL): the query is part of the route.
#[derive(Provider, Clone)]
#[oauth(
    grant = "login",
    encoding = "form",
    endpoint = "https://accounts.example.com/v1/token?grant_type=account_credentials"
)]
struct AccountLogin {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

/// The same path under a base URL setting.
#[derive(Provider, Clone)]
#[oauth(
    grant = "login",
    encoding = "form",
    endpoint = "/v1/token?grant_type=account_credentials"
)]
struct RelativeAccountLogin {
    #[oauth(base_url)]
    base_url: String,
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

/// Fixed pairs and a placeholder in the query, and the parameters in the query too: the
/// endpoint's pairs come first.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "query",
    endpoint = "https://login.example.com/v2/token?api-version=2024-01&tenant={tenant}"
)]
#[oauth(client_auth = "basic")]
struct VersionedQuery {
    tenant: String,
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(scope)]
    scope: Option<String>,
}

fn account_login() -> AccountLogin {
    AccountLogin {
        username: "ops@acme.example".into(),
        password: SecretString::from("pw"),
    }
}

fn versioned() -> VersionedQuery {
    VersionedQuery {
        tenant: "acme eu".into(),
        client_id: "cid".into(),
        client_secret: SecretString::from("cs"),
        scope: Some("read write".into()),
    }
}

/// Posts `body` as a form to `path_and_query` on the emulator; the status and the JSON answer.
async fn post_form<P: Provider>(
    emulator: &Emulator<P>,
    path_and_query: &str,
    body: &'static str,
) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(emulator.url(path_and_query))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn a_fixed_query_on_an_absolute_endpoint_is_sent_and_required() {
    let emulator = Emulator::start(account_login()).await.unwrap();
    let token = session(account_login(), &emulator).token().await.unwrap();
    assert_eq!(
        token.access_token().expose_secret(),
        "accountlogin-access-1"
    );
    let request = &emulator.requests()[0];
    assert_eq!(request.path, "/v1/token");
    assert_eq!(
        request.query.as_deref(),
        Some("grant_type=account_credentials")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "username=ops%40acme.example&password=pw"
    );

    let body = "username=ops%40acme.example&password=pw";
    let (status, answer) = post_form(&emulator, "/v1/token", body).await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error_description"]
            .as_str()
            .unwrap()
            .contains("must begin with the token endpoint's own `grant_type=account_credentials`"),
        "{answer}"
    );
    let (status, answer) = post_form(
        &emulator,
        "/v1/token?grant_type=account_credentials&debug=1",
        body,
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error_description"]
            .as_str()
            .unwrap()
            .contains("unexpected query parameter `debug`"),
        "{answer}"
    );
    let (status, answer) = post_form(&emulator, "/v1/token?grant_type=password", body).await;
    assert_eq!(status, 400, "{answer}");
    let (status, answer) =
        post_form(&emulator, "/v1/token?grant_type=account_credentials", body).await;
    assert_eq!(
        status, 200,
        "the declared query, and nothing else: {answer}"
    );

    // Beside it, an endpoint that declares no query still takes none.
    let emulator = Emulator::start(iadvize()).await.unwrap();
    let (status, answer) = post_form(
        &emulator,
        "/oauth2/token?debug=1",
        "grant_type=password&username=agent%40shop.example&password=pw",
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["error_description"],
        "the token endpoint takes no query string"
    );
}

#[tokio::test]
async fn a_fixed_query_under_a_base_url_is_sent_and_required() {
    let provider = RelativeAccountLogin {
        base_url: "https://accounts.example.com/api/".into(),
        username: "ops".into(),
        password: SecretString::from("pw"),
    };
    let emulator = Emulator::start(provider.clone()).await.unwrap();
    session(provider, &emulator).token().await.unwrap();
    let request = &emulator.requests()[0];
    assert_eq!(request.path, "/api/v1/token");
    assert_eq!(
        request.query.as_deref(),
        Some("grant_type=account_credentials")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "username=ops&password=pw"
    );
    let (status, _) = post_form(&emulator, "/api/v1/token", "username=ops&password=pw").await;
    assert_eq!(status, 400, "the fixed query is required");
}

#[tokio::test]
async fn with_encoding_query_the_fixed_pairs_come_first_then_the_parameters() {
    let emulator = Emulator::start(versioned()).await.unwrap();
    let session = session(versioned(), &emulator);
    session.token().await.unwrap();
    session.renew().await.unwrap();
    let request = &emulator.requests()[0];
    assert_eq!(request.path, "/v2/token");
    assert_eq!(
        request.query.as_deref(),
        Some("api-version=2024-01&tenant=acme%20eu&grant_type=client_credentials&scope=read+write")
    );
    assert!(request.body.is_empty());
    assert_eq!(emulator.issued(), 2);

    let basic = format!(
        "Basic {}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "cid:cs")
    );
    let send = |query: &'static str| {
        let (url, basic) = (emulator.url(query), basic.clone());
        async move {
            let response = reqwest::Client::new()
                .post(url)
                .header("authorization", basic)
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        }
    };
    let fixed = "api-version=2024-01&tenant=acme%20eu";
    assert_eq!(
        send("/v2/token?api-version=2024-01&tenant=acme%20eu&grant_type=client_credentials&scope=read+write").await,
        200,
        "what the client sends"
    );
    for refused in [
        "/v2/token?grant_type=client_credentials&scope=read+write&api-version=2024-01&tenant=acme%20eu",
        "/v2/token?grant_type=client_credentials&scope=read+write",
        "/v2/token?api-version=2023-01&tenant=acme%20eu&grant_type=client_credentials&scope=read+write",
        "/v2/token?api-version=2024-01&tenant=acme%20eu&grant_type=client_credentials&scope=read+write&extra=1",
    ] {
        assert_eq!(send(refused).await, 400, "{refused} (the fixed part is {fixed})");
    }
}
