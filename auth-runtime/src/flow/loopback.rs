//! The loopback redirect listener of RFC 8252 section 7.3, for programs without a web server:
//! it listens on 127.0.0.1 only, serves exactly one callback with a short page, and gives up
//! after a timeout.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::error::Error;

/// How long [`LoopbackListener::wait`] waits for the user, by default.
pub const DEFAULT_CALLBACK_TIMEOUT: Duration = Duration::from_secs(120);

/// The path the provider redirects to.
const CALLBACK_PATH: &str = "/callback";
/// The most of a request head that is read.
const MAX_HEAD: usize = 16 * 1024;
/// How long one connection may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

const PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Authorization received</title></head>\
<body><p>The authorization response was received. You can close this tab and return to the application.</p></body></html>";

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
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| Error::Config(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::Config(format!("cannot read the listener's port: {e}")))?;
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

    /// Waits for the callback and returns its full URL, for
    /// [`crate::PendingAuthorization::complete`]. Other requests (a browser's favicon) get a
    /// 404 and the wait goes on; after `timeout`, [`Error::CallbackTimeout`].
    pub async fn wait(self, timeout: Duration) -> Result<String, Error> {
        let serve = async {
            loop {
                let Ok((stream, _)) = self.listener.accept().await else {
                    continue;
                };
                if let Some(target) = self.serve_one(stream).await {
                    return format!("http://127.0.0.1:{}{target}", self.port);
                }
            }
        };
        tokio::time::timeout(timeout, serve)
            .await
            .map_err(|_| Error::CallbackTimeout { waited: timeout })
    }

    /// Answers one connection; returns the request target when it was the callback.
    async fn serve_one(&self, mut stream: TcpStream) -> Option<String> {
        let head = tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream))
            .await
            .ok()??;
        let (method, target) = parse_head(&head)?;
        let path = target.split('?').next().unwrap_or_default();
        let (status, body, is_callback) = match (method.as_str(), path) {
            ("GET", CALLBACK_PATH) => ("200 OK", PAGE, true),
            (_, CALLBACK_PATH) => ("405 Method Not Allowed", "Method not allowed", false),
            _ => ("404 Not Found", "Not found", false),
        };
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        // The page is a courtesy: the callback counts even if the browser has gone.
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
        is_callback.then_some(target)
    }
}

/// Reads until the end of the request head, at most [`MAX_HEAD`] bytes.
async fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || head.len() + n > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    Some(head)
}

/// The method and target of a request head.
fn parse_head(head: &[u8]) -> Option<(String, String)> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    request.parse(head).ok()?;
    Some((request.method?.to_owned(), request.path?.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_method_and_target() {
        let head = b"GET /callback?code=a&state=b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assert_eq!(
            parse_head(head),
            Some(("GET".into(), "/callback?code=a&state=b".into()))
        );
        assert_eq!(parse_head(b"garbage\r\n\r\n"), None);
    }
}
