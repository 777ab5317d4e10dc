//! The emulator's side of the runtime's HTTP/1.1 server ([`crate::http_server`]) on 127.0.0.1:
//! one request per connection, answered with whatever the emulator decides, so that it can
//! also misbehave on purpose (a body cut short of its `content-length`, a stall).

use std::future::poll_fn;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::{Body as _, Incoming};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use crate::http_server::{self, Body, Limits};

/// The most of a request that is read: its head, and its body.
const MAX_REQUEST: usize = 1 << 20;

/// What a request may send. No deadlines: a test's client has its own, and a stall must last
/// as long as the fault says.
const LIMITS: Limits = Limits {
    head_bytes: MAX_REQUEST,
    headers: 64,
    head_timeout: None,
    answer_timeout: None,
};

/// A request as the emulator saw it, credentials included (for assertions). Its `Debug`
/// shows the header names and the body's length, not their values.
#[derive(Clone)]
pub struct Received {
    /// The method, upper case.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The client certificate the connection presented (DER), over mutual TLS.
    pub client_certificate: Option<Vec<u8>>,
}

impl std::fmt::Debug for Received {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("body_bytes", &self.body.len())
            .field("client_certificate", &self.client_certificate.is_some())
            .finish()
    }
}

impl Received {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to send back.
pub(crate) enum Reply {
    /// A complete response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// A response whose body stops halfway through its announced length.
    Truncated { body: Vec<u8> },
    /// Nothing, for this long, then a close.
    Stall(Duration),
    /// `reply`, after this long: a request processed at once and answered late.
    Late(Duration, Box<Reply>),
}

/// Decides the reply to a request.
pub(crate) type Handler = Arc<dyn Fn(Received) -> Reply + Send + Sync>;

/// Binds 127.0.0.1 at a port the system picks. Apart from [`serve`], so that the handler can
/// know its own address (a client assertion's `aud` is the emulator's URL).
pub(crate) async fn bind() -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let address = listener.local_addr()?;
    Ok((listener, address))
}

/// Serves `handler` on `listener`, over TLS when `tls` is given, until the task is aborted.
pub(crate) fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    handler: Handler,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let handler = Arc::clone(&handler);
            let tls = tls.clone();
            tokio::spawn(async move {
                match tls {
                    None => serve_connection(stream, None, handler).await,
                    Some(tls) => {
                        // A failed handshake (no common ground, a key that did not sign) is a
                        // closed connection: the client's transport error says so.
                        let Ok(stream) = tls.accept(stream).await else {
                            return;
                        };
                        let certificate = stream
                            .get_ref()
                            .1
                            .peer_certificates()
                            .and_then(|chain| chain.first())
                            .map(|der| der.to_vec());
                        serve_connection(stream, certificate, handler).await;
                    }
                }
            });
        }
    })
}

/// One connection's request, recorded with the client certificate it presented, if any.
async fn serve_connection<S>(stream: S, certificate: Option<Vec<u8>>, handler: Handler)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    http_server::serve_one(stream, &LIMITS, |request| {
        let handler = Arc::clone(&handler);
        let certificate = certificate.clone();
        async move {
            let mut received = received(request).await?;
            received.client_certificate = certificate;
            answer(handler(received)).await
        }
    })
    .await;
}

/// The response for `reply`; `None` (a close without an answer) for a stall, once it is over.
async fn answer(mut reply: Reply) -> Option<Response<Body>> {
    while let Reply::Late(wait, later) = reply {
        tokio::time::sleep(wait).await;
        reply = *later;
    }
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => Some(http_server::answer(
            code(status),
            header_map(&headers),
            body,
        )),
        Reply::Truncated { body } => Some(http_server::cut_short(
            StatusCode::OK,
            header_map(&[("content-type".into(), "application/json".into())]),
            &body,
            body.len() / 2,
        )),
        Reply::Stall(duration) => {
            tokio::time::sleep(duration).await;
            None
        }
        Reply::Late(..) => None, // Unwrapped above.
    }
}

fn code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).expect("the emulator answers with a valid status")
}

fn header_map(headers: &[(String, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let name =
            HeaderName::try_from(name.as_str()).expect("the emulator's header names are valid");
        let value =
            HeaderValue::try_from(value.as_str()).expect("the emulator's header values are valid");
        map.append(name, value);
    }
    map
}

/// The request as the emulator records it; `None` when its body does not arrive whole or is
/// over [`MAX_REQUEST`] (the connection then closes without an answer).
async fn received(request: Request<Incoming>) -> Option<Received> {
    let (parts, mut incoming) = request.into_parts();
    let mut body = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut incoming).poll_frame(cx)).await {
        if let Ok(data) = frame.ok()?.into_data() {
            if body.len() + data.len() > MAX_REQUEST {
                return None;
            }
            body.extend_from_slice(&data);
        }
    }
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    Some(Received {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers,
        body,
        client_certificate: None,
    })
}
