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
//!   constant time ([`State::matches`]).
//! - The callback with the matching state is the answer, whether it brings a code or an
//!   `error`: [`PendingAuthorization::complete`] turns an `error` into
//!   [`Error::AuthorizationDenied`].
//! - Other paths get a 404, other methods a 405, malformed heads a 400 and heads that are too
//!   large a 431. The wait goes on after each of them.
//! - Nothing a request carries is logged, put in an error or written back in a page.
//!
//! [`State::matches`]: super::State::matches

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use super::authorize::PendingAuthorization;
use super::state::State;
use crate::error::Error;

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
    async fn serve(&self, expected: Arc<State>) -> String {
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

/// What one connection's request turned out to be, and the answer it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// The callback with the expected state.
    Callback,
    /// A callback with a missing, doubled or wrong state.
    StateMismatch,
    NotFound,
    MethodNotAllowed,
    Malformed,
    TooLarge,
}

impl Answer {
    fn status(self) -> &'static str {
        match self {
            Answer::Callback => "200 OK",
            Answer::StateMismatch | Answer::Malformed => "400 Bad Request",
            Answer::NotFound => "404 Not Found",
            Answer::MethodNotAllowed => "405 Method Not Allowed",
            Answer::TooLarge => "431 Request Header Fields Too Large",
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
            Answer::Malformed => (TEXT, "Bad request"),
            Answer::TooLarge => (TEXT, "Request head too large"),
        }
    }
}

/// Serves one connection. Returns the request target when it was the expected callback.
async fn serve_one(mut stream: TcpStream, expected: Arc<State>) -> Option<String> {
    let (answer, target) = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Ok(Head::Request { method, target }) => (judge(&method, &target, &expected), target),
        Ok(Head::Malformed) => (Answer::Malformed, String::new()),
        Ok(Head::TooLarge) => (Answer::TooLarge, String::new()),
        // Gone before the head ended, or too slow: nobody to answer.
        Ok(Head::Closed) | Err(_) => return None,
    };
    let (content_type, body) = answer.body();
    let response = format!(
        "HTTP/1.1 {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
cache-control: no-store\r\nx-content-type-options: nosniff\r\nreferrer-policy: no-referrer\r\n\
content-security-policy: default-src 'none'\r\nconnection: close\r\n\r\n{body}",
        answer.status(),
        body.len()
    );
    // The page is a courtesy: the callback counts even if the browser has gone.
    let _ = tokio::time::timeout(WRITE_TIMEOUT, async {
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await
    })
    .await;
    (answer == Answer::Callback).then_some(target)
}

/// The answer to a request that parsed.
fn judge(method: &str, target: &str, expected: &State) -> Answer {
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
fn state_matches(query: &str, expected: &State) -> bool {
    let mut states = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| name == "state")
        .map(|(_, value)| value);
    match (states.next(), states.next()) {
        (Some(state), None) => expected.matches(&state),
        _ => false,
    }
}

/// A request head as read from a connection. `Debug` only in tests: the target carries the
/// code and the state.
#[cfg_attr(test, derive(Debug))]
#[derive(PartialEq, Eq)]
enum Head {
    Request {
        method: String,
        target: String,
    },
    Malformed,
    TooLarge,
    /// The connection ended, or failed, before the head did.
    Closed,
}

/// Reads one request head, at most [`MAX_HEAD`] bytes. It parses what it has after each read,
/// so that garbage is refused at once instead of when the limit or the timeout is reached.
async fn read_head(stream: &mut TcpStream) -> Head {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        // Never more than the limit: a head that ends exactly at the limit is still read.
        let room = MAX_HEAD.saturating_sub(head.len()).min(chunk.len());
        let Some(buffer) = chunk.get_mut(..room) else {
            return Head::TooLarge;
        };
        let read = match stream.read(buffer).await {
            Ok(0) | Err(_) => return Head::Closed,
            Ok(n) => buffer.get(..n).unwrap_or_default(),
        };
        head.extend_from_slice(read);
        match parse_head(&head) {
            Some(parsed) => return parsed,
            None if head.len() >= MAX_HEAD => return Head::TooLarge,
            None => continue,
        }
    }
}

/// Parses a request head; `None` while it is not complete.
fn parse_head(head: &[u8]) -> Option<Head> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    Some(match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => match (request.method, request.path) {
            (Some(method), Some(target)) => Head::Request {
                method: method.to_owned(),
                target: target.to_owned(),
            },
            _ => Head::Malformed,
        },
        Ok(httparse::Status::Partial) => return None,
        Err(httparse::Error::TooManyHeaders) => Head::TooLarge,
        Err(_) => Head::Malformed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_method_and_target() {
        let head = b"GET /callback?code=a&state=b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assert_eq!(
            parse_head(head),
            Some(Head::Request {
                method: "GET".into(),
                target: "/callback?code=a&state=b".into()
            })
        );
        assert_eq!(parse_head(b"GET /callback?code=a HTTP/1.1\r\n"), None);
        assert_eq!(parse_head(b"garbage\r\n\r\n"), Some(Head::Malformed));
        assert_eq!(parse_head(b"\x16\x03\x01\x02\x00"), Some(Head::Malformed));
        let mut many = b"GET / HTTP/1.1\r\n".to_vec();
        many.extend(b"a: b\r\n".repeat(MAX_HEADERS + 1));
        many.extend(b"\r\n");
        assert_eq!(parse_head(&many), Some(Head::TooLarge));
    }

    #[test]
    fn only_the_expected_state_is_the_callback() {
        let state = State::generate().unwrap();
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
}
