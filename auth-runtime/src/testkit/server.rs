//! A deliberately small HTTP/1.1 server on 127.0.0.1: one request per connection, answered
//! with whatever bytes the emulator decides, so that it can also misbehave on purpose (a
//! truncated body, a stall).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The most of a request that is read.
const MAX_REQUEST: usize = 1 << 20;

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

/// Serves `handler` on `listener`, until the task is aborted.
pub(crate) fn serve(listener: TcpListener, handler: Handler) -> JoinHandle<()> {
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream, Arc::clone(&handler)));
        }
    })
}

async fn connection(mut stream: TcpStream, handler: Handler) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let bytes = match handler(request) {
        Reply::Full {
            status,
            headers,
            body,
        } => response(status, &headers, &body, body.len()),
        Reply::Truncated { body } => {
            let half = body.len() / 2;
            response(
                200,
                &[("content-type".into(), "application/json".into())],
                &body[..half],
                body.len(),
            )
        }
        Reply::Stall(duration) => {
            tokio::time::sleep(duration).await;
            return;
        }
    };
    let _ = stream.write_all(&bytes).await;
    let _ = stream.shutdown().await;
}

fn response(status: u16, headers: &[(String, String)], body: &[u8], length: usize) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "content-length: {length}\r\nconnection: close\r\n\r\n"
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Status",
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let (head_len, mut received) = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buffer.len() + n > MAX_REQUEST {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(parsed) = parse_head(&buffer) {
            break parsed;
        }
    };
    let length: usize = received
        .header("content-length")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST);
    while buffer.len() < head_len + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    received.body = buffer[head_len..head_len + length].to_vec();
    Some(received)
}

/// The head's length and the request it describes, once the head is complete.
fn parse_head(buffer: &[u8]) -> Option<(usize, Received)> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(head_len) = request.parse(buffer).ok()? else {
        return None;
    };
    let target = request.path?;
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target.to_owned(), None),
    };
    let headers = request
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    Some((
        head_len,
        Received {
            method: request.method?.to_owned(),
            path,
            query,
            headers,
            body: Vec::new(),
        },
    ))
}
