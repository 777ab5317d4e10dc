//! The device authorization grant (RFC 8628), for programs without a browser: ask the
//! declared `device_endpoint` for a device code and a user code, show the user code and the
//! verification URL to the user (who approves on another device), and poll the token endpoint
//! until the user has decided.
//!
//! The polling follows the server: never faster than its `interval` (5 seconds when it says
//! none), 5 seconds slower for good on each `slow_down`, on through `authorization_pending`;
//! `access_denied` is [`Error::AuthorizationDenied`] and an expired code
//! [`Error::DeviceCodeExpired`]. Dropping the polling future cancels it: no request is sent
//! after.

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use crate::client::{read_body, retry_after, transport, Client};
use crate::error::Error;
use crate::exchange::Exchange;
use crate::provider::Provider;
use crate::redact::Redactor;
use crate::response::{oauth_error, parse_body, Answer, BodyFormat};
use crate::token::Token;

/// How long between polls when the server names no `interval` (RFC 8628 section 3.2).
pub const DEFAULT_DEVICE_INTERVAL: Duration = Duration::from_secs(5);

/// What a `slow_down` adds to the interval, for the rest of the polling (section 3.5).
pub const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// The longest interval and lifetime taken from a server: a hostile or broken answer must not
/// make the client wait for ever, nor overflow a clock.
const MAX_INTERVAL: Duration = Duration::from_secs(3600);
const MAX_EXPIRES_IN: Duration = Duration::from_secs(86_400);

/// The codes of a device authorization in progress: what to show the user, and the device
/// code the client polls with. Its `Debug` hides the device code.
pub struct DeviceAuthorization {
    provider: &'static str,
    device_code: SecretString,
    user_code: String,
    verification_uri: String,
    verification_uri_complete: Option<String>,
    message: Option<String>,
    expires_in: Duration,
    interval: Duration,
    started: tokio::time::Instant,
}

impl DeviceAuthorization {
    /// The code the user enters at [`Self::verification_uri`].
    pub fn user_code(&self) -> &str {
        &self.user_code
    }

    /// Where the user enters the code.
    pub fn verification_uri(&self) -> &str {
        &self.verification_uri
    }

    /// The same URL with the code in it, when the server gives one (for a QR code or a link).
    pub fn verification_uri_complete(&self) -> Option<&str> {
        self.verification_uri_complete.as_deref()
    }

    /// The server's own instructions, when it gives some (Microsoft's `message`).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// How long the codes are good for, from when they were issued.
    pub fn expires_in(&self) -> Duration {
        self.expires_in
    }

    /// The least time between polls, as the server asked.
    pub fn interval(&self) -> Duration {
        self.interval
    }
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("provider", &self.provider)
            .field("device_code", &"[redacted]")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish()
    }
}

/// The device authorization response (RFC 8628 section 3.2). `verification_url` is the name
/// Google's limited-input devices use.
#[derive(Deserialize)]
struct DeviceAnswer {
    device_code: Option<String>,
    user_code: Option<String>,
    #[serde(alias = "verification_url")]
    verification_uri: Option<String>,
    verification_uri_complete: Option<String>,
    message: Option<String>,
    expires_in: Option<serde_json::Value>,
    interval: Option<serde_json::Value>,
}

/// A whole number of seconds, given as a number or a string of digits.
fn seconds(value: Option<&serde_json::Value>) -> Option<Duration> {
    let seconds = match value? {
        serde_json::Value::Number(n) => n.as_u64()?,
        serde_json::Value::String(text) => text.trim().parse().ok()?,
        _ => return None,
    };
    Some(Duration::from_secs(seconds))
}

impl Client {
    /// Starts the device authorization (RFC 8628 section 3.1): asks the provider's
    /// `device_endpoint` for the codes, sending the client id, the scope and the client
    /// authentication its token requests send. Show the user [`DeviceAuthorization::user_code`]
    /// and [`DeviceAuthorization::verification_uri`], then call
    /// [`Client::poll_device_authorization`].
    pub async fn start_device_authorization<P: Provider>(
        &self,
        provider: &P,
    ) -> Result<DeviceAuthorization, Error> {
        let name = P::INFO.name;
        let mut request = provider.token_request(&Exchange::DeviceAuthorization)?;
        self.place(request.url_mut())?;
        let http = self.http_to(provider, request.url())?;
        request.sign_assertion()?;
        let (request, sent) = request.into_reqwest(&http)?;
        let response = http
            .execute(request)
            .await
            .map_err(|e| transport(name, e))?;
        let started = tokio::time::Instant::now();
        let status = response.status();
        let content_type = response.headers().get(reqwest::header::CONTENT_TYPE);
        let format = BodyFormat::from_content_type(content_type.and_then(|v| v.to_str().ok()));
        let retry_after = retry_after(&response);
        let body = read_body(name, response).await?;
        let answer = Answer {
            status,
            format,
            retry_after,
            body: &body,
        };
        read_device_answer(name, &answer, started).map_err(|e| e.redacted(&sent.redactor()))
    }

    /// Polls the token endpoint with `device`'s code until the user decides (RFC 8628 section
    /// 3.4): never sooner than the interval after the last poll, 5 seconds slower after each
    /// `slow_down`. The token when the user approves; [`Error::AuthorizationDenied`] when they
    /// refuse; [`Error::DeviceCodeExpired`] when the codes expire first; any other error as
    /// the token endpoint gave it. Drop the future to cancel.
    pub async fn poll_device_authorization<P: Provider>(
        &self,
        provider: &P,
        device: &DeviceAuthorization,
    ) -> Result<Token, Error> {
        let name = P::INFO.name;
        // Both bounded when read: a clock that cannot add them ends the polling at once.
        let deadline = device
            .started
            .checked_add(device.expires_in)
            .unwrap_or(device.started);
        let mut interval = device.interval;
        loop {
            let next = tokio::time::Instant::now()
                .checked_add(interval)
                .unwrap_or(deadline);
            if next >= deadline {
                return Err(Error::DeviceCodeExpired { provider: name });
            }
            tokio::time::sleep_until(next).await;
            let poll = Exchange::DeviceCode {
                device_code: &device.device_code,
            };
            let error = match self.request_token(provider, &poll).await {
                Ok(token) => return Ok(token),
                Err(error) => error,
            };
            match poll_verdict(name, error) {
                Verdict::Again => {}
                Verdict::Slower(wait) => {
                    interval = interval
                        .saturating_add(SLOW_DOWN_STEP)
                        .max(wait)
                        .min(MAX_INTERVAL);
                }
                Verdict::Done(error) => return Err(error),
            }
        }
    }
}

/// What a poll's error means for the polling.
enum Verdict {
    /// `authorization_pending`: ask again after the interval.
    Again,
    /// `slow_down` (or a 429): ask again, slower, at least this long after.
    Slower(Duration),
    /// The end of the polling, with this error.
    Done(Error),
}

fn poll_verdict(provider: &'static str, error: Error) -> Verdict {
    if let Error::RateLimited { retry_after, .. } = &error {
        return Verdict::Slower(retry_after.unwrap_or(SLOW_DOWN_STEP));
    }
    let code = error.oauth_code().map(|code| code.as_str().to_owned());
    match code.as_deref() {
        Some("authorization_pending") => Verdict::Again,
        Some("slow_down") => Verdict::Slower(Duration::ZERO),
        // Microsoft says `authorization_declined` for a refusal, and `code_expired` too.
        Some("access_denied" | "authorization_declined") => {
            let (code, description) = match error {
                Error::OAuth { error, .. } => (error.code, error.description),
                _ => return Verdict::Done(error),
            };
            Verdict::Done(Error::AuthorizationDenied {
                provider,
                code,
                description,
            })
        }
        Some("expired_token" | "code_expired") => {
            Verdict::Done(Error::DeviceCodeExpired { provider })
        }
        _ => Verdict::Done(error),
    }
}

/// The codes, or the error the answer says: a 429, an RFC 6749 error (even in a 200), an HTTP
/// error, or an answer without its required members.
fn read_device_answer(
    provider: &'static str,
    answer: &Answer<'_>,
    started: tokio::time::Instant,
) -> Result<DeviceAuthorization, Error> {
    if answer.status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(Error::RateLimited {
            provider,
            retry_after: answer.retry_after,
        });
    }
    if let Some(error) = oauth_error(answer, answer.format) {
        return Err(Error::OAuth { provider, error });
    }
    let excerpt = || Redactor::new().excerpt(answer.body);
    if !answer.status.is_success() {
        return Err(Error::Http {
            provider,
            status: answer.status,
            excerpt: excerpt(),
        });
    }
    let parse = |reason: String| Error::Parse {
        provider,
        reason,
        excerpt: String::new(),
    };
    let body: DeviceAnswer = parse_body(answer.body, answer.format).map_err(parse)?;
    let missing = |name: &str| parse(format!("the device authorization has no `{name}`"));
    let device_code = body.device_code.filter(|c| !c.is_empty());
    let device_code = device_code.ok_or_else(|| missing("device_code"))?;
    let user_code = body.user_code.filter(|c| !c.is_empty());
    let user_code = user_code.ok_or_else(|| missing("user_code"))?;
    let verification_uri = body.verification_uri.filter(|u| !u.is_empty());
    let verification_uri = verification_uri.ok_or_else(|| missing("verification_uri"))?;
    let expires_in = seconds(body.expires_in.as_ref()).ok_or_else(|| missing("expires_in"))?;
    Ok(DeviceAuthorization {
        provider,
        device_code: SecretString::from(device_code),
        user_code,
        verification_uri,
        verification_uri_complete: body.verification_uri_complete,
        message: body.message,
        expires_in: expires_in.min(MAX_EXPIRES_IN),
        // Never faster than 1 s, whatever a server says, nor slower than an hour.
        interval: seconds(body.interval.as_ref())
            .unwrap_or(DEFAULT_DEVICE_INTERVAL)
            .clamp(Duration::from_secs(1), MAX_INTERVAL),
        started,
    })
}
