//! The authorization code flow: the authorize URL parameter by parameter, the callback's
//! state and errors, PKCE, the exchange byte for byte, the refresh after it, and the loopback
//! redirect listener.

use std::time::Duration;

use auth_runtime::{
    AuthorizeOptions, Client, Error, ExposeSecret, LoopbackListener, PendingFlows, PkceVerifier,
    Provider, SecretString, Session,
};
use auth_tests::*;
use providers::{Tali, Talkdesk, TalkdeskRegion};
use sha2::Digest;

fn tali() -> Tali {
    Tali {
        base_url: "https://tali.example.com".into(),
        client_id: "your-client-id".into(),
        client_secret: SecretString::from("your-client-secret"),
        redirect_uri: "http://yoursite.com/callback".into(),
    }
}

fn talkdesk() -> Talkdesk {
    Talkdesk {
        account: "acme".into(),
        region: TalkdeskRegion::Eu,
        client_id: "cid".into(),
        client_secret: SecretString::from("cs"),
        scope: None,
    }
}

/// A provider with PKCE, a comma as scope separator and a fixed extra parameter, declared the
/// way a user would.
#[derive(Provider, Debug)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://login.example.com/token"
)]
#[oauth(
    authorize_endpoint = "https://login.example.com/authorize",
    pkce = "S256"
)]
#[oauth(
    scope_separator = ",",
    authorize_params = "prompt=consent&access_type=offline"
)]
struct Pkce {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(redirect_uri)]
    redirect_uri: String,
}

fn pkce() -> Pkce {
    Pkce {
        client_id: "native-app".into(),
        redirect_uri: "http://127.0.0.1:8910/callback".into(),
    }
}

/// The authorize URL's `code_challenge`.
fn challenge(url: &url::Url) -> String {
    url.query_pairs()
        .find(|(k, _)| k == "code_challenge")
        .map(|(_, v)| v.into_owned())
        .expect("PKCE is on by default")
}

fn query(url: &url::Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[test]
fn talis_authorize_url_parameter_by_parameter() {
    let pending = Client::new()
        .unwrap()
        .authorize_url(&tali(), AuthorizeOptions::default())
        .unwrap();
    let url = pending.url();
    assert_eq!(url.scheme(), "https");
    assert_eq!(url.host_str(), Some("tali.example.com"));
    assert_eq!(url.path(), "/oauth/authorize");
    assert_eq!(
        query(url),
        [
            ("response_type".to_owned(), "code".to_owned()),
            ("client_id".to_owned(), "your-client-id".to_owned()),
            (
                "redirect_uri".to_owned(),
                "http://yoursite.com/callback".to_owned()
            ),
            ("state".to_owned(), pending.state().as_str().to_owned()),
            ("code_challenge".to_owned(), challenge(url)),
            ("code_challenge_method".to_owned(), "S256".to_owned()),
        ]
    );
    assert_eq!(challenge(url).len(), 43, "a SHA-256 challenge (RFC 7636)");
    assert_eq!(pending.state().as_str().len(), 43, "256 bits of state");
    assert!(!url.as_str().contains("your-client-secret"));
}

#[test]
fn talkdesks_authorize_url_is_on_the_regional_host_with_space_separated_scopes() {
    let options = AuthorizeOptions::default()
        .redirect_uri("http://127.0.0.1:5000/callback")
        .scopes(["openid", "users:read"]);
    let pending = Client::new()
        .unwrap()
        .authorize_url(&talkdesk(), options)
        .unwrap();
    let url = pending.url();
    assert_eq!(url.host_str(), Some("acme.talkdeskid.eu"));
    assert_eq!(url.path(), "/oauth/authorize");
    let pairs = query(url);
    assert_eq!(pairs[0], ("response_type".into(), "code".into()));
    assert_eq!(pairs[1], ("client_id".into(), "cid".into()));
    assert_eq!(
        pairs[2],
        (
            "redirect_uri".into(),
            "http://127.0.0.1:5000/callback".into()
        )
    );
    assert_eq!(pairs[3], ("scope".into(), "openid users:read".into()));
    assert_eq!(pairs[4].0, "state");
    assert_eq!(pairs[5], ("code_challenge".into(), challenge(url)));
    assert_eq!(pairs[6], ("code_challenge_method".into(), "S256".into()));
    assert_eq!(pairs.len(), 7, "PKCE S256 is every code flow's default");
    assert!(url.as_str().contains("scope=openid+users%3Aread"));
}

#[test]
fn a_pkce_provider_sends_an_s256_challenge_and_its_declared_extras() {
    let pending = Client::new()
        .unwrap()
        .authorize_url(
            &pkce(),
            AuthorizeOptions::default()
                .scopes(["read", "write"])
                .param("login_hint", "ann"),
        )
        .unwrap();
    let pairs = query(pending.url());
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "code_challenge",
            "code_challenge_method",
            "prompt",
            "access_type",
            "login_hint"
        ]
    );
    assert_eq!(pairs[3].1, "read,write");
    assert_eq!(pairs[6].1, "S256");
    assert_eq!(pairs[5].1.len(), 43);
}

#[test]
fn the_state_must_come_back_exactly_and_once() {
    let client = Client::new().unwrap();
    let mismatched = client
        .authorize_url(&tali(), AuthorizeOptions::default())
        .unwrap();
    let error = mismatched
        .complete("http://yoursite.com/callback?code=c&state=forged")
        .unwrap_err();
    assert!(
        matches!(error, Error::StateMismatch { reason, .. } if reason.contains("does not match")),
        "{error:?}"
    );

    let missing = client
        .authorize_url(&tali(), AuthorizeOptions::default())
        .unwrap();
    let error = missing.complete("?code=c").unwrap_err();
    assert!(
        matches!(error, Error::StateMismatch { reason, .. } if reason.contains("no state")),
        "{error:?}"
    );

    let flows = PendingFlows::<Tali>::new(Duration::from_secs(600));
    let pending = client
        .authorize_url(&tali(), AuthorizeOptions::default())
        .unwrap();
    let callback = format!(
        "http://yoursite.com/callback?code=c1&state={}",
        pending.state().as_str()
    );
    flows.insert(pending);
    let code = flows.complete(&callback).unwrap();
    assert_eq!(code.code.expose_secret(), "c1");
    let replay = flows.complete(&callback).unwrap_err();
    assert!(
        matches!(replay, Error::StateMismatch { reason, .. } if reason.contains("already used")),
        "{replay:?}"
    );
}

#[test]
fn debug_of_a_pending_request_shows_no_state() {
    let pending = Client::new()
        .unwrap()
        .authorize_url(&pkce(), AuthorizeOptions::default())
        .unwrap();
    let shown = format!("{pending:?}");
    assert!(!shown.contains(pending.state().as_str()), "{shown}");
    assert!(
        shown.contains("https://login.example.com/authorize") && shown.contains("pkce: true"),
        "{shown}"
    );
}

#[test]
fn a_doubled_state_is_refused() {
    let pending = Client::new()
        .unwrap()
        .authorize_url(&tali(), AuthorizeOptions::default())
        .unwrap();
    let state = pending.state().as_str().to_owned();
    let error = pending
        .complete(&format!("?code=c&state={state}&state=other"))
        .unwrap_err();
    assert!(matches!(error, Error::InvalidCallback { .. }), "{error:?}");
}

#[test]
fn access_denied_is_a_typed_error_with_its_description() {
    let pending = Client::new()
        .unwrap()
        .authorize_url(&tali(), AuthorizeOptions::default())
        .unwrap();
    let callback = format!(
        "http://yoursite.com/callback?error=access_denied&error_description=The+user+clicked+Cancel&state={}",
        pending.state().as_str()
    );
    match pending.complete(&callback).unwrap_err() {
        Error::AuthorizationDenied {
            provider,
            code,
            description,
        } => {
            assert_eq!(provider, "tali");
            assert_eq!(code, "access_denied");
            assert_eq!(description.as_deref(), Some("The user clicked Cancel"));
        }
        other => panic!("expected a denial, got {other:?}"),
    }
}

#[test]
fn a_redirect_without_code_or_error_is_not_a_callback() {
    let pending = Client::new()
        .unwrap()
        .authorize_url(&tali(), AuthorizeOptions::default())
        .unwrap();
    let state = pending.state().as_str().to_owned();
    assert!(matches!(
        pending.complete(&format!("?state={state}")),
        Err(Error::InvalidCallback { .. })
    ));
}

#[tokio::test]
async fn the_exchange_sends_the_code_and_the_same_redirect_uri_byte_for_byte() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "a", "refresh_token": "r", "expires_in": "86400", "token_type": "Bearer"}"#,
    ))
    .await;
    let client = client_for(&server);
    let pending = client
        .authorize_url(
            &tali(),
            AuthorizeOptions::default().redirect_uri("https://app.example/cb?x=1"),
        )
        .unwrap();
    let callback = format!(
        "https://app.example/cb?x=1&code=the-code-you-just-got&state={}",
        pending.state().as_str()
    );
    let code = pending.complete(&callback).unwrap();
    client.exchange_code(&tali(), code).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/oauth/token");
    let body = body_text(&request);
    let verifier = json_body(&request)["code_verifier"]
        .as_str()
        .expect("the PKCE verifier is sent")
        .to_owned();
    assert_eq!(
        body,
        format!(
            r#"{{"grant_type":"authorization_code","code":"the-code-you-just-got","client_id":"your-client-id","client_secret":"your-client-secret","redirect_uri":"https://app.example/cb?x=1","code_verifier":"{verifier}"}}"#
        )
    );
    assert_eq!(verifier.len(), 43, "32 random bytes, base64url");
}

#[tokio::test]
async fn pkce_verifier_goes_on_the_exchange() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "a", "expires_in": 60}"#,
    ))
    .await;
    let client = client_for(&server);
    let pending = client
        .authorize_url(&pkce(), AuthorizeOptions::default())
        .unwrap();
    let challenge = query(pending.url())
        .into_iter()
        .find(|(k, _)| k == "code_challenge")
        .unwrap()
        .1;
    let state = pending.state().as_str().to_owned();
    let code = pending
        .complete(&format!(
            "http://127.0.0.1:8910/callback?code=xyz&state={state}"
        ))
        .unwrap();
    client.exchange_code(&pkce(), code).await.unwrap();

    let pairs = form_pairs(&only_request(&server).await);
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "grant_type",
            "code",
            "client_id",
            "redirect_uri",
            "code_verifier"
        ]
    );
    let verifier = &pairs[4].1;
    assert!(PkceVerifier::new(verifier.clone()).is_ok());
    let derived = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        sha2::Sha256::digest(verifier.as_bytes()),
    );
    assert_eq!(derived, challenge);
    assert_eq!(pairs[3].1, "http://127.0.0.1:8910/callback");
}

#[tokio::test]
async fn a_code_exchange_is_never_retried() {
    let server = server_answering(wiremock::ResponseTemplate::new(503)).await;
    let session = Session::builder(tali())
        .client(client_for(&server))
        .build()
        .unwrap();
    let error = session
        .client()
        .exchange_code(&tali(), auth_runtime::AuthorizationCode::new("once"))
        .await
        .unwrap_err();
    assert!(error.is_transient(), "{error:?}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "a code is sent once"
    );
}

#[tokio::test]
async fn the_exchanged_token_seeds_a_session_that_refreshes_with_redirect_uri() {
    let issuer = Issuer::new(86400, true);
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(issuer.clone())
        .mount(&server)
        .await;
    let client = client_for(&server);
    let pending = client
        .authorize_url(&tali(), AuthorizeOptions::default())
        .unwrap();
    let state = pending.state().as_str().to_owned();
    let code = pending
        .complete(&format!(
            "http://yoursite.com/callback?code=c&state={state}"
        ))
        .unwrap();
    let token = client.exchange_code(&tali(), code).await.unwrap();
    let session = Session::builder(tali())
        .client(client)
        .token(token)
        .build()
        .unwrap();

    let renewed = session.renew().await.unwrap();
    assert_eq!(renewed.access_token().expose_secret(), "t2");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        body_text(&requests[1]),
        r#"{"grant_type":"refresh_token","refresh_token":"r1","client_id":"your-client-id","client_secret":"your-client-secret","redirect_uri":"http://yoursite.com/callback"}"#
    );
}

#[tokio::test]
async fn the_loopback_listener_receives_one_callback() {
    let listener = LoopbackListener::bind(0).await.unwrap();
    let redirect_uri = listener.redirect_uri();
    assert!(redirect_uri.starts_with("http://127.0.0.1:") && redirect_uri.ends_with("/callback"));
    let pending = Client::new()
        .unwrap()
        .authorize_url(
            &pkce(),
            AuthorizeOptions::default().redirect_uri(&redirect_uri),
        )
        .unwrap();
    let state = pending.state().as_str().to_owned();
    let waiting = tokio::spawn(listener.wait_for(&pending, Duration::from_secs(10)));

    // The browser: a favicon first, then the redirect.
    let browser = reqwest::Client::new();
    let favicon = browser
        .get(redirect_uri.replace("/callback", "/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(favicon.status(), 404);
    let page = browser
        .get(format!("{redirect_uri}?code=abc&state={state}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let text = page.text().await.unwrap();
    assert!(text.contains("You can close this tab"));
    assert!(!text.contains("abc"), "the page does not echo the code");

    let callback = waiting.await.unwrap().unwrap();
    let code = pending.complete(&callback).unwrap();
    assert_eq!(code.code.expose_secret(), "abc");
    assert_eq!(code.redirect_uri.as_deref(), Some(redirect_uri.as_str()));
}

#[tokio::test(start_paused = true)]
async fn the_loopback_listener_times_out_with_a_clear_error() {
    let listener = LoopbackListener::bind(0).await.unwrap();
    let pending = Client::new()
        .unwrap()
        .authorize_url(
            &pkce(),
            AuthorizeOptions::default().redirect_uri(listener.redirect_uri()),
        )
        .unwrap();
    let error = listener
        .wait_for(&pending, auth_runtime::DEFAULT_CALLBACK_TIMEOUT)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::CallbackTimeout { waited } if waited == Duration::from_secs(120))
    );
    assert!(error
        .to_string()
        .contains("no authorization callback arrived within 120 s"));
}

#[tokio::test]
async fn the_loopback_listener_listens_on_loopback_only() {
    let listener = LoopbackListener::bind(0).await.unwrap();
    let address = listener.local_addr();
    assert!(address.ip().is_loopback(), "{address}");
    assert_eq!(
        listener.redirect_uri(),
        format!("http://127.0.0.1:{}/callback", address.port())
    );
}

#[tokio::test]
async fn a_given_port_is_used() {
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listener = LoopbackListener::bind(free).await.unwrap();
    assert_eq!(listener.local_addr().port(), free);
}
