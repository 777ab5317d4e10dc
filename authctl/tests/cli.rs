//! `authctl` end to end: the real binary against loopback servers, with a private cache.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use auth_tests::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PASSWORD: &str = "pa55word-never-printed";

/// One user's `authctl`: its own cache directory, and environment for secrets.
struct Authctl {
    cache: tempfile::TempDir,
    env: Vec<(String, String)>,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Authctl {
    fn new() -> Self {
        Authctl {
            cache: tempfile::tempdir().unwrap(),
            env: Vec::new(),
        }
    }

    fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_authctl"));
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AUTHCTL_CACHE", self.cache.path())
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null());
        command
    }

    async fn run(&self, args: &[&str]) -> Run {
        let mut command = self.command(args);
        let output: Output = tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    fn cached_files(&self) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(self.cache.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect()
    }
}

fn iadvize_user() -> Authctl {
    Authctl::new().env("IADVIZE_PASSWORD", PASSWORD)
}

/// A token endpoint issuing from `issuer`, and an iAdvize user of authctl pointed at it.
async fn iadvize_at(issuer: &Issuer) -> (MockServer, Authctl) {
    let server = token_and_api(
        "/oauth2/token",
        issuer,
        "/unused",
        ResponseTemplate::new(404),
    )
    .await;
    let user = iadvize_user()
        .env("IADVIZE_USERNAME", "agent@shop.example")
        .env("AUTHCTL_ORIGIN", &server.uri());
    (server, user)
}

async fn logins(server: &MockServer, route: &str) -> usize {
    let requests = server.received_requests().await.unwrap();
    requests.iter().filter(|r| r.url.path() == route).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn providers_lists_every_provider_with_its_settings() {
    let user = Authctl::new();
    let text = user.run(&["providers"]).await;
    assert_eq!(text.code, 0);
    for name in [
        "talview",
        "talview-graphql",
        "tali",
        "iadvize",
        "altrata",
        "talkdesk",
        "talkdesk-app",
        "spotify",
    ] {
        assert!(
            text.stdout.contains(name),
            "{name} missing from {}",
            text.stdout
        );
    }
    let json = user.run(&["providers", "--format", "json"]).await;
    let list: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let talkdesk = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "talkdesk")
        .unwrap();
    assert_eq!(
        talkdesk["grants"],
        serde_json::json!(["client_credentials", "authorization_code", "refresh_token"])
    );
    let region = talkdesk["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "region")
        .unwrap();
    assert_eq!(region["choices"], serde_json::json!(["us", "eu", "ca"]));
    let secret = talkdesk["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "client_secret")
        .unwrap();
    assert_eq!(secret["secret"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn token_logs_in_then_serves_the_cache_then_renews_on_expiry() {
    // A token living 8 s is renewed from 4 s on (the margin is at most half the lifetime):
    // time enough for the second run to start on a loaded machine, where each run is a
    // process of its own.
    let issuer = Issuer::new(8, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/unused",
        ResponseTemplate::new(404),
    )
    .await;
    let user = iadvize_user();
    let args = [
        "token",
        "iadvize",
        "--set",
        "username=agent@shop.example",
        "--origin",
        &server.uri(),
    ];

    let first = user.run(&args).await;
    assert_eq!(
        (first.code, first.stdout.trim()),
        (0, "t1"),
        "{}",
        first.stderr
    );
    let second = user.run(&args).await;
    assert_eq!(second.stdout.trim(), "t1");
    assert_eq!(
        issuer.issued(),
        1,
        "the second run was served from the cache"
    );

    tokio::time::sleep(Duration::from_millis(4100)).await;
    let third = user.run(&args).await;
    assert_eq!(
        third.stdout.trim(),
        "t2",
        "an expired token leads to a new login"
    );
    let body = body_text(&server.received_requests().await.unwrap()[1]);
    assert!(
        body.starts_with("grant_type=password&username=agent%40shop.example"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn token_formats() {
    let issuer = Issuer::new(3600, false);
    let (_server, user) = iadvize_at(&issuer).await;

    let header = user.run(&["token", "iadvize", "--format", "header"]).await;
    assert_eq!(
        header.stdout.trim(),
        "Authorization: Bearer t1",
        "{}",
        header.stderr
    );
    let json = user.run(&["token", "iadvize", "--format", "json"]).await;
    let token: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(token["access_token"], "t1");
    assert_eq!(token["token_type"], "Bearer");
    assert!(token["expires_in"].as_u64().unwrap() > 3590);
    assert!(token["expires_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(token["never_expires"], false);
    assert_eq!(token["has_refresh_token"], false);
    assert_eq!(token["scope"], serde_json::Value::Null);
}

/// Altrata's token endpoint (tokens from `issuer`) and a user with its password and API key.
async fn altrata_with_an_api_key(issuer: &Issuer) -> (MockServer, Authctl) {
    let server = token_and_api(
        "/oauth2/token",
        issuer,
        "/unused",
        ResponseTemplate::new(404),
    )
    .await;
    let user = Authctl::new()
        .env("ALTRATA_PASSWORD", PASSWORD)
        .env("ALTRATA_API_KEY", "the-api-key");
    (server, user)
}

#[tokio::test(flavor = "multi_thread")]
async fn header_prints_every_header_an_api_call_needs() {
    let issuer = Issuer::new(28800, false);
    let (server, user) = altrata_with_an_api_key(&issuer).await;
    let run = user
        .run(&[
            "header",
            "altrata",
            "--set",
            "username=analyst",
            "--origin",
            &server.uri(),
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        ["Authorization: Bearer t1", "x-api-key: the-api-key"]
    );
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), Some("grant_type=client_credentials"));
}

#[tokio::test(flavor = "multi_thread")]
async fn token_format_header_is_the_authorization_line_of_header() {
    let issuer = Issuer::new(28800, false);
    let (server, user) = altrata_with_an_api_key(&issuer).await;
    let target = [
        "altrata",
        "--set",
        "username=analyst",
        "--origin",
        &server.uri(),
    ];
    let token = user
        .run(&[&["token"][..], &target, &["--format", "header"]].concat())
        .await;
    assert_eq!(token.code, 0, "{}", token.stderr);
    let header = user.run(&[&["header"][..], &target].concat()).await;
    assert_eq!(header.code, 0, "{}", header.stderr);
    assert_eq!(
        token.stdout.lines().collect::<Vec<_>>(),
        ["Authorization: Bearer t1"],
        "the Authorization line alone: the API key is `header`'s"
    );
    assert_eq!(
        header.stdout.lines().next(),
        Some("Authorization: Bearer t1")
    );
    assert_eq!(issuer.issued(), 1, "the second run read the cache");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_seed_provider_gets_a_token() {
    let talview = server_answering(json_response(
        200,
        r#"{"auth_user_login": {"success": true, "error_message": null, "data": {"access_token": "tv", "expires_in": 3600, "refresh_token": "r"}}}"#,
    ))
    .await;
    let user = Authctl::new().env("TALVIEW_PASSWORD", PASSWORD);
    let run = user
        .run(&[
            "token",
            "talview",
            "--set",
            "username=u",
            "--set",
            "tenant_id=7",
            "--origin",
            &talview.uri(),
        ])
        .await;
    assert_eq!((run.code, run.stdout.trim()), (0, "tv"), "{}", run.stderr);
    assert_eq!(json_body(&only_request(&talview).await)["tenant_id"], 7);

    let talkdesk = server_answering(json_response(
        200,
        r#"{"access_token": "td", "expires_in": 600}"#,
    ))
    .await;
    let user = Authctl::new().env("TALKDESK_CLIENT_SECRET", "cs");
    let run = user
        .run(&[
            "token",
            "talkdesk",
            "--set",
            "account=acme",
            "--set",
            "region=eu",
            "--set",
            "client_id=cid",
            "--origin",
            &talkdesk.uri(),
        ])
        .await;
    assert_eq!((run.code, run.stdout.trim()), (0, "td"), "{}", run.stderr);
    assert_eq!(
        header(&only_request(&talkdesk).await, "authorization"),
        Some(basic("cid", "cs"))
    );
}

/// An authorize endpoint that grants at once: it redirects to the redirect URI with a code
/// and the state it was given, as a provider does after the user clicks "Accept".
struct GrantAtOnce;

impl wiremock::Respond for GrantAtOnce {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let pairs: std::collections::HashMap<String, String> =
            request.url.query_pairs().into_owned().collect();
        let location = format!(
            "{}?code=the-code&state={}",
            pairs["redirect_uri"], pairs["state"]
        );
        ResponseTemplate::new(302).insert_header("location", location.as_str())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn login_runs_the_code_flow_then_token_refreshes_on_expiry() {
    // Renewed from 4 s on: time enough for the cached read to come first on a loaded machine.
    let issuer = Issuer::new(8, true);
    let server = MockServer::start().await;
    Mock::given(path("/oauth/authorize"))
        .respond_with(GrantAtOnce)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(issuer.clone())
        .mount(&server)
        .await;
    let user = Authctl::new().env("TALI_CLIENT_SECRET", "cs");
    let settings = [
        "--set".to_owned(),
        format!("base_url={}", server.uri()),
        "--set".to_owned(),
        "client_id=cid".to_owned(),
        "--set".to_owned(),
        "redirect_uri=https://app.example/cb".to_owned(),
    ];

    let mut login = user.command(&["login", "tali", "--no-browser", "--timeout", "20"]);
    login.args(&settings).stderr(Stdio::piped());
    let mut child = login.spawn().unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (url_sender, url_receiver) = std::sync::mpsc::channel();
    let rest = std::thread::spawn(move || {
        let mut lines = stderr.lines().map_while(Result::ok);
        for line in lines.by_ref() {
            if line.starts_with("http") {
                url_sender.send(line).unwrap();
                break;
            }
        }
        lines.collect::<Vec<_>>().join("\n")
    });
    let url = tokio::task::spawn_blocking(move || url_receiver.recv().unwrap())
        .await
        .unwrap();
    // The browser: opens the URL, is redirected to authctl's loopback listener.
    let page = reqwest::get(&url).await.unwrap();
    assert_eq!(page.status(), 200);
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    let said = rest.join().unwrap();
    assert!(status.success(), "{said}");
    assert!(said.contains("authorized tali: token cached"), "{said}");
    assert_eq!(issuer.issued(), 1);
    let exchange = body_text(
        &server
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.method.as_str() == "POST")
            .unwrap(),
    );
    assert!(
        exchange.contains(r#""code":"the-code""#) && exchange.contains("http://127.0.0.1:"),
        "{exchange}"
    );

    let args: Vec<&str> = ["token", "tali"]
        .into_iter()
        .chain(settings.iter().map(String::as_str))
        .collect();
    let cached = user.run(&args).await;
    assert_eq!(cached.stdout.trim(), "t1", "{}", cached.stderr);
    assert_eq!(issuer.issued(), 1);
    tokio::time::sleep(Duration::from_millis(4100)).await;
    let refreshed = user.run(&args).await;
    assert_eq!(refreshed.stdout.trim(), "t2", "{}", refreshed.stderr);
    let last = server.received_requests().await.unwrap().pop().unwrap();
    assert!(body_text(&last).starts_with(r#"{"grant_type":"refresh_token","refresh_token":"r1""#));
}

#[tokio::test(flavor = "multi_thread")]
async fn check_says_valid_invalid_or_missing_with_its_exit_status() {
    let issuer = Issuer::new(3600, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/_authenticated",
        json_response(200, r#"{"authenticated": true}"#),
    )
    .await;
    let user = iadvize_user()
        .env("IADVIZE_USERNAME", "agent@shop.example")
        .env("AUTHCTL_ORIGIN", &server.uri());
    let missing = user.run(&["check", "iadvize"]).await;
    assert_eq!(missing.code, 1, "no token cached yet: {}", missing.stdout);
    assert_eq!(issuer.issued(), 0, "check never logs in");

    user.run(&["token", "iadvize"]).await;
    let valid = user.run(&["check", "iadvize"]).await;
    assert_eq!(
        (valid.code, valid.stdout.trim()),
        (0, "valid: iadvize accepted the token")
    );

    server.reset().await;
    Mock::given(path("/_authenticated"))
        .respond_with(json_response(
            401,
            r#"{"error_description": "access token not valid", "error": "invalid_token"}"#,
        ))
        .mount(&server)
        .await;
    let invalid = user.run(&["check", "iadvize"]).await;
    assert_eq!(
        (invalid.code, invalid.stdout.trim()),
        (1, "invalid: invalid_token: access token not valid")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn request_prints_the_body_and_fails_on_a_non_2xx() {
    let issuer = Issuer::new(3600, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/graphql",
        json_response(200, r#"{"data": {"ok": true}}"#),
    )
    .await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such thing"))
        .mount(&server)
        .await;
    let user = iadvize_user()
        .env("IADVIZE_USERNAME", "agent@shop.example")
        .env("AUTHCTL_ORIGIN", &server.uri());

    let ok = user
        .run(&[
            "request",
            "iadvize",
            "https://api.iadvize.com/graphql",
            "--method",
            "POST",
            "--data",
            "{\"query\": \"{ me }\"}",
            "--header",
            "Content-Type: application/json",
        ])
        .await;
    assert_eq!(
        (ok.code, ok.stdout.as_str()),
        (0, r#"{"data": {"ok": true}}"#),
        "{}",
        ok.stderr
    );
    let call = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.url.path() == "/graphql")
        .unwrap();
    assert_eq!(call.method.as_str(), "POST");
    assert_eq!(header(&call, "authorization").as_deref(), Some("Bearer t1"));
    assert_eq!(
        header(&call, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(body_text(&call), "{\"query\": \"{ me }\"}");

    let missing = user
        .run(&["request", "iadvize", "https://api.iadvize.com/missing"])
        .await;
    assert_eq!(missing.code, 3);
    assert_eq!(missing.stdout, "no such thing");
}

#[tokio::test(flavor = "multi_thread")]
async fn request_renews_once_on_a_401() {
    let (issuer, server) = altrata_latest_token_only().await;
    let user = Authctl::new()
        .env("ALTRATA_USERNAME", "analyst")
        .env("ALTRATA_PASSWORD", PASSWORD)
        .env("ALTRATA_API_KEY", "key")
        .env("AUTHCTL_ORIGIN", &server.uri());
    user.run(&["token", "altrata"]).await;
    client_for(&server)
        .login(&providers::Altrata {
            username: "analyst".into(),
            password: PASSWORD.to_owned().into(),
            api_key: "key".to_owned().into(),
        })
        .await
        .unwrap(); // another login: the cached token is terminated
    let run = user
        .run(&[
            "request",
            "altrata",
            "https://api.altrata.com/graphql",
            "--method",
            "POST",
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(issuer.issued(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_forgets_the_cached_token() {
    let issuer = Issuer::new(3600, false);
    let (_server, user) = iadvize_at(&issuer).await;
    user.run(&["token", "iadvize"]).await;
    assert_eq!(user.cached_files().len(), 1);
    let logout = user.run(&["logout", "iadvize"]).await;
    assert_eq!(logout.code, 0);
    assert!(user.cached_files().is_empty());
    assert_eq!(user.run(&["token", "iadvize"]).await.stdout.trim(), "t2");
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_and_settings_errors_exit_2_and_say_how_to_fix_them() {
    let user = Authctl::new();
    let secret = user
        .run(&[
            "token",
            "iadvize",
            "--set",
            "username=u",
            "--set",
            &format!("password={PASSWORD}"),
        ])
        .await;
    assert_eq!(secret.code, 2);
    assert!(
        secret
            .stderr
            .contains("refusing `password` on the command line")
            && secret.stderr.contains("IADVIZE_PASSWORD")
    );

    let missing = user.run(&["token", "talview", "--set", "username=u"]).await;
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains(
            "setting `tenant_id` is required: give --set tenant_id=VALUE or set TALVIEW_TENANT_ID"
        ),
        "{}",
        missing.stderr
    );
    assert!(
        missing
            .stderr
            .contains("setting `password` is required: set TALVIEW_PASSWORD in the environment"),
        "{}",
        missing.stderr
    );

    let malformed = Authctl::new()
        .env("TALVIEW_PASSWORD", "p")
        .run(&[
            "token",
            "talview",
            "--set",
            "username=u",
            "--set",
            "tenant_id=seven",
        ])
        .await;
    assert_eq!(malformed.code, 2);
    assert!(
        malformed
            .stderr
            .contains("setting `tenant_id` must be a whole number"),
        "{}",
        malformed.stderr
    );

    let region = user
        .run(&["token", "talkdesk", "--set", "region=mars"])
        .await;
    assert!(
        region
            .stderr
            .contains("setting `region` must be one of `us`, `eu`, `ca`"),
        "{}",
        region.stderr
    );

    let unknown = user.run(&["token", "nosuch"]).await;
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no provider named `nosuch`"));

    let origin = user
        .run(&["token", "iadvize", "--origin", "http://example.com"])
        .await;
    assert_eq!(origin.code, 2);
    assert!(
        origin
            .stderr
            .contains("plain http is accepted only for a loopback address"),
        "{}",
        origin.stderr
    );

    assert_eq!(user.run(&["frobnicate"]).await.code, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_exits_3_with_the_providers_message() {
    let server = server_answering(json_response(
        400,
        r#"{"error": "invalid_grant", "error_description": "Invalid username and password combination"}"#,
    ))
    .await;
    let user = iadvize_user()
        .env("IADVIZE_USERNAME", "agent@shop.example")
        .env("AUTHCTL_ORIGIN", &server.uri());
    let run = user.run(&["token", "iadvize"]).await;
    assert_eq!(run.code, 3);
    assert!(
        run.stderr
            .contains("invalid_grant (HTTP 400): Invalid username and password combination"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());

    let talview = server_answering(json_response(
        200,
        r#"{"auth_user_login": {"success": false, "error_message": "Invalid tenant"}}"#,
    ))
    .await;
    let user = Authctl::new().env("TALVIEW_PASSWORD", PASSWORD);
    let run = user
        .run(&[
            "token",
            "talview",
            "--set",
            "username=u",
            "--set",
            "tenant_id=1",
            "--origin",
            &talview.uri(),
        ])
        .await;
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("Invalid tenant"));
}

#[tokio::test(flavor = "multi_thread")]
async fn transport_and_server_failures_exit_4() {
    let server =
        server_answering(ResponseTemplate::new(503).set_body_string("<html>down</html>")).await;
    let user = iadvize_user().env("IADVIZE_USERNAME", "agent@shop.example");
    let run = user
        .run(&["token", "iadvize", "--origin", &server.uri()])
        .await;
    assert_eq!(run.code, 4, "{}", run.stderr);

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let run = user.run(&["token", "iadvize", "--origin", &origin]).await;
    assert_eq!(run.code, 4, "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_connection_prints_the_cause_behind_the_transport_error() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let user = iadvize_user().env("IADVIZE_USERNAME", "agent@shop.example");
    let run = user.run(&["token", "iadvize", "--origin", &origin]).await;
    assert_eq!(run.code, 4, "{}", run.stderr);
    let line = run.stderr.trim();
    assert!(
        line.starts_with("authctl: cannot reach iadvize: error sending request: "),
        "{line}"
    );
    assert!(
        line.to_ascii_lowercase().contains("connection refused"),
        "the cause is printed: {line}"
    );
    assert_eq!(
        line.matches("error sending request").count(),
        1,
        "a cause the message ends with is not repeated: {line}"
    );
    assert!(!line.contains(PASSWORD));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cache_that_cannot_be_written_exits_5_with_the_io_error() {
    let user = iadvize_user().env("IADVIZE_USERNAME", "agent@shop.example");
    let file = user.cache.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let under_a_file = file.join("cache");
    let cache = under_a_file.to_str().unwrap();
    let why = std::fs::create_dir_all(&under_a_file).unwrap_err();
    for args in [
        ["token", "iadvize", "--cache", cache],
        ["check", "iadvize", "--cache", cache],
    ] {
        let run = user.run(&args).await;
        assert_eq!(run.code, 5, "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr.trim(),
            format!("authctl: token store: cannot create {cache}: {why}"),
            "{args:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_planted_link_in_the_cache_exits_5() {
    let issuer = Issuer::new(3600, false);
    let (_server, user) = iadvize_at(&issuer).await;
    assert_eq!(user.run(&["token", "iadvize"]).await.code, 0);
    let files = user.cached_files();
    assert_eq!(files.len(), 1);
    let elsewhere = user.cache.path().join("elsewhere");
    std::fs::rename(&files[0], &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &files[0]).unwrap();
    let run = user.run(&["token", "iadvize"]).await;
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(
        run.stderr.contains("token store: refusing") && run.stderr.contains("symbolic link"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "no token printed: {}", run.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_output_shows_the_work_and_no_secret() {
    let issuer = Issuer::new(3600, true);
    let (_server, user) = iadvize_at(&issuer).await;
    let run = user.run(&["-v", "header", "iadvize"]).await;
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("token request") && run.stderr.contains("token renewed"),
        "{}",
        run.stderr
    );
    for secret in [PASSWORD, "t1", "r1"] {
        assert!(
            !run.stderr.contains(secret),
            "`{secret}` in -v output: {}",
            run.stderr
        );
    }
    let check = user.run(&["-v", "check", "iadvize"]).await;
    assert!(!check.stderr.contains("t1") && !check.stdout.contains("t1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cache_file_is_private() {
    let issuer = Issuer::new(3600, false);
    let (_server, user) = iadvize_at(&issuer).await;
    user.run(&["token", "iadvize"]).await;
    let files = user.cached_files();
    assert_eq!(files.len(), 1);
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let content = std::fs::read_to_string(&files[0]).unwrap();
    assert!(!content.contains(PASSWORD));
    serde_json::from_str::<serde_json::Value>(&content).expect("a whole JSON document");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_at_once_log_in_once() {
    let issuer = Issuer::new(3600, false).delay(Duration::from_millis(300));
    let (server, user) = iadvize_at(&issuer).await;
    let (a, b) = tokio::join!(
        user.run(&["token", "iadvize"]),
        user.run(&["token", "iadvize"])
    );
    assert_eq!(
        (a.stdout.trim(), b.stdout.trim()),
        ("t1", "t1"),
        "{} {}",
        a.stderr,
        b.stderr
    );
    assert_eq!(issuer.issued(), 1);
    assert_eq!(logins(&server, "/oauth2/token").await, 1);
}

#[cfg(feature = "demo")]
#[tokio::test(flavor = "multi_thread")]
async fn demo_runs_every_flow_against_emulators() {
    let run = Authctl::new().run(&["demo"]).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("all flows passed"), "{}", run.stdout);
    assert!(!run.stdout.contains("FAILED"), "{}", run.stdout);
    for provider in [
        "talview",
        "tali",
        "iadvize",
        "altrata",
        "talkdesk",
        "talkdesk-app",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(&format!("| {provider} "))),
            "{provider}: {}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("refresh grant, refresh token rotated"),
        "Tali renews by refresh"
    );
    assert!(run.stdout.contains("code exchanged"), "the code flow ran");
    let app = run
        .stdout
        .lines()
        .find(|l| l.starts_with("| talkdesk-app "))
        .unwrap_or_default();
    assert!(
        app.contains("signed assertion verified") && app.contains("code exchanged"),
        "the marketplace app logs in and exchanges a code with client assertions: {app}"
    );
    assert!(
        run.stdout.contains("valid ("),
        "iAdvize's validity check ran"
    );
    assert!(
        run.stderr.contains("cached read"),
        "progress goes to stderr"
    );
}

/// `cargo test -p authctl --no-default-features`: no emulators, and the command says so.
#[cfg(not(feature = "demo"))]
#[tokio::test(flavor = "multi_thread")]
async fn demo_without_its_feature_says_how_to_get_it() {
    let run = Authctl::new().run(&["demo"]).await;
    assert_eq!(run.code, 2, "a usage error: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("`demo` feature") && run.stderr.contains("cargo install authctl"),
        "{}",
        run.stderr
    );
    let help = Authctl::new().run(&["--help"]).await;
    assert!(!help.stdout.contains("demo"), "hidden: {}", help.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_echoing_the_password_never_gets_it_onto_stderr() {
    let echo = format!(
        r#"{{"error": "invalid_grant", "error_description": "bad password {PASSWORD} for user"}}"#
    );
    let server = server_answering(json_response(400, &echo)).await;
    let user = iadvize_user()
        .env("IADVIZE_USERNAME", "agent@shop.example")
        .env("AUTHCTL_ORIGIN", &server.uri());
    let run = user.run(&["token", "iadvize", "--verbose"]).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("bad password [redacted] for user"),
        "{}",
        run.stderr
    );
    for output in [&run.stdout, &run.stderr] {
        assert!(!output.contains(PASSWORD), "{output}");
        assert!(!output.contains("pa55word"), "{output}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_that_is_no_header_value_is_never_printed() {
    for body in [
        r#"{"access_token": "abc\r\nX-Evil: 1"}"#,
        r#"{"access_token": "tökén"}"#,
    ] {
        let server = server_answering(json_response(200, body)).await;
        let user = iadvize_user()
            .env("IADVIZE_USERNAME", "agent@shop.example")
            .env("AUTHCTL_ORIGIN", &server.uri());
        for args in [
            &["token", "iadvize", "--format", "header"][..],
            &["header", "iadvize"],
        ] {
            let run = user.run(args).await;
            assert_ne!(run.code, 0, "{args:?}: {}", run.stdout);
            assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
            assert!(!run.stderr.contains("X-Evil"), "{}", run.stderr);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_planted_cache_file_with_a_header_breaking_token_is_replaced_not_printed() {
    let issuer = Issuer::new(3600, false);
    let (_server, user) = iadvize_at(&issuer).await;
    assert_eq!(user.run(&["token", "iadvize"]).await.code, 0);
    let file = &user.cached_files()[0];
    let text = std::fs::read_to_string(file).unwrap();
    std::fs::write(file, text.replace("\"t1\"", "\"t1\\r\\nX-Evil: 1\"")).unwrap();
    let run = user.run(&["header", "iadvize"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "Authorization: Bearer t2",
        "a new login replaced it"
    );
}

/// A provider, its secrets in the environment, and its other settings.
type EchoUser = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    Vec<&'static str>,
);

/// A secret with the characters that encodings change, for the echo tests.
const ODD_SECRET: &str = "s3c r+t/%&\"'$!#é-odd";

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_on_stdout_or_stderr_whatever_an_echoing_server_answers() {
    use auth_tests::capture::assert_no_secret;
    use auth_tests::echo::{Echo, SHAPES};
    let users: [EchoUser; 5] = [
        (
            "iadvize",
            vec![("IADVIZE_PASSWORD", ODD_SECRET)],
            vec!["username=agent@shop.example"],
        ),
        (
            "talview",
            vec![("TALVIEW_PASSWORD", ODD_SECRET)],
            vec!["username=u", "tenant_id=7"],
        ),
        (
            "altrata",
            vec![
                ("ALTRATA_PASSWORD", ODD_SECRET),
                ("ALTRATA_API_KEY", "api-key-never-shown"),
            ],
            vec!["username=analyst"],
        ),
        (
            "talkdesk",
            vec![("TALKDESK_CLIENT_SECRET", ODD_SECRET)],
            vec!["account=acme", "region=eu", "client_id=cid"],
        ),
        (
            "spotify",
            vec![("SPOTIFY_CLIENT_SECRET", ODD_SECRET)],
            vec!["client_id=cid"],
        ),
    ];
    for shape in SHAPES {
        for (provider, secrets, settings) in &users {
            let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(Echo {
                    shape,
                    seen: seen.clone(),
                    held: false,
                })
                .mount(&server)
                .await;
            let mut user = Authctl::new();
            for (name, value) in secrets {
                user = user.env(name, value);
            }
            let mut args = vec!["token", provider, "--verbose", "--origin"];
            let origin = server.uri();
            args.push(&origin);
            for setting in settings {
                args.extend(["--set", setting]);
            }
            let run = user.run(&args).await;
            let mut all: Vec<String> = secrets.iter().map(|(_, v)| (*v).to_owned()).collect();
            all.extend(seen.lock().unwrap().iter().cloned());
            let what = format!("authctl token {provider}, {shape:?}");
            assert_no_secret(&format!("{what}: stdout"), &run.stdout, &all);
            assert_no_secret(&format!("{what}: stderr"), &run.stderr, &all);
            assert_ne!(run.code, 0, "{what}: {}", run.stdout);
        }
    }
}

/// The README's providers table is what `authctl providers --format markdown` prints from the
/// declarations: regenerate it with that command when a provider is added or changed.
#[tokio::test]
async fn the_readme_providers_table_is_generated_from_the_declarations() {
    let run = Authctl::new()
        .run(&["providers", "--format", "markdown"])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README");
    let (begin, end) = ("<!-- providers:begin -->\n", "<!-- providers:end -->");
    let start = readme.find(begin).expect("the begin marker") + begin.len();
    let stop = readme.find(end).expect("the end marker");
    assert!(
        readme[start..stop] == run.stdout,
        "README.md's providers table is stale: replace what lies between its markers with the \
         output of `cargo run -q -p authctl -- providers --format markdown`"
    );
}

/// A provider with a static key (Anthropic: `x-api-key` and `anthropic-version`) works as any
/// other: `header` prints both, `check` asks the validity endpoint, `request` calls the API;
/// nothing is ever sent to a token endpoint, and nothing is cached.
#[tokio::test(flavor = "multi_thread")]
async fn a_static_key_provider_works_like_any_other_and_caches_nothing() {
    const KEY: &str = "sk-ant-api03-never-cached";
    let server = server_answering(json_response(200, r#"{"data": []}"#)).await;
    let user = Authctl::new()
        .env("ANTHROPIC_API_KEY", KEY)
        .env("AUTHCTL_ORIGIN", &server.uri());
    let header = user.run(&["header", "anthropic"]).await;
    assert_eq!(header.code, 0, "{}", header.stderr);
    assert_eq!(
        header.stdout.lines().collect::<Vec<_>>(),
        [
            format!("x-api-key: {KEY}").as_str(),
            "anthropic-version: 2023-06-01"
        ]
    );
    let check = user.run(&["check", "anthropic"]).await;
    assert_eq!(check.code, 0, "{}", check.stderr);
    let request = user
        .run(&[
            "request",
            "anthropic",
            "https://api.anthropic.com/v1/messages/batches",
        ])
        .await;
    assert_eq!(request.code, 0, "{}", request.stderr);
    let seen = server.received_requests().await.unwrap();
    let paths: Vec<&str> = seen.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/v1/models", "/v1/messages/batches"]);
    for request in &seen {
        assert_eq!(header_value(request, "x-api-key"), Some(KEY));
        assert_eq!(
            header_value(request, "anthropic-version"),
            Some("2023-06-01")
        );
    }
    // A key never expires: no expiry is made up for it.
    let json = user.run(&["token", "anthropic", "--format", "json"]).await;
    let token: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(token["access_token"], KEY);
    assert_eq!(token["never_expires"], true);
    assert_eq!(token["expires_in"], serde_json::Value::Null);
    assert_eq!(token["expires_at"], serde_json::Value::Null);
    assert!(
        user.cached_files().is_empty(),
        "a key is never written to the cache"
    );
    assert!(!check.stderr.contains(KEY) && !request.stderr.contains(KEY));
}

fn header_value<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Two machines' scripts (two users of authctl, each with its own file cache) on one Redis:
/// one login between them, and the second reads the token the first stored.
#[tokio::test(flavor = "multi_thread")]
async fn machines_sharing_a_redis_store_log_in_once() {
    let redis = auth_tests::servers::RedisServer::start();
    let issuer = Issuer::new(3600, false);
    let (server, first) = iadvize_at(&issuer).await;
    let key = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio";
    let shared = |user: Authctl| {
        user.env("AUTHCTL_STORE", &redis.url())
            .env("AUTHCTL_STORE_KEY", key)
            .env("AUTHCTL_STORE_NAMESPACE", "scripts")
    };
    let first = shared(first);
    let second = shared(
        iadvize_user()
            .env("IADVIZE_USERNAME", "agent@shop.example")
            .env("AUTHCTL_ORIGIN", &server.uri()),
    );
    let one = first.run(&["token", "iadvize"]).await;
    assert_eq!(one.code, 0, "{}", one.stderr);
    let two = second.run(&["token", "iadvize"]).await;
    assert_eq!(two.code, 0, "{}", two.stderr);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(
        issuer.issued(),
        1,
        "the second machine read the shared store"
    );
    assert!(first.cached_files().is_empty(), "nothing in the file cache");

    // Without the key, a shared store is refused with a hint, and nothing is sent.
    let keyless = iadvize_user()
        .env("IADVIZE_USERNAME", "agent@shop.example")
        .env("AUTHCTL_ORIGIN", &server.uri())
        .env("AUTHCTL_STORE", &redis.url());
    let refused = keyless.run(&["token", "iadvize"]).await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("AUTHCTL_STORE_KEY"),
        "{}",
        refused.stderr
    );
    // A wrong key reads nothing: a typed store failure, not someone else's token.
    let wrong = shared(
        iadvize_user()
            .env("IADVIZE_USERNAME", "agent@shop.example")
            .env("AUTHCTL_ORIGIN", &server.uri()),
    )
    .env(
        "AUTHCTL_STORE_KEY",
        "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE",
    );
    let run = wrong.run(&["token", "iadvize"]).await;
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot open a record sealed with key"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(key) && !run.stdout.contains("t1"));
}

/// Over TLS, a shared store trusts the CA certificates of the file `AUTHCTL_STORE_CA` names
/// (a private CA); a file that cannot be read is a usage error, before anything is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_store_over_tls_trusts_the_ca_it_is_given() {
    let redis = auth_tests::servers::RedisServer::start_tls();
    let ca = tempfile::tempdir().unwrap();
    let ca_file = ca.path().join("ca.pem");
    std::fs::write(&ca_file, redis.root_pem()).unwrap();
    let issuer = Issuer::new(3600, false);
    let (server, first) = iadvize_at(&issuer).await;
    let over_tls = |user: Authctl, ca: &std::path::Path| {
        user.env("AUTHCTL_STORE", &redis.tls_url())
            .env(
                "AUTHCTL_STORE_KEY",
                "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio",
            )
            .env("AUTHCTL_STORE_CA", ca.to_str().unwrap())
    };
    let another = || {
        iadvize_user()
            .env("IADVIZE_USERNAME", "agent@shop.example")
            .env("AUTHCTL_ORIGIN", &server.uri())
    };
    let one = over_tls(first, &ca_file).run(&["token", "iadvize"]).await;
    assert_eq!(one.code, 0, "{}", one.stderr);
    let two = over_tls(another(), &ca_file)
        .run(&["token", "iadvize"])
        .await;
    assert_eq!(two.code, 0, "{}", two.stderr);
    assert_eq!(one.stdout, two.stdout, "read back from the store");
    assert_eq!(issuer.issued(), 1);

    let missing = over_tls(another(), &ca.path().join("none.pem"));
    let run = missing.run(&["token", "iadvize"]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("AUTHCTL_STORE_CA"), "{}", run.stderr);
    assert_eq!(issuer.issued(), 1);
}

/// Google's service account from the key file Google issues: `--set key_file=PATH`, and the
/// token comes from a signed assertion; an unreadable path is a usage error naming it.
#[tokio::test(flavor = "multi_thread")]
async fn a_service_account_logs_in_from_its_key_file() {
    const KEY: &str = include_str!("../../tests/keys/rsa.pem");
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "ya29.from-a-key-file", "expires_in": 3599, "token_type": "Bearer"}"#,
    ))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("service-account.json");
    let file = serde_json::json!({
        "type": "service_account",
        "project_id": "acme",
        "private_key_id": "k1",
        "private_key": KEY,
        "client_email": "robot@acme.iam.gserviceaccount.com",
    });
    std::fs::write(&path, file.to_string()).unwrap();
    let user = Authctl::new().env("AUTHCTL_ORIGIN", &server.uri());
    let key_file = format!("key_file={}", path.display());
    let scope = "scope=https://www.googleapis.com/auth/cloud-platform";
    let run = user
        .run(&[
            "token",
            "google-service-account",
            "--set",
            &key_file,
            "--set",
            scope,
        ])
        .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "ya29.from-a-key-file");
    let requests = server.received_requests().await.unwrap();
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&requests[0].body)
        .into_owned()
        .collect();
    assert_eq!(
        form[0],
        (
            "grant_type".to_owned(),
            "urn:ietf:params:oauth:grant-type:jwt-bearer".to_owned()
        )
    );
    assert!(form.iter().any(|(k, _)| k == "assertion"));
    assert!(!run.stderr.contains("PRIVATE KEY"));

    let missing = format!("key_file={}", dir.path().join("absent.json").display());
    let run = Authctl::new()
        .run(&[
            "token",
            "google-service-account",
            "--set",
            &missing,
            "--set",
            scope,
        ])
        .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("absent.json"), "{}", run.stderr);
}

/// `login --device`: the code and URL on stderr, a wait for the approval, the token cached;
/// a provider without a device flow is a usage error.
#[tokio::test(flavor = "multi_thread")]
async fn login_with_the_device_flow_prints_the_code_and_caches_the_token() {
    let server = MockServer::start().await;
    Mock::given(path("/login/device/code"))
        .respond_with(json_response(
            200,
            r#"{"device_code": "dc-1", "user_code": "WDJB-MJHT", "verification_uri": "https://github.com/login/device", "expires_in": 900, "interval": 1}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(path("/login/oauth/access_token"))
        .respond_with(json_response(200, r#"{"error": "authorization_pending"}"#))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/login/oauth/access_token"))
        .respond_with(json_response(
            200,
            r#"{"access_token": "gho_device_token", "token_type": "bearer"}"#,
        ))
        .mount(&server)
        .await;
    let user = Authctl::new().env("AUTHCTL_ORIGIN", &server.uri());
    let set = ["--set", "client_id=Iv1.cli-app"];
    let before = user.run(&["token", "github-device", set[0], set[1]]).await;
    assert_eq!(before.code, 3, "{}", before.stderr);
    assert!(
        before.stderr.contains("run `authctl login github-device`"),
        "{}",
        before.stderr
    );
    let login = user
        .run(&["login", "github-device", "--device", set[0], set[1]])
        .await;
    assert_eq!(login.code, 0, "{}", login.stderr);
    assert!(login.stderr.contains("WDJB-MJHT"), "{}", login.stderr);
    assert!(login.stderr.contains("https://github.com/login/device"));
    assert!(
        !login.stderr.contains("dc-1"),
        "the device code is never shown"
    );
    let token = user.run(&["token", "github-device", set[0], set[1]]).await;
    assert_eq!(token.code, 0, "{}", token.stderr);
    assert_eq!(token.stdout.trim(), "gho_device_token");

    let no_device = iadvize_user()
        .run(&[
            "login",
            "iadvize",
            "--device",
            "--set",
            "username=a@b.example",
        ])
        .await;
    assert_eq!(no_device.code, 2, "{}", no_device.stderr);
    assert!(
        no_device.stderr.contains("no device flow"),
        "{}",
        no_device.stderr
    );
}
