//! The runtime's one HTTP/1.1 server, for the two places that answer requests on 127.0.0.1:
//! the loopback redirect listener (production) and the testkit's emulator (tests and the
//! demo). Heads are parsed and answers written by hyper's server, configured here once, so
//! that neither has a parser of its own to get wrong.
//!
//! One request per connection, then the connection closes (`connection: close`), as both
//! servers have always done: a browser's callback and a test's token request need no more,
//! and a connection that cannot be reused cannot be held open for a second try.
//!
//! What hyper does for a head that breaks a [`Limits`] or does not parse, before any handler
//! sees it: a 431 (`Request Header Fields Too Large`) for a head over `head_bytes` or with more
//! than `headers` headers, a 400 for a malformed one (bad method, target, version or header
//! line; binary garbage; a TLS ClientHello), in both cases with an empty body, then a close. A
//! connection that ends before its head does, or opens with the HTTP/2 preface, gets no
//! answer. Nothing a request carries is logged: hyper's own logging is a feature (`tracing`)
//! this crate does not enable.

use std::convert::Infallible;
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::header::HeaderMap;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Notify;

/// What one connection may send, and how long it may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The largest request head (request line and headers), in bytes; a head of exactly this
    /// size is still read. At least 8 KiB: hyper's read buffer is never smaller (it panics if
    /// asked to be).
    pub(crate) head_bytes: usize,
    /// The most headers a head may have.
    pub(crate) headers: usize,
    /// How long a connection may take, from its start, to send its whole head; `None`: no
    /// limit. A connection that sends nothing is held to it too.
    pub(crate) head_timeout: Option<Duration>,
    /// How long the handler and the writing of its answer may take once the head is in;
    /// `None`: no limit.
    pub(crate) answer_timeout: Option<Duration>,
}

/// A response body, sent as one piece: whole, or (for the emulator's truncated answers)
/// shorter than the `content-length` it goes out with.
#[derive(Debug)]
pub(crate) struct Body {
    data: Option<Bytes>,
    /// Whether `data` is the whole body, so that hyper announces its length. When it is not,
    /// the answer carries a `content-length` of its own, and hyper closes the connection after
    /// the shorter body instead of completing the message.
    whole: bool,
}

impl Body {
    /// All of `data`.
    pub(crate) fn whole(data: impl Into<Bytes>) -> Self {
        Body {
            data: Some(data.into()),
            whole: true,
        }
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.get_mut().data.take().map(|data| Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.data, self.whole) {
            (_, false) => SizeHint::new(),
            (None, true) => SizeHint::with_exact(0),
            (Some(data), true) => u64::try_from(data.len())
                .map(SizeHint::with_exact)
                .unwrap_or_default(),
        }
    }
}

/// An answer with `status`, `headers` and all of `body`; `content-length` and `connection:
/// close` are added by hyper.
pub(crate) fn answer(
    status: StatusCode,
    headers: HeaderMap,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let mut response = Response::new(Body::whole(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// An answer that announces all of `body` in its `content-length` but sends only its first
/// `sent` bytes, then closes the connection: a body cut short, as by a proxy that gave up.
#[cfg(feature = "testkit")]
pub(crate) fn cut_short(
    status: StatusCode,
    mut headers: HeaderMap,
    body: &[u8],
    sent: usize,
) -> Response<Body> {
    headers.insert(hyper::header::CONTENT_LENGTH, body.len().into());
    let sent = body.get(..sent).unwrap_or(body);
    let mut response = Response::new(Body {
        data: Some(Bytes::copy_from_slice(sent)),
        whole: false,
    });
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// What a handler returns for a request that gets no answer: hyper closes the connection
/// without writing anything.
#[derive(Debug)]
struct NoAnswer;

impl std::fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no answer to this request")
    }
}

impl std::error::Error for NoAnswer {}

/// Serves one request on `stream` within `limits`: `handler` gets the request once its head is
/// in, and its answer is written (`None`: the connection closes without one). Returns when the
/// connection is done, or when a deadline of `limits` passes, which drops the connection.
///
/// A handler that must report more than its answer (the loopback listener's callback) writes
/// it to something it borrows: the request has been judged once `handler` returns, whether or
/// not the client stays to read the answer.
pub(crate) async fn serve_one<S, H, F>(stream: S, limits: &Limits, handler: H)
where
    S: AsyncRead + AsyncWrite + Unpin,
    H: Fn(Request<Incoming>) -> F,
    F: Future<Output = Option<Response<Body>>>,
{
    // The head deadline ends when the handler is called, and the answer deadline starts.
    let begun = Notify::new();
    let service = service_fn(|request| {
        begun.notify_one();
        let answer = handler(request);
        async move { answer.await.ok_or(NoAnswer) }
    });
    let mut builder = http1::Builder::new();
    builder
        .keep_alive(false)
        // A client may shut down its side once its head is sent (as a test's raw socket does):
        // it still gets its answer.
        .half_close(true)
        .max_header_size(limits.head_bytes)
        // Reads never fill the buffer past the head limit while the head is read.
        .max_buf_size(limits.head_bytes)
        .max_headers(limits.headers)
        // Both servers have always answered without a date: nothing reads it.
        .auto_date_header(false);
    let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
    tokio::select! {
        biased;
        () = begun.notified() => {}
        // Done before any handler ran: closed early, or refused by hyper with a 400 or a 431.
        _ = connection.as_mut() => return,
        () = sleep_for(limits.head_timeout) => return,
    }
    // The head is in: the handler runs and its answer is written, within their own deadline.
    match limits.answer_timeout {
        Some(limit) => {
            let _ = tokio::time::timeout(limit, connection).await;
        }
        None => {
            let _ = connection.await;
        }
    }
}

/// Sleeps for `limit`, or forever when there is none.
async fn sleep_for(limit: Option<Duration>) {
    match limit {
        Some(limit) => tokio::time::sleep(limit).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests;
