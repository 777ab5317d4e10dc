//! Token requests and responses beyond RFC 6749, each a word of the vocabulary: constant
//! parameters, another `grant_type`, a `GET` login, the token under another path, expiry as a
//! lifetime in milliseconds, an instant or never, a declared lifetime, a body that is the token,
//! a success flag beside a flat token object, and an API base named by the token response. Each
//! over loopback, exactly, and through the emulator.

use std::time::Duration;

use auth_runtime::testkit::Emulator;
use auth_runtime::{Error, ExposeSecret, Provider, SecretString, Session};
use auth_tests::*;

/// Zoom's server-to-server OAuth: its own grant type, the account id beside it, HTTP Basic.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://zoom.example.com/oauth/token"
)]
#[oauth(grant_type = "account_credentials", client_auth = "basic")]
struct AccountCredentials {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(param)]
    account_id: String,
}

/// Auth0's client credentials: a constant `audience`, and typed constants in a JSON body.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "json",
    endpoint = "https://tenant.example.com/oauth/token"
)]
#[oauth(client_auth = "body", param = "audience=https://api.example.com/")]
#[oauth(
    param = "isEncrypted=false",
    param = "version=2",
    param = "tag=\"007\""
)]
struct Audience {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

/// A login taken by GET, its parameters in the query, the token under `data`, its expiry an
/// instant in milliseconds.
#[derive(Provider, Clone)]
#[oauth(
    grant = "login",
    encoding = "query",
    method = "get",
    endpoint = "https://api.example.com/auth"
)]
#[oauth(
    access_token_path = "data.accessToken",
    refresh_token_path = "data.refreshToken"
)]
#[oauth(
    expiry = "epoch_milliseconds",
    expiry_path = "data.expiresAt",
    renew = "login"
)]
struct GetLogin {
    #[oauth(param = "clientId")]
    client: String,
}

/// A login whose answer says nothing of expiry, documented to last a day (Personio).
#[derive(Provider, Clone)]
#[oauth(
    grant = "login",
    encoding = "json",
    endpoint = "https://api.example.com/v1/auth"
)]
#[oauth(
    client_auth = "body",
    access_token_path = "data.token",
    lifetime = "24h"
)]
struct DeclaredLifetime {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

/// Tokens that last until revoked (GitHub's OAuth apps).
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://github.example.com/login/oauth/access_token"
)]
#[oauth(client_auth = "body", expiry = "never")]
struct NeverExpires {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

/// A body that is the token itself.
#[derive(Provider, Clone)]
#[oauth(
    grant = "password",
    encoding = "form",
    endpoint = "https://api.example.com/token"
)]
#[oauth(response = "text", lifetime = "1h")]
struct TextBody {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

/// Slack's `oauth.v2.access` shape: `ok` beside the token object, the user's token under
/// `authed_user`; and, to exercise the word, a lifetime in milliseconds (Slack's own is in
/// seconds).
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://slack.example.com/api/oauth.v2.access"
)]
#[oauth(client_auth = "body", success_flag = "ok", error_message = "error")]
#[oauth(
    access_token_path = "authed_user.access_token",
    expiry = "milliseconds"
)]
struct FlatFlag {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

/// An expiry written as RFC 3339 text.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://api.example.com/token"
)]
#[oauth(client_auth = "basic", expiry = "rfc3339", expiry_path = "expiresAt")]
struct Rfc3339 {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

/// Salesforce: the token response names the instance the API lives on.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://login.example.com/services/oauth2/token"
)]
#[oauth(client_auth = "body", api_base_from = "instance_url")]
struct InstanceUrl {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text)
}

#[tokio::test]
async fn a_declared_grant_type_replaces_the_grant_s_own() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "eyJz", "token_type": "bearer", "expires_in": 3599, "scope": "user:read"}"#,
    ))
    .await;
    let provider = AccountCredentials {
        client_id: "cid".into(),
        client_secret: secret("cs"),
        account_id: "acct-1".into(),
    };
    let token = client_for(&server).login(&provider).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        body_text(&request),
        "grant_type=account_credentials&account_id=acct-1"
    );
    assert_eq!(header(&request, "authorization"), Some(basic("cid", "cs")));
    assert_eq!(token.lifetime(), Some(Duration::from_secs(3599)));
    assert_eq!(
        AccountCredentials::INFO.login_grant_type(),
        Some("account_credentials")
    );
}

#[tokio::test]
async fn constant_parameters_keep_their_json_types() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "eyJ", "token_type": "Bearer", "expires_in": 86400}"#,
    ))
    .await;
    let provider = Audience {
        client_id: "cid".into(),
        client_secret: secret("cs"),
    };
    client_for(&server).login(&provider).await.unwrap();
    let request = only_request(&server).await;
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "grant_type": "client_credentials",
            "audience": "https://api.example.com/",
            "isEncrypted": false,
            "version": 2,
            "tag": "007",
            "client_id": "cid",
            "client_secret": "cs",
        })
    );
}

#[tokio::test]
async fn a_get_login_reads_its_token_and_its_instant_from_paths() {
    let in_an_hour = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 3_600_000;
    let body = format!(
        r#"{{"data": {{"accessToken": "jwt.x", "refreshToken": "rt.y", "expiresAt": {in_an_hour}}}}}"#
    );
    let server = server_answering(json_response(200, &body)).await;
    let provider = GetLogin {
        client: "app".into(),
    };
    let token = client_for(&server).login(&provider).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.query(), Some("clientId=app"));
    assert!(request.body.is_empty());
    assert_eq!(token.access_token().expose_secret(), "jwt.x");
    assert_eq!(token.refresh_token().unwrap().expose_secret(), "rt.y");
    let lifetime = token.lifetime().unwrap();
    assert!(
        lifetime <= Duration::from_secs(3600) && lifetime >= Duration::from_secs(3590),
        "{lifetime:?}"
    );
    assert_eq!(
        token.extra_names().collect::<Vec<_>>(),
        ["data"],
        "the tokens were moved out of the extras"
    );
    assert_eq!(
        token.extra("data"),
        Some(&serde_json::json!({"expiresAt": in_an_hour as u64}))
    );
}

#[tokio::test]
async fn a_silent_response_gets_the_declared_lifetime() {
    let server = server_answering(json_response(
        200,
        r#"{"success": true, "data": {"token": "pers.tok"}}"#,
    ))
    .await;
    let provider = DeclaredLifetime {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let token = client_for(&server).login(&provider).await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "pers.tok");
    assert_eq!(token.lifetime(), Some(Duration::from_secs(86400)));
}

#[tokio::test]
async fn a_token_that_never_expires_is_never_renewed() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "gho_16C7e42F292c6912E7710c838347Ae178B4a", "scope": "repo,gist", "token_type": "bearer"}"#,
    ))
    .await;
    let provider = NeverExpires {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let session = Session::builder(provider)
        .client(client_for(&server))
        .build()
        .unwrap();
    let token = session.token().await.unwrap();
    assert!(token.never_expires() && !token.is_expired());
    assert_eq!(token.lifetime(), None);
    assert!(token.time_left() > Duration::from_secs(300 * 24 * 3600));
    session.token().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let stored = token.to_stored();
    assert!(stored.never_expires);
    assert!(auth_runtime::Token::from_stored(stored).never_expires());
}

#[tokio::test]
async fn a_text_body_is_the_token() {
    let server = server_answering(
        wiremock::ResponseTemplate::new(200).set_body_raw(b"  tok.3n+/=\n".to_vec(), "text/plain"),
    )
    .await;
    let provider = TextBody {
        username: "u".into(),
        password: secret("p"),
    };
    let token = client_for(&server).login(&provider).await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "tok.3n+/=");
    assert_eq!(token.token_type(), "Bearer");
    assert_eq!(token.lifetime(), Some(Duration::from_secs(3600)));

    let html = server_answering(
        wiremock::ResponseTemplate::new(200)
            .set_body_raw(b"<html><body>Sign in</body></html>".to_vec(), "text/html"),
    )
    .await;
    let error = client_for(&html).login(&provider).await.unwrap_err();
    assert!(matches!(error, Error::Parse { .. }), "{error:?}");
    let error_in_200 = server_answering(json_response(
        200,
        r#"{"error": "invalid_grant", "error_description": "bad password"}"#,
    ))
    .await;
    let error = client_for(&error_in_200)
        .login(&provider)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::OAuth { .. }), "{error:?}");
}

#[tokio::test]
async fn a_flag_beside_a_flat_token_object_refuses_and_a_path_finds_the_user_token() {
    let refused = server_answering(json_response(
        200,
        r#"{"ok": false, "error": "invalid_code"}"#,
    ))
    .await;
    let provider = FlatFlag {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let error = client_for(&refused).login(&provider).await.unwrap_err();
    match error {
        Error::Refused { message, .. } => assert_eq!(message, "invalid_code"),
        other => panic!("{other:?}"),
    }
    let granted = server_answering(json_response(
        200,
        r#"{"ok": true, "access_token": "xoxb-bot", "token_type": "bot", "scope": "commands",
            "authed_user": {"id": "U1234", "scope": "chat:write", "access_token": "xoxp-user", "token_type": "user"},
            "expires_in": 43200000}"#,
    ))
    .await;
    let token = client_for(&granted).login(&provider).await.unwrap();
    assert_eq!(token.access_token().expose_secret(), "xoxp-user");
    assert_eq!(token.lifetime(), Some(Duration::from_secs(43200)));
}

#[tokio::test]
async fn an_rfc_3339_expiry_is_an_instant() {
    let at = time::OffsetDateTime::now_utc() + time::Duration::hours(2);
    let text = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let body = format!(r#"{{"access_token": "a", "expiresAt": "{text}"}}"#);
    let server = server_answering(json_response(200, &body)).await;
    let provider = Rfc3339 {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let token = client_for(&server).login(&provider).await.unwrap();
    let lifetime = token.lifetime().unwrap();
    assert!(lifetime > Duration::from_secs(7100) && lifetime <= Duration::from_secs(7200));
    let bad = server_answering(json_response(
        200,
        r#"{"access_token": "a", "expiresAt": "tomorrow"}"#,
    ))
    .await;
    let error = client_for(&bad).login(&provider).await.unwrap_err();
    assert!(matches!(error, Error::Parse { .. }), "{error:?}");
}

#[tokio::test]
async fn the_token_s_instance_url_is_the_api_base_and_the_only_new_destination() {
    let server = wiremock::MockServer::start().await;
    let instance = format!("{}/services", server.uri());
    let body = format!(
        r#"{{"access_token": "00D!AQ", "instance_url": "{instance}", "token_type": "Bearer", "issued_at": "1278448832702"}}"#
    );
    wiremock::Mock::given(wiremock::matchers::path("/services/oauth2/token"))
        .respond_with(json_response(200, &body))
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path("/services/data/v62.0"))
        .respond_with(json_response(200, "{}"))
        .mount(&server)
        .await;
    let provider = InstanceUrl {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    // No origin override: the token endpoint is reached on the server by its own URL.
    let session = Session::builder(provider)
        .client(client_for(&server))
        .build()
        .unwrap();
    assert!(session.api_base().is_none(), "no token yet, no API base");
    session.token().await.unwrap();
    let base = session.api_base().unwrap().unwrap();
    assert_eq!(base.as_str(), instance);
    let response = session
        .send(
            session
                .client()
                .http()
                .get(format!("{instance}/data/v62.0")),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let elsewhere = session
        .send(session.client().http().get("https://evil.example.net/data"))
        .await
        .unwrap_err();
    assert!(
        matches!(elsewhere, Error::OriginNotAllowed { .. }),
        "{elsewhere:?}"
    );
}

#[tokio::test]
async fn an_instance_url_over_plain_http_is_refused() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "00D!AQ", "instance_url": "http://na1.example.com"}"#,
    ))
    .await;
    let provider = InstanceUrl {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let session = Session::builder(provider)
        .client(client_for(&server))
        .build()
        .unwrap();
    let error = session
        .send(session.client().http().get("http://na1.example.com/x"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InsecureEndpoint { .. }), "{error:?}");
}

/// Every shape above, through a session against its emulator: the emulator answers in the
/// declared shape, and the session reads it back.
#[tokio::test]
async fn the_emulator_answers_every_shape_as_declared() {
    async fn round_trip<P: Provider + Clone>(provider: P) -> auth_runtime::TokenRef {
        let emulator = Emulator::start(provider.clone()).await.unwrap();
        let session = Session::builder(provider)
            .client(emulator.client().unwrap())
            .build()
            .unwrap();
        let token = session.token().await.unwrap();
        assert_eq!(emulator.issued(), 1, "{}", P::INFO.name());
        token
    }
    let zoom = round_trip(AccountCredentials {
        client_id: "cid".into(),
        client_secret: secret("cs"),
        account_id: "a".into(),
    })
    .await;
    assert!(zoom.lifetime().is_some());
    round_trip(Audience {
        client_id: "cid".into(),
        client_secret: secret("cs"),
    })
    .await;
    let get = round_trip(GetLogin {
        client: "app".into(),
    })
    .await;
    assert!(get.lifetime().unwrap() > Duration::from_secs(3000));
    let never = round_trip(NeverExpires {
        client_id: "id".into(),
        client_secret: secret("s"),
    })
    .await;
    assert!(never.never_expires());
    let text = round_trip(TextBody {
        username: "u".into(),
        password: secret("p"),
    })
    .await;
    assert_eq!(text.lifetime(), Some(Duration::from_secs(3600)));
    round_trip(FlatFlag {
        client_id: "id".into(),
        client_secret: secret("s"),
    })
    .await;
    let rfc = round_trip(Rfc3339 {
        client_id: "id".into(),
        client_secret: secret("s"),
    })
    .await;
    assert!(rfc.lifetime().unwrap() > Duration::from_secs(3000));
    let instance = InstanceUrl {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let emulator = Emulator::start(instance.clone()).await.unwrap();
    let session = Session::builder(instance)
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    session.token().await.unwrap();
    let base = session.api_base().unwrap().unwrap();
    let url = session
        .client()
        .endpoint(base.join("api/records").unwrap())
        .unwrap();
    let response = session
        .send(session.client().http().get(url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

/// eBay's token type is not a scheme name; its API takes `Bearer`.
#[derive(Provider, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://api.example.com/identity/v1/oauth2/token"
)]
#[oauth(client_auth = "basic", auth_format = "Bearer {token}")]
struct TypeUnused {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

#[tokio::test]
async fn a_token_type_that_never_goes_on_the_wire_is_kept_as_sent_and_scopes_may_be_a_list() {
    let body = r#"{"access_token": "v^1.1#i", "expires_in": 7200, "token_type": "User Access Token", "scope": ["a:read", "b:write"]}"#;
    let server = server_answering(json_response(200, body)).await;
    let provider = TypeUnused {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let client = client_for(&server);
    let token = client.login(&provider).await.unwrap();
    assert_eq!(token.token_type(), "User Access Token");
    assert_eq!(token.scope(), Some("a:read b:write"));
    let headers = client.api_headers(&provider, &token).unwrap();
    assert_eq!(headers.get("authorization").unwrap(), "Bearer v^1.1#i");
    // Where the type would go in the header, it must be a scheme name.
    let standard = Rfc3339 {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let error = client.login(&standard).await.unwrap_err();
    assert!(matches!(error, Error::Parse { .. }), "{error:?}");
}

/// A token renewed by presenting it (`renew = "token"`), with a login as the fallback.
#[derive(Provider, Clone)]
#[oauth(
    grant = "password",
    encoding = "form",
    endpoint = "https://api.example.com/auth/token"
)]
#[oauth(
    renew = "token",
    renew_endpoint = "https://api.example.com/auth/keep-alive"
)]
#[oauth(validity_endpoint = "https://api.example.com/auth")]
struct Presented {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

fn presented() -> Presented {
    Presented {
        username: "u".into(),
        password: secret("p"),
    }
}

#[tokio::test]
async fn a_presented_token_is_replaced_and_the_old_one_stops_working() {
    let emulator = Emulator::start(presented()).await.unwrap();
    let session = Session::builder(presented())
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    let first = session.token().await.unwrap().to_arc();
    let second = session.renew().await.unwrap().to_arc();
    assert_ne!(
        first.access_token().expose_secret(),
        second.access_token().expose_secret()
    );
    let paths: Vec<String> = emulator.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/auth/token", "/auth/keep-alive"],
        "no second login"
    );
    assert_eq!(
        session.check_validity().await.unwrap(),
        auth_runtime::Validity::Valid
    );
    // The emulator revoked the presented token, as the keep-alive does.
    let stale = session
        .client()
        .check_validity(session.provider(), &first)
        .await
        .unwrap();
    assert!(matches!(stale, auth_runtime::Validity::Invalid { .. }));
}

#[tokio::test]
async fn a_refused_presentation_falls_back_to_a_login() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/auth/token"))
        .respond_with(json_response(
            200,
            r#"{"access_token": "t", "expires_in": 3600}"#,
        ))
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path("/auth/keep-alive"))
        .respond_with(json_response(401, r#"{"error": "invalid_token"}"#))
        .mount(&server)
        .await;
    let session = Session::builder(presented())
        .client(client_for(&server))
        .build()
        .unwrap();
    session.token().await.unwrap();
    session.renew().await.unwrap();
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/auth/token", "/auth/keep-alive", "/auth/token"]);
}

/// A provider's own error object beside its success flag (Personio's documented refusal).
#[derive(Provider, Clone)]
#[oauth(
    grant = "login",
    encoding = "json",
    endpoint = "https://api.example.com/v1/auth"
)]
#[oauth(
    client_auth = "body",
    access_token_path = "data.token",
    lifetime = "24h"
)]
#[oauth(success_flag = "success", error_message = "error.message")]
struct ErrorObject {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

#[tokio::test]
async fn an_error_object_is_a_refusal_in_the_provider_s_words_not_a_parse_failure() {
    let provider = ErrorObject {
        client_id: "id".into(),
        client_secret: secret("s"),
    };
    let refused = server_answering(json_response(
        200,
        r#"{"success": false, "error": {"code": 0, "message": "Invalid credentials"}}"#,
    ))
    .await;
    match client_for(&refused).login(&provider).await.unwrap_err() {
        Error::Refused { message, .. } => assert_eq!(message, "Invalid credentials"),
        other => panic!("{other:?}"),
    }
    let in_a_401 = server_answering(json_response(
        401,
        r#"{"success": false, "error": {"code": 401, "message": "Unauthorized"}}"#,
    ))
    .await;
    let error = client_for(&in_a_401).login(&provider).await.unwrap_err();
    assert!(
        matches!(error, Error::Refused { .. } | Error::Http { .. }),
        "{error:?}"
    );
}

/// A token endpoint that wants its own media type: a declared `Accept` replaces the default.
#[derive(Provider, Clone)]
#[oauth(
    grant = "password",
    encoding = "json",
    endpoint = "https://api.example.com/auth"
)]
#[oauth(token_header = "Accept: application/vnd.api+json")]
struct OwnAccept {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

#[tokio::test]
async fn a_declared_accept_header_is_the_only_one() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "t", "expires_in": 60}"#,
    ))
    .await;
    let provider = OwnAccept {
        username: "u".into(),
        password: secret("p"),
    };
    client_for(&server).login(&provider).await.unwrap();
    let request = only_request(&server).await;
    let accept: Vec<_> = request.headers.get_all("accept").iter().collect();
    assert_eq!(accept, ["application/vnd.api+json"]);

    // Without one, the default: JSON, once.
    let plain = server_answering(json_response(
        200,
        r#"{"access_token": "t", "expires_in": 60}"#,
    ))
    .await;
    client_for(&plain).login(&presented()).await.unwrap();
    let request = only_request(&plain).await;
    let accept: Vec<_> = request.headers.get_all("accept").iter().collect();
    assert_eq!(accept, ["application/json"]);
}
