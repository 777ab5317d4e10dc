//! A hostile token endpoint that answers every request with everything it was sent (the body,
//! every decoded value, the query, the credential headers), in each of the error shapes the
//! runtime reads: what the no-secret-anywhere tests of the runtime and of `authctl` run against.

use std::sync::{Arc, Mutex};

use wiremock::{Request, ResponseTemplate};

use crate::{header, json_response};

/// The access token a test session holds, echoed by servers that "know" it.
pub const ACCESS_TOKEN: &str = "at.9f+/x=Q~q_live-held";
/// The refresh token a test session holds.
pub const REFRESH_TOKEN: &str = "rt.77+/zz=Y~refresh-held";

/// The shapes a hostile server puts its echo in: every error shape the runtime reads.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// An RFC 6749 error in a 400, the echo in its description and uri.
    OAuthError400,
    /// An RFC 6749 error inside a 200.
    OAuthErrorIn200,
    /// Talview's `success: false` with the echo as its message.
    TalviewRefusal,
    /// A GraphQL `errors` array.
    GraphqlErrors,
    /// An HTML error page.
    HtmlPage500,
    /// A 200 that is not JSON.
    PlainText200,
    /// A form-encoded error, its media type in capitals.
    FormError400,
    /// A 200 whose token cannot go in a header.
    UnusableTokenIn200,
    /// A 401 `invalid_token`, as a validity endpoint answers.
    InvalidToken401,
}

/// Every shape, for tests that run against each in turn.
pub const SHAPES: [Shape; 9] = [
    Shape::OAuthError400,
    Shape::OAuthErrorIn200,
    Shape::TalviewRefusal,
    Shape::GraphqlErrors,
    Shape::HtmlPage500,
    Shape::PlainText200,
    Shape::FormError400,
    Shape::UnusableTokenIn200,
    Shape::InvalidToken401,
];

/// A server that answers every request with everything it was sent, in `shape`, and keeps the
/// credentials it saw (the Basic header, a signed assertion) for the search.
pub struct Echo {
    /// Where the echo goes.
    pub shape: Shape,
    /// The credentials it saw (a Basic value, a signed assertion), for the search.
    pub seen: Arc<Mutex<Vec<String>>>,
    /// Whether to echo the tokens a session holds too: a server knows what it issued.
    pub held: bool,
}

impl Echo {
    /// Everything in the request, raw and decoded: the body, every form and JSON value, the
    /// query, and the headers that carry credentials.
    pub fn echo_of(&self, request: &Request) -> String {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let mut parts = vec![format!("body: {body}")];
        for (name, value) in url::form_urlencoded::parse(&request.body) {
            parts.push(format!("{name}={value}"));
            if name == "client_assertion" {
                self.seen.lock().unwrap().push(value.into_owned());
            }
        }
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(&request.body) {
            for (name, value) in map {
                parts.push(format!(
                    "{name} is {value} and {}",
                    value.as_str().unwrap_or("")
                ));
            }
        }
        parts.push(format!("query: {}", request.url.query().unwrap_or("")));
        for (name, value) in request.url.query_pairs() {
            parts.push(format!("{name}={value}"));
        }
        for name in ["authorization", "x-api-key"] {
            if let Some(value) = header(request, name) {
                if let Some(basic) = value.strip_prefix("Basic ") {
                    self.seen.lock().unwrap().push(basic.to_owned());
                }
                parts.push(format!("{name}: {value}"));
            }
        }
        if self.held {
            parts.push(format!("held: {ACCESS_TOKEN} {REFRESH_TOKEN}"));
        }
        parts.join(" | ")
    }
}

impl wiremock::Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let echo = self.echo_of(request);
        let json =
            |status: u16, value: serde_json::Value| json_response(status, &value.to_string());
        let form =
            |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        match self.shape {
            Shape::OAuthError400 => json(
                400,
                serde_json::json!({
                    "error": "invalid_client",
                    "error_description": echo,
                    "error_uri": format!("https://docs.example/errors?echo={}", form(&echo)),
                }),
            ),
            Shape::OAuthErrorIn200 => json(
                200,
                serde_json::json!({"error": "invalid_grant", "error_description": echo}),
            ),
            Shape::TalviewRefusal => json(
                200,
                serde_json::json!({
                    "auth_user_login": {"success": false, "error_message": echo},
                    "login": {"success": false, "error_message": echo},
                }),
            ),
            Shape::GraphqlErrors => json(200, serde_json::json!({"errors": [{"message": echo}]})),
            Shape::HtmlPage500 => ResponseTemplate::new(500).set_body_raw(
                format!("<html><body><h1>Error</h1><pre>{echo}</pre></body></html>"),
                "text/html",
            ),
            Shape::PlainText200 => ResponseTemplate::new(200).set_body_raw(echo, "text/plain"),
            Shape::FormError400 => ResponseTemplate::new(400).set_body_raw(
                format!("error=invalid_client&error_description={}", form(&echo)),
                "APPLICATION/X-WWW-FORM-URLENCODED; charset=UTF-8",
            ),
            Shape::UnusableTokenIn200 => json(
                200,
                serde_json::json!({
                    "access_token": format!("{ACCESS_TOKEN}\r\nX-Evil: 1"),
                    "refresh_token": REFRESH_TOKEN,
                    "note": echo,
                }),
            ),
            Shape::InvalidToken401 => json(
                401,
                serde_json::json!({"error": "invalid_token", "error_description": echo}),
            ),
        }
    }
}
