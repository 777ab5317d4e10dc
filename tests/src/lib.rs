//! Helpers shared by the integration tests: a loopback token server (wiremock) and the means
//! to read back exactly what reached it; and a real authorization server ([`oidc`]).

pub mod capture;
pub mod echo;
pub mod fleet;
pub mod oidc;
pub mod servers;

use auth_runtime::{Client, Origin};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A loopback server answering every request with `response`.
pub async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A JSON response with `status`.
pub fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// A client whose requests all go to `server`, keeping the provider's paths.
pub fn client_for(server: &MockServer) -> Client {
    client_at(&server.uri())
}

/// A client whose requests all go to `origin` (`http://127.0.0.1:port`), keeping the
/// provider's paths: for servers that are not wiremock's, and for ports nothing listens on.
pub fn client_at(origin: &str) -> Client {
    Client::builder()
        .origin(Origin::parse(origin).expect("a test origin parses"))
        .build()
        .expect("client builds")
}

/// The one request the server received; fails the test if it saw another number.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:?}"
    );
    requests.remove(0)
}

/// A header's value, as text.
pub fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header").to_owned())
}

/// The body's form pairs, in order.
pub fn form_pairs(request: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&request.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The body as JSON.
pub fn json_body(request: &Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).expect("the body is JSON")
}

/// The body as text, keeping key order (serde_json's `Value` would sort it).
pub fn body_text(request: &Request) -> String {
    String::from_utf8(request.body.clone()).expect("UTF-8 body")
}

/// `Basic base64(user:password)`.
pub fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// A client for tests on tokio's paused clock: no timers of its own, which the paused clock
/// would fire while a request waits on the socket.
pub fn paused_clock_client_for(server: &MockServer) -> Client {
    Client::builder()
        .origin(Origin::parse(&server.uri()).expect("wiremock gives an origin"))
        .without_timeouts()
        .build()
        .expect("client builds")
}

/// A token endpoint that issues `t1`, `t2`, … (with refresh tokens `r1`, `r2`, … when asked),
/// each living `lifetime` seconds, and remembers which it issued last: for rotation, renewal
/// and "a new token kills the old one" scenarios.
#[derive(Clone)]
pub struct Issuer {
    issued: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    lifetime: u64,
    refresh_tokens: bool,
    delay: std::time::Duration,
}

impl Issuer {
    /// Issues tokens living `lifetime` seconds, with or without refresh tokens.
    pub fn new(lifetime: u64, refresh_tokens: bool) -> Self {
        Issuer {
            issued: Default::default(),
            lifetime,
            refresh_tokens,
            delay: std::time::Duration::ZERO,
        }
    }

    /// Answers only after `delay`, so that concurrent callers pile up behind one request.
    pub fn delay(mut self, delay: std::time::Duration) -> Self {
        self.delay = delay;
        self
    }

    /// How many tokens were issued.
    pub fn issued(&self) -> usize {
        self.issued.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The last token issued, `t0` before any.
    pub fn latest(&self) -> String {
        format!("t{}", self.issued())
    }
}

impl wiremock::Respond for Issuer {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self
            .issued
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        let refresh = if self.refresh_tokens {
            format!(r#", "refresh_token": "r{n}""#)
        } else {
            String::new()
        };
        json_response(
            200,
            &format!(
                r#"{{"access_token": "t{n}", "token_type": "bearer", "expires_in": {}{refresh}}}"#,
                self.lifetime
            ),
        )
        .set_delay(self.delay)
    }
}

/// Waits on the real clock, five seconds at most, until `done`; panics naming `what` after.
pub async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Form pairs written as string slices, to compare with [`form_pairs`].
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A server whose every POST is answered by `issuer`.
pub async fn issuing(issuer: &Issuer) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(issuer.clone())
        .mount(&server)
        .await;
    server
}

/// An API that accepts only the latest token `issuer` gave out, as Altrata does.
pub struct LatestTokenOnly(pub Issuer);

impl wiremock::Respond for LatestTokenOnly {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let expected = format!("Bearer {}", self.0.latest());
        match header(request, "authorization") {
            Some(given) if given == expected => json_response(200, r#"{"data": {"ok": true}}"#),
            _ => json_response(401, r#"{"message": "token terminated"}"#),
        }
    }
}

/// A server answering `first` to the first `times` requests, and `then` to the rest.
pub async fn server_answering_first(
    times: u64,
    first: ResponseTemplate,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(then).mount(&server).await;
    server
}

/// Altrata's server: `/oauth2/token` issues 8-hour tokens, and `/graphql` accepts only the latest
/// one issued.
pub async fn altrata_latest_token_only() -> (Issuer, MockServer) {
    let issuer = Issuer::new(28800, false);
    let api = LatestTokenOnly(issuer.clone());
    let server = token_and_api("/oauth2/token", &issuer, "/graphql", api).await;
    (issuer, server)
}

/// A server whose `token_path` issues tokens from `issuer` and whose `api_path` answers `api`.
pub async fn token_and_api(
    token_path: &str,
    issuer: &Issuer,
    api_path: &str,
    api: impl wiremock::Respond + 'static,
) -> MockServer {
    use wiremock::matchers::path;
    let server = MockServer::start().await;
    Mock::given(path(token_path))
        .respond_with(issuer.clone())
        .mount(&server)
        .await;
    Mock::given(path(api_path))
        .respond_with(api)
        .mount(&server)
        .await;
    server
}

/// The results of `tasks`, in order. Then yields once, so that the test's cooperative budget
/// is fresh again: awaiting many finished tasks uses it up, and a `MockServer` dropped with it
/// used up hangs (its `Drop` blocks on a tokio lock, which never reports ready without budget).
pub async fn results_of<T>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.expect("the task panicked"));
    }
    tokio::task::yield_now().await;
    results
}

/// Runs the authorization code flow with `client` (an emulator's, or one pointed at a test
/// server that authorizes at once), playing the browser, and returns the exchanged token.
pub async fn code_flow<P: auth_runtime::Provider>(
    provider: &P,
    client: &Client,
) -> auth_runtime::Token {
    use auth_runtime::{AuthorizeOptions, LoopbackListener};
    let listener = LoopbackListener::bind(0).await.unwrap();
    let options = AuthorizeOptions::default().redirect_uri(listener.redirect_uri());
    let pending = client.authorize_url(provider, options).unwrap();
    let waiting = tokio::spawn(listener.wait_for(&pending, std::time::Duration::from_secs(10)));
    let page = reqwest::get(pending.url().as_str()).await.unwrap();
    assert_eq!(page.status(), 200);
    let code = pending.complete(&waiting.await.unwrap().unwrap()).unwrap();
    client.exchange_code(provider, code).await.unwrap()
}
