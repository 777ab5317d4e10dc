//! The loopback redirect listener of RFC 8252 section 7.3, for programs without a web server.
//!
//! It listens on 127.0.0.1 only, because the redirect carries a code. Any local process or web
//! page can still reach that port, so the first request to arrive proves nothing. The listener
//! knows the `state` its authorize request sent and waits for the callback that brings it
//! back:
//!
//! - Connections are served concurrently, at most [`MAX_CONNECTIONS`] at a time, and each one
//!   has its own deadline and size limit for its request head. A connection that sends nothing,
//!   or sends slowly, never holds up the browser's. When all slots are taken, new connections
//!   wait in the accept queue until a slot frees up, which takes at most [`READ_TIMEOUT`].
//! - A callback with a missing, doubled or wrong `state` gets a 400 page and the wait goes on,
//!   so a forged callback can neither end the login nor make it fail. States are compared in
//!   constant time ([`CsrfState::matches`]).
//! - The callback with the matching state is the answer, whether it brings a code or an
//!   `error`: [`PendingAuthorization::complete`] turns an `error` into
//!   [`Error::AuthorizationDenied`].
//! - Other paths get a 404, other methods a 405, malformed heads a 400 and heads that are too
//!   large a 431. The wait goes on after each of them.
//! - Nothing a request carries is logged, put in an error or written back in a page.
//!
//! Heads are parsed and answers written by the runtime's one HTTP server
//! ([`crate::http_server`], hyper's), which the emulator of the testkit uses too; this module
//! decides what each request is and which page it gets.
//!
//! [`CsrfState::matches`]: super::CsrfState::matches

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{StatusCode, Uri};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use super::authorize::PendingAuthorization;
use super::state::CsrfState;
use crate::error::Error;
use crate::http_server::{self, Limits};

/// How long [`LoopbackListener::wait_for`] waits for the user, by default.
pub const DEFAULT_CALLBACK_TIMEOUT: Duration = Duration::from_secs(120);

/// The path the provider redirects to.
const CALLBACK_PATH: &str = "/callback";
/// The largest request head read. A real callback is well under 4 KiB.
const MAX_HEAD: usize = 16 * 1024;
/// The most headers a head may have. A browser sends about twenty.
const MAX_HEADERS: usize = 64;
/// How long one connection may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one connection may take to accept its answer.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// What one connection may send and how long it may take, for the shared server: a head over
/// [`MAX_HEAD`] bytes or [`MAX_HEADERS`] headers gets a 431, a malformed one a 400.
const LIMITS: Limits = Limits {
    head_bytes: MAX_HEAD,
    headers: MAX_HEADERS,
    head_timeout: Some(READ_TIMEOUT),
    answer_timeout: Some(WRITE_TIMEOUT),
};
/// The most connections served at once. A browser opens a few; a connection beyond this waits
/// in the accept queue, so a flood of idle connections holds up a callback by at most one
/// [`READ_TIMEOUT`].
const MAX_CONNECTIONS: usize = 16;
/// How long to pause after a failed accept (out of file descriptors…), so that the loop does
/// not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

const RECEIVED: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Authorization received</title></head>\
<body><p>The authorization response was received. You can close this tab and return to the application.</p></body></html>";

/// The page for a callback with a wrong or missing state. Fixed text: nothing from the request
/// is reflected.
const STATE_MISMATCH: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Authorization not accepted</title></head>\
<body><p>This authorization response was not accepted: its state did not match the sign-in in progress. \
Please return to the application, and sign in again from there if it asks you to.</p></body></html>";

/// A listener on `http://127.0.0.1:PORT/callback`.
#[derive(Debug)]
pub struct LoopbackListener {
    listener: TcpListener,
    address: SocketAddr,
    port: u16,
}

impl LoopbackListener {
    /// Listens on 127.0.0.1 at `port`, or at a port the system picks when `port` is 0.
    /// Never on another interface: the redirect carries a code.
    pub async fn bind(port: u16) -> Result<Self, Error> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
            Error::config_caused_by(format!("cannot listen on 127.0.0.1:{port}"), e)
        })?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::config_caused_by("cannot read the listener's port", e))?;
        Ok(LoopbackListener {
            listener,
            address,
            port: address.port(),
        })
    }

    /// The address listened on: always 127.0.0.1.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The redirect URI to register and send: `http://127.0.0.1:PORT/callback`.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// Waits for the callback of `pending` and returns its full URL, for
    /// [`PendingAuthorization::complete`].
    ///
    /// Only a callback that carries `pending`'s state ends the wait, with a code or with an
    /// `error`. A callback with another state, or none, gets a 400 page. Any other request (a
    /// browser's favicon) gets a 404. The wait goes on after both. After `timeout`, the result
    /// is [`Error::CallbackTimeout`].
    ///
    /// The future borrows nothing: it can be spawned while `pending` waits to be completed.
    pub fn wait_for(
        self,
        pending: &PendingAuthorization,
        timeout: Duration,
    ) -> impl Future<Output = Result<String, Error>> + Send + 'static {
        let expected = Arc::new(pending.state().clone());
        async move {
            tokio::time::timeout(timeout, self.serve(expected))
                .await
                .map_err(|_| Error::CallbackTimeout { waited: timeout })
        }
    }

    /// Accepts and serves connections until one brings the callback with the `expected`
    /// state. Returns that callback's URL. The connections still open are dropped with the
    /// [`JoinSet`] when this future ends or is dropped.
    async fn serve(&self, expected: Arc<CsrfState>) -> String {
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept(), if connections.len() < MAX_CONNECTIONS => {
                    match accepted {
                        Ok((stream, _)) => {
                            connections.spawn(serve_one(stream, Arc::clone(&expected)));
                        }
                        Err(_) => tokio::time::sleep(ACCEPT_BACKOFF).await,
                    }
                }
                // Never both disabled: the accept branch is off only while connections are
                // in flight, and then this one has something to wait for.
                Some(served) = connections.join_next() => {
                    if let Ok(Some(target)) = served {
                        return format!("http://127.0.0.1:{}{target}", self.port);
                    }
                }
            }
        }
    }
}

/// What a request that parsed turns out to be, and the answer it gets. Heads that do not parse
/// or are too large never get here: the shared server answers them (400, 431).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// The callback with the expected state.
    Callback,
    /// A callback with a missing, doubled or wrong state.
    StateMismatch,
    NotFound,
    MethodNotAllowed,
}

impl Answer {
    fn status(self) -> StatusCode {
        match self {
            Answer::Callback => StatusCode::OK,
            Answer::StateMismatch => StatusCode::BAD_REQUEST,
            Answer::NotFound => StatusCode::NOT_FOUND,
            Answer::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    fn body(self) -> (&'static str, &'static str) {
        const HTML: &str = "text/html; charset=utf-8";
        const TEXT: &str = "text/plain; charset=utf-8";
        match self {
            Answer::Callback => (HTML, RECEIVED),
            Answer::StateMismatch => (HTML, STATE_MISMATCH),
            Answer::NotFound => (TEXT, "Not found"),
            Answer::MethodNotAllowed => (TEXT, "Method not allowed"),
        }
    }

    /// The page: fixed text, never cached, never sniffed, never run, sending no referrer.
    fn response(self) -> hyper::Response<http_server::Body> {
        let (content_type, body) = self.body();
        let mut headers = HeaderMap::new();
        for (name, value) in [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'"),
        ] {
            headers.insert(name, HeaderValue::from_static(value));
        }
        http_server::answer(self.status(), headers, body)
    }
}

/// Serves one connection. Returns the request target when it was the expected callback.
async fn serve_one(stream: TcpStream, expected: Arc<CsrfState>) -> Option<String> {
    let callback = OnceLock::new();
    http_server::serve_one(stream, &LIMITS, |request| {
        let target = target(request.uri());
        let answer = judge(request.method().as_str(), &target, &expected);
        if answer == Answer::Callback {
            let _ = callback.set(target);
        }
        // The page is a courtesy: the callback counts even if the browser has gone.
        std::future::ready(Some(answer.response()))
    })
    .await;
    callback.into_inner()
}

/// The request target as sent: the path and query of an origin-form target (`/callback?…`),
/// else the whole URI, whose path is then never [`CALLBACK_PATH`] (an absolute-form target gets
/// a 404, as a browser never sends one to a redirect URI).
fn target(uri: &Uri) -> String {
    match (uri.scheme(), uri.authority(), uri.path_and_query()) {
        (None, None, Some(target)) => target.as_str().to_owned(),
        _ => uri.to_string(),
    }
}

/// The answer to a request that parsed.
fn judge(method: &str, target: &str, expected: &CsrfState) -> Answer {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match (method, path) {
        ("GET", CALLBACK_PATH) if state_matches(query, expected) => Answer::Callback,
        ("GET", CALLBACK_PATH) => Answer::StateMismatch,
        (_, CALLBACK_PATH) => Answer::MethodNotAllowed,
        _ => Answer::NotFound,
    }
}

/// Whether `query` carries exactly one `state`, and it is `expected`. A doubled state is
/// refused here as [`PendingAuthorization::complete`] would refuse it.
fn state_matches(query: &str, expected: &CsrfState) -> bool {
    let mut states = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| name == "state")
        .map(|(_, value)| value);
    match (states.next(), states.next()) {
        (Some(state), None) => expected.matches(&state),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_the_origin_form_path_and_query_as_sent() {
        let target_of = |uri: &str| target(&uri.parse::<Uri>().unwrap());
        assert_eq!(
            target_of("/callback?code=a%2Fb&state=c"),
            "/callback?code=a%2Fb&state=c"
        );
        assert_eq!(target_of("/callback"), "/callback");
        let absolute = target_of("http://127.0.0.1:8080/callback?state=c");
        assert!(absolute.starts_with("http://127.0.0.1:8080/"), "{absolute}");
        let state = CsrfState::generate().unwrap();
        let absolute = format!("http://127.0.0.1:8080/callback?state={}", state.as_str());
        assert_eq!(
            judge("GET", &target_of(&absolute), &state),
            Answer::NotFound
        );
    }

    #[test]
    fn only_the_expected_state_is_the_callback() {
        let state = CsrfState::generate().unwrap();
        let s = state.as_str();
        let judged = |method: &str, target: &str| judge(method, target, &state);
        let good = format!("/callback?code=c&state={s}");
        assert_eq!(judged("GET", &good), Answer::Callback);
        let denied = format!("/callback?error=access_denied&state={s}");
        assert_eq!(judged("GET", &denied), Answer::Callback);
        for target in [
            "/callback".to_owned(),
            "/callback?code=c".to_owned(),
            "/callback?code=c&state=".to_owned(),
            format!("/callback?code=c&state={s}&state={s}"),
            format!("/callback?code=c&state={}", &s[..42]),
            format!("/callback?code=c&state={s}x"),
        ] {
            assert_eq!(judged("GET", &target), Answer::StateMismatch, "{target}");
        }
        assert_eq!(judged("POST", &good), Answer::MethodNotAllowed);
        assert_eq!(
            judged("GET", &format!("/favicon.ico?state={s}")),
            Answer::NotFound
        );
        assert_eq!(
            judged("GET", &format!("/callback/?state={s}")),
            Answer::NotFound
        );
    }

    /// Serves one connection that sends `head`: the answer as read, and the callback's target.
    async fn served(head: String, expected: Arc<CsrfState>) -> (String, Option<String>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let address = listener.local_addr().unwrap();
        let client = async {
            let mut stream = TcpStream::connect(address).await.unwrap();
            stream.write_all(head.as_bytes()).await.unwrap();
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).await.unwrap();
            String::from_utf8(answer).unwrap()
        };
        let server = async {
            let (stream, _) = listener.accept().await.unwrap();
            serve_one(stream, expected).await
        };
        tokio::join!(client, server)
    }

    #[tokio::test]
    async fn pages_are_fixed_text_with_their_headers_and_only_the_callback_counts() {
        let state = Arc::new(CsrfState::generate().unwrap());
        let forged = "GET /callback?code=evil&state=%3Cscript%3E HTTP/1.1\r\n\r\n".to_owned();
        let (answer, callback) = served(forged, Arc::clone(&state)).await;
        assert_eq!(callback, None);
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        let mut lines: Vec<&str> = head.lines().collect();
        lines.sort_unstable();
        let length = format!("content-length: {}", STATE_MISMATCH.len());
        let mut expected = vec![
            "HTTP/1.1 400 Bad Request",
            "cache-control: no-store",
            "connection: close",
            "content-security-policy: default-src 'none'",
            "content-type: text/html; charset=utf-8",
            &length,
            "referrer-policy: no-referrer",
            "x-content-type-options: nosniff",
        ];
        expected.sort_unstable();
        assert_eq!(lines, expected);
        assert_eq!(body, STATE_MISMATCH);

        let target = format!("/callback?code=c&state={}", state.as_str());
        let (answer, callback) = served(format!("GET {target} HTTP/1.1\r\n\r\n"), state).await;
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
        assert!(answer.ends_with(RECEIVED), "{answer}");
        assert_eq!(callback, Some(target));
    }
}
