//! The one error type of the runtime.
//!
//! Every variant names the provider it came from and carries only what is safe to print: no
//! access token, refresh token, password, client secret or API key ever reaches an error's
//! `Display` or `Debug`. Body excerpts pass through [`crate::response::excerpt`], which redacts
//! anything that looks like a credential.
//!
//! A variant with a cause keeps it as its [`std::error::Error::source`], typed (an
//! [`std::io::Error`] for a store failure, a [`reqwest::Error`] for a transport failure…), so a
//! caller can inspect it (`downcast_ref`) and reach the causes behind it; its message also ends
//! with the cause's text, so that `{error}` alone reads whole. Whoever prints the whole chain
//! skips a cause whose text the message already ends with (`authctl` does), or it would be
//! said twice. A cause is never text that came from the network: that stays a field of the
//! variant, where [`Error::redacted`] scrubs it.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;

use crate::redact::Redactor;

/// What can go wrong while getting or using a token.
///
/// `Clone`, so that one failed renewal can be handed to every caller that waited for it.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The provider answered with an RFC 6749 error (`invalid_client`, `invalid_grant`, …), with
    /// any HTTP status, including a 200 that carries an `error` field.
    #[error("{provider} refused the token request: {}", .error)]
    OAuth {
        /// The provider's name.
        provider: &'static str,
        /// The error the provider sent.
        error: OAuthError,
    },

    /// The provider refused in its own words rather than with an RFC 6749 error: Talview's
    /// `success: false` with its `error_message`, or a GraphQL `errors` array.
    #[error("{provider} refused the token request: {message}")]
    Refused {
        /// The provider's name.
        provider: &'static str,
        /// The HTTP status the refusal came with.
        status: StatusCode,
        /// The provider's message.
        message: String,
    },

    /// HTTP 429: the provider asks us to slow down.
    #[error("{provider} is rate limiting token requests{}", retry_hint(.retry_after))]
    RateLimited {
        /// The provider's name.
        provider: &'static str,
        /// How long to wait, from `Retry-After`, when the provider said.
        retry_after: Option<Duration>,
    },

    /// A non-2xx answer with no error body we recognise (an HTML error page, an empty 502…).
    #[error("{provider} answered HTTP {status}: {excerpt}")]
    Http {
        /// The provider's name.
        provider: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The start of the body, with anything that looks like a credential redacted.
        excerpt: String,
    },

    /// A 2xx answer that does not hold a usable token.
    #[error("{provider} sent a token response that cannot be used: {reason} (body: {excerpt})")]
    Parse {
        /// The provider's name.
        provider: &'static str,
        /// What was wrong with it.
        reason: String,
        /// The start of the body, with anything that looks like a credential redacted.
        excerpt: String,
    },

    /// The body was larger than the runtime is willing to read.
    #[error("{provider} sent a response larger than {limit} bytes")]
    ResponseTooLarge {
        /// The provider's name.
        provider: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },

    /// The request did not complete within the configured time.
    #[error("{provider} did not answer in time")]
    Timeout {
        /// The provider's name.
        provider: &'static str,
    },

    /// The connection failed, or the response could not be read.
    #[error("cannot reach {provider}: {source}")]
    Transport {
        /// The provider's name.
        provider: &'static str,
        /// The transport error, with the URL stripped.
        #[source]
        source: std::sync::Arc<reqwest::Error>,
    },

    /// Credentials would travel in clear text: the endpoint is `http` and not a loopback address.
    #[error("refusing to send credentials to {url}: use https (plain http is allowed only to a loopback address)")]
    InsecureEndpoint {
        /// The endpoint, without its query.
        url: String,
    },

    /// A setting of the provider cannot be used as given (a host placeholder with a `/` in it,
    /// a base URL that does not parse, …).
    #[error("invalid setting `{setting}`: {reason}")]
    InvalidSetting {
        /// The setting's name (the struct field).
        setting: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// The provider's declaration does not support the requested grant, e.g. a login with
    /// stored credentials on a provider that only issues tokens for an authorization code.
    #[error("{provider} does not support {what}")]
    Unsupported {
        /// The provider's name.
        provider: &'static str,
        /// What was asked for.
        what: &'static str,
    },

    /// The client was configured with something unusable (an origin that is not an origin…),
    /// or the system refused what it needs (a listener's port, randomness).
    #[error("invalid configuration: {reason}{}", cause_suffix(.source.as_deref()))]
    Config {
        /// What is unusable, e.g. "cannot listen on 127.0.0.1:8080".
        reason: String,
        /// The error behind it, when there is one (an [`std::io::Error`], a
        /// [`url::ParseError`]…): its text ends the message. `downcast_ref` on this field
        /// reaches the cause's own type; [`std::error::Error::source`] gives it inside its
        /// `Arc` (same message, same sources), which keeps the error `Clone`.
        #[source]
        source: Option<Arc<dyn std::error::Error + Send + Sync>>,
    },

    /// No token can be had without the user: the provider only issues tokens for an
    /// authorization code, and the refresh token is missing, expired or revoked.
    #[error("{provider} needs the user to authorize again: {reason}")]
    ReauthorizationRequired {
        /// The provider's name.
        provider: &'static str,
        /// Why, e.g. "the refresh token was rejected (invalid_grant)".
        reason: String,
    },

    /// The session will not send a login now: the declared login rate limit, a `Retry-After`
    /// or the backoff after a failure asks to wait longer than the caller allows.
    #[error("{provider}: no token request may be sent for {} ms ({reason})", .retry_after.as_millis())]
    MustWait {
        /// The provider's name.
        provider: &'static str,
        /// How long until a request may be sent.
        retry_after: Duration,
        /// What imposes the wait.
        reason: &'static str,
    },

    /// The user, or the provider, refused the authorization: the redirect carried `error`
    /// (`access_denied`…) instead of a code.
    #[error("{provider}: authorization refused: {code}{}", description_suffix(.description))]
    AuthorizationDenied {
        /// The provider's name.
        provider: &'static str,
        /// The redirect's `error`.
        code: OAuthErrorCode,
        /// The redirect's `error_description`, when sent.
        description: Option<String>,
    },

    /// The device code expired before the user decided (RFC 8628 `expired_token`, or its
    /// `expires_in` passed while polling): start the device authorization again.
    #[error("{provider}: the device code expired before the user approved it; start the device authorization again")]
    DeviceCodeExpired {
        /// The provider's name.
        provider: &'static str,
    },

    /// The redirect's `state` is missing, does not match, or was already used: the callback
    /// is refused before any token request (a forged or replayed redirect).
    #[error("{provider}: the authorization callback was refused: {reason}")]
    StateMismatch {
        /// The provider's name.
        provider: &'static str,
        /// What was wrong with the state.
        reason: &'static str,
    },

    /// The redirect could not be read as an authorization callback.
    #[error("{provider}: not an authorization callback: {reason}")]
    InvalidCallback {
        /// The provider's name.
        provider: &'static str,
        /// What was wrong with it.
        reason: String,
    },

    /// Nobody came back to the loopback redirect listener in time.
    #[error("no authorization callback arrived within {} s: was the authorize URL opened and the access granted?", .waited.as_secs())]
    CallbackTimeout {
        /// How long the listener waited.
        waited: Duration,
    },

    /// A refresh may have reached the provider, but its answer was lost (a timeout, a dropped
    /// connection, a 5xx). The provider may have rotated the refresh token already, and a strict
    /// one revokes the whole grant when a spent refresh token comes back (RFC 9700 section
    /// 4.14.2), so it is not sent again, and this grant cannot log in without the user.
    /// Authorize again; or, if the provider accepts a refresh token twice, declare
    /// `refresh_reuse = "allowed"`.
    #[error("{provider}: the outcome of a token refresh is unknown, so its refresh token is not sent again: {source}")]
    RenewalOutcomeUnknown {
        /// The provider's name.
        provider: &'static str,
        /// What happened to the refresh.
        source: Box<Error>,
    },

    /// A request carrying credentials was addressed to an origin the provider's declaration
    /// does not name (its `api_base`, its token endpoint's host), and that was not allowed with
    /// [`crate::SessionBuilder::allow_origin`]: a mistyped or attacker-chosen URL never
    /// receives a token.
    #[error("{provider}: refusing to send credentials to {origin}: not the provider's API origin (allow it with SessionBuilder::allow_origin)")]
    OriginNotAllowed {
        /// The provider's name.
        provider: &'static str,
        /// The origin the request was addressed to.
        origin: String,
    },

    /// The file store refused a file it cannot trust, such as a symbolic link planted where a
    /// token or lock file belongs: it never follows one.
    #[error("token store: refusing {path}: {reason}")]
    UnsafeStoreFile {
        /// The file.
        path: String,
        /// Why it is refused.
        reason: &'static str,
    },

    /// The token store failed: a file could not be created, read, written, locked or removed,
    /// or a token could not be encoded. A local failure, not the provider's.
    #[error("token store: {what}: {source}")]
    Store {
        /// What failed, with the file when there is one, e.g. "cannot write /home/me/x.json".
        what: String,
        /// Why: an [`std::io::Error`] for file work (its `kind()` says which), the encoder's
        /// error, or the failure of the task that did the file work. As for
        /// [`Error::Config`], `downcast_ref` on this field reaches its own type.
        #[source]
        source: Arc<dyn std::error::Error + Send + Sync>,
    },

    /// The renewal lease was not had in time: another process held it and did not finish, or
    /// the store could not be reached. No token request was sent: renewing without the lease
    /// could spend a refresh token another process is using, or, where a new token revokes the
    /// old (Altrata), kill the token of the whole fleet. A valid cached token is still served.
    #[error("token store {store}: the renewal lease was not had within {waited:?}{}", cause_suffix(source.as_deref().map(|e| e as _)))]
    LeaseUnavailable {
        /// The store ("redis", "postgres", "file", "memory").
        store: &'static str,
        /// How long the session waited for it.
        waited: Duration,
        /// The store's failure, when it failed rather than was busy.
        #[source]
        source: Option<Box<Error>>,
    },

    /// A record in a shared store could not be opened: it was sealed with a key this store was
    /// not given (`key_id` names it), or it was altered. Nothing of it is used, and renewals
    /// fail with it until the store is given that key (`StoreCipher::with_previous`) or the
    /// record is removed: overwriting it could lose the refresh token inside.
    #[error("token store: cannot open a record sealed with key {key_id:?}: {reason}")]
    SealedRecord {
        /// The id of the key the record says it was sealed with.
        key_id: String,
        /// Why, e.g. "no key with this id was given".
        reason: &'static str,
    },
}

fn cause_suffix(cause: Option<&(dyn std::error::Error + Send + Sync)>) -> String {
    cause.map(|c| format!(": {c}")).unwrap_or_default()
}

fn description_suffix(description: &Option<String>) -> String {
    description
        .as_ref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default()
}

fn retry_hint(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(" (retry after {} s)", wait.as_secs()),
        None => String::new(),
    }
}

/// An RFC 6749 section 5.2 error, as the provider sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// The HTTP status it came with (a 200 when the provider put an error in a success).
    pub status: StatusCode,
    /// The `error` code, e.g. [`OAuthErrorCode::InvalidClient`].
    pub code: OAuthErrorCode,
    /// The `error_description`, when sent.
    pub description: Option<String>,
    /// The `error_uri`, when sent.
    pub uri: Option<String>,
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (HTTP {})", self.code, self.status.as_u16())?;
        if let Some(description) = &self.description {
            write!(f, ": {description}")?;
        }
        Ok(())
    }
}

/// An OAuth `error` code: those of RFC 6749 section 5.2 (token endpoint) and section 4.1.2.1
/// (authorization redirect), and [`OAuthErrorCode::Other`] for any other a provider sends.
///
/// Typed so that a caller matches a variant instead of comparing text. Two codes are equal when
/// their wire text is (an `Other("invalid_grant")` built by hand equals `InvalidGrant`), and a
/// code also compares with a `&str`. A code that has no variant today may get one in a later
/// version: compare with [`OAuthErrorCode::as_str`], or the variant, rather than match on
/// `Other("…")`. Case matters, as on the wire: `INVALID_GRANT` is an `Other`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum OAuthErrorCode {
    /// `invalid_request`: a parameter is missing, repeated, unsupported or malformed.
    InvalidRequest,
    /// `invalid_client`: the client authentication failed.
    InvalidClient,
    /// `invalid_grant`: the grant (credentials, code, refresh token) is invalid, expired or
    /// revoked; a session drops a refresh token rejected with it.
    InvalidGrant,
    /// `unauthorized_client`: the client may not use this grant type.
    UnauthorizedClient,
    /// `unsupported_grant_type`: the server does not support this grant type.
    UnsupportedGrantType,
    /// `invalid_scope`: the scope is invalid, unknown or exceeds what was granted.
    InvalidScope,
    /// `access_denied`: the user or the server refused the authorization.
    AccessDenied,
    /// `unsupported_response_type`: the server does not issue codes this way.
    UnsupportedResponseType,
    /// `server_error`: the server failed (an error sent where a 500 cannot be).
    ServerError,
    /// `temporarily_unavailable`: the server is overloaded or in maintenance.
    TemporarilyUnavailable,
    /// Any other code, as sent (with secrets scrubbed, like every text from the network).
    Other(String),
}

impl OAuthErrorCode {
    /// The code as it goes on the wire, e.g. `invalid_grant`.
    pub fn as_str(&self) -> &str {
        match self {
            OAuthErrorCode::InvalidRequest => "invalid_request",
            OAuthErrorCode::InvalidClient => "invalid_client",
            OAuthErrorCode::InvalidGrant => "invalid_grant",
            OAuthErrorCode::UnauthorizedClient => "unauthorized_client",
            OAuthErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            OAuthErrorCode::InvalidScope => "invalid_scope",
            OAuthErrorCode::AccessDenied => "access_denied",
            OAuthErrorCode::UnsupportedResponseType => "unsupported_response_type",
            OAuthErrorCode::ServerError => "server_error",
            OAuthErrorCode::TemporarilyUnavailable => "temporarily_unavailable",
            OAuthErrorCode::Other(code) => code,
        }
    }

    /// The variant for a known code.
    fn known(code: &str) -> Option<OAuthErrorCode> {
        Some(match code {
            "invalid_request" => OAuthErrorCode::InvalidRequest,
            "invalid_client" => OAuthErrorCode::InvalidClient,
            "invalid_grant" => OAuthErrorCode::InvalidGrant,
            "unauthorized_client" => OAuthErrorCode::UnauthorizedClient,
            "unsupported_grant_type" => OAuthErrorCode::UnsupportedGrantType,
            "invalid_scope" => OAuthErrorCode::InvalidScope,
            "access_denied" => OAuthErrorCode::AccessDenied,
            "unsupported_response_type" => OAuthErrorCode::UnsupportedResponseType,
            "server_error" => OAuthErrorCode::ServerError,
            "temporarily_unavailable" => OAuthErrorCode::TemporarilyUnavailable,
            _ => return None,
        })
    }

    /// The same code with every secret `redactor` knows scrubbed from its text: a code comes
    /// from the network, and a server may echo a secret in it. A known code that held one (a
    /// password `invalid_grant`…) becomes the `Other` of its scrubbed text, as it read before
    /// codes were typed.
    fn scrub(&mut self, redactor: &Redactor) {
        if let std::borrow::Cow::Owned(scrubbed) = redactor.scrub(self.as_str()) {
            *self = OAuthErrorCode::Other(scrubbed);
        }
    }
}

impl From<&str> for OAuthErrorCode {
    fn from(code: &str) -> Self {
        OAuthErrorCode::known(code).unwrap_or_else(|| OAuthErrorCode::Other(code.to_owned()))
    }
}

impl From<String> for OAuthErrorCode {
    fn from(code: String) -> Self {
        OAuthErrorCode::known(&code).unwrap_or(OAuthErrorCode::Other(code))
    }
}

impl std::str::FromStr for OAuthErrorCode {
    type Err = std::convert::Infallible;

    /// Every text is a code: one without a variant is an `Other`.
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ok(OAuthErrorCode::from(code))
    }
}

impl std::fmt::Display for OAuthErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for OAuthErrorCode {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for OAuthErrorCode {}

impl std::hash::Hash for OAuthErrorCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for OAuthErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for OAuthErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Error {
    /// This error with every secret `redactor` knows scrubbed from the text that came from the
    /// network (a provider's description, message or body excerpt, a redirect's error): servers
    /// echo what they were sent.
    pub(crate) fn redacted(mut self, redactor: &Redactor) -> Error {
        let scrub = |text: &mut String| redactor.scrub_in_place(text);
        let scrub_opt = |text: &mut Option<String>| {
            if let Some(text) = text {
                redactor.scrub_in_place(text);
            }
        };
        match &mut self {
            Error::OAuth { error, .. } => {
                error.code.scrub(redactor);
                scrub_opt(&mut error.description);
                scrub_opt(&mut error.uri);
            }
            Error::Refused { message, .. } => scrub(message),
            Error::Http { excerpt, .. } => scrub(excerpt),
            Error::Parse {
                reason, excerpt, ..
            } => {
                scrub(reason);
                scrub(excerpt);
            }
            Error::AuthorizationDenied {
                code, description, ..
            } => {
                code.scrub(redactor);
                scrub_opt(description);
            }
            Error::InvalidCallback { reason, .. }
            | Error::ReauthorizationRequired { reason, .. }
            | Error::InvalidSetting { reason, .. } => scrub(reason),
            Error::RenewalOutcomeUnknown { source, .. } => {
                let placeholder = Error::config(String::new());
                **source = std::mem::replace(&mut **source, placeholder).redacted(redactor);
            }
            _ => {}
        }
        self
    }

    /// The RFC 6749 error code, when the provider sent one ([`OAuthErrorCode::InvalidGrant`]…).
    pub fn oauth_code(&self) -> Option<&OAuthErrorCode> {
        match self {
            Error::OAuth { error, .. } => Some(&error.code),
            _ => None,
        }
    }

    /// [`Error::Config`] without a cause.
    pub(crate) fn config(reason: impl Into<String>) -> Error {
        Error::Config {
            reason: reason.into(),
            source: None,
        }
    }

    /// [`Error::Config`] caused by `source`, kept as the error's source.
    pub(crate) fn config_caused_by(
        reason: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Config {
            reason: reason.into(),
            source: Some(Arc::new(source)),
        }
    }

    /// [`Error::Store`]: `what` failed because of `source`.
    pub(crate) fn store(
        what: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Store {
            what: what.into(),
            source: Arc::new(source),
        }
    }

    /// Whether trying the same request again later may succeed: transport failures, timeouts,
    /// rate limits and server errors. Refusals and malformed answers are not.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Timeout { .. }
            | Error::Transport { .. }
            | Error::RateLimited { .. }
            | Error::MustWait { .. } => true,
            Error::Http { status, .. } => status.is_server_error(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    const KNOWN: [(&str, OAuthErrorCode); 10] = [
        ("invalid_request", OAuthErrorCode::InvalidRequest),
        ("invalid_client", OAuthErrorCode::InvalidClient),
        ("invalid_grant", OAuthErrorCode::InvalidGrant),
        ("unauthorized_client", OAuthErrorCode::UnauthorizedClient),
        (
            "unsupported_grant_type",
            OAuthErrorCode::UnsupportedGrantType,
        ),
        ("invalid_scope", OAuthErrorCode::InvalidScope),
        ("access_denied", OAuthErrorCode::AccessDenied),
        (
            "unsupported_response_type",
            OAuthErrorCode::UnsupportedResponseType,
        ),
        ("server_error", OAuthErrorCode::ServerError),
        (
            "temporarily_unavailable",
            OAuthErrorCode::TemporarilyUnavailable,
        ),
    ];

    #[test]
    fn every_known_code_round_trips_through_its_wire_text() {
        for (text, code) in KNOWN {
            let parsed = OAuthErrorCode::from(text);
            assert!(
                std::mem::discriminant(&parsed) == std::mem::discriminant(&code),
                "{text}: {parsed:?}"
            );
            assert_eq!(parsed.as_str(), text);
            assert_eq!(parsed.to_string(), text);
            assert_eq!(OAuthErrorCode::from(text.to_owned()), code);
            assert_eq!(text.parse::<OAuthErrorCode>(), Ok(code));
        }
    }

    #[test]
    fn any_other_code_is_kept_as_sent() {
        for text in ["slow_down", "INVALID_GRANT", "invalid_grant ", ""] {
            let code = OAuthErrorCode::from(text);
            assert_eq!(code, OAuthErrorCode::Other(text.into()), "{text:?}");
            assert!(matches!(&code, OAuthErrorCode::Other(kept) if kept == text));
            assert_eq!(code.as_str(), text);
            assert_eq!(code.to_string(), text);
        }
        // Equal by their wire text, whichever way they were built, and to a `&str`.
        assert_eq!(
            OAuthErrorCode::Other("invalid_grant".into()),
            OAuthErrorCode::InvalidGrant
        );
        assert_eq!(OAuthErrorCode::InvalidGrant, "invalid_grant");
        assert_ne!(OAuthErrorCode::InvalidGrant, "invalid_client");
    }

    #[test]
    fn an_oauth_error_reads_as_before_codes_were_typed() {
        let error = Error::OAuth {
            provider: "p",
            error: OAuthError {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_grant".into(),
                description: Some("revoked".into()),
                uri: None,
            },
        };
        assert_eq!(
            error.to_string(),
            "p refused the token request: invalid_grant (HTTP 400): revoked"
        );
        assert_eq!(error.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    }

    #[test]
    fn a_code_is_scrubbed_like_any_text_from_the_network() {
        let mut redactor = Redactor::new();
        redactor.secret("hunter2-secret");
        redactor.secret("invalid_grant");
        let oauth = |code: &str| Error::OAuth {
            provider: "p",
            error: OAuthError {
                status: StatusCode::BAD_REQUEST,
                code: code.into(),
                description: None,
                uri: None,
            },
        };
        let denied = |code: &str| Error::AuthorizationDenied {
            provider: "p",
            code: code.into(),
            description: None,
        };
        for error in [oauth("bad_hunter2-secret"), denied("bad_hunter2-secret")] {
            let scrubbed = error.redacted(&redactor);
            assert!(!scrubbed.to_string().contains("hunter2"), "{scrubbed}");
            assert!(!format!("{scrubbed:?}").contains("hunter2"), "{scrubbed:?}");
            assert!(
                scrubbed.to_string().contains("bad_[redacted]"),
                "{scrubbed}"
            );
        }
        // A known code that is also a secret (a password `invalid_grant`) says nothing of it.
        let scrubbed = oauth("invalid_grant").redacted(&redactor);
        assert_eq!(
            scrubbed.oauth_code(),
            Some(&OAuthErrorCode::Other("[redacted]".into()))
        );
        assert_eq!(
            scrubbed.to_string(),
            "p refused the token request: [redacted] (HTTP 400)"
        );
        // One that is no secret stays what it was.
        let kept = oauth("invalid_client").redacted(&redactor);
        assert!(matches!(
            kept.oauth_code(),
            Some(OAuthErrorCode::InvalidClient)
        ));
    }

    #[test]
    fn a_store_failure_keeps_its_io_error_as_the_source() {
        let under_a_file = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml/tokens");
        let error = crate::FileStore::new(under_a_file).unwrap_err();
        let Error::Store { what, source } = &error else {
            panic!("expected a store error, got {error:?}");
        };
        assert_eq!(what, &format!("cannot create {under_a_file}"));
        let io = source
            .downcast_ref::<std::io::Error>()
            .expect("an I/O error");
        assert_eq!(io.kind(), std::io::ErrorKind::NotADirectory);
        // The chain carries it, and the message reads as it did when it was text.
        let cause = error.source().expect("a source");
        assert_eq!(cause.to_string(), io.to_string());
        assert_eq!(
            error.to_string(),
            format!("token store: cannot create {under_a_file}: {io}")
        );
    }

    #[test]
    fn a_configuration_error_keeps_its_cause_as_the_source() {
        let error = crate::Origin::parse("http://127.0.0.1:99999").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid configuration: origin `http://127.0.0.1:99999`: invalid port number"
        );
        let Error::Config {
            source: Some(source),
            ..
        } = &error
        else {
            panic!("expected a configuration error with a cause, got {error:?}");
        };
        assert_eq!(
            source.downcast_ref::<url::ParseError>(),
            Some(&url::ParseError::InvalidPort)
        );
        assert_eq!(
            error.source().map(ToString::to_string).as_deref(),
            Some("invalid port number")
        );

        // One without a cause has no source, and reads as before.
        let bare = Error::config("no cause");
        assert!(bare.source().is_none());
        assert_eq!(bare.to_string(), "invalid configuration: no cause");
    }

    #[tokio::test]
    async fn a_busy_port_is_a_configuration_error_caused_by_the_io_error() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let error = crate::LoopbackListener::bind(port).await.unwrap_err();
        let Error::Config {
            source: Some(source),
            ..
        } = &error
        else {
            panic!("expected a configuration error with a cause, got {error:?}");
        };
        let io = source
            .downcast_ref::<std::io::Error>()
            .expect("an I/O error");
        assert_eq!(io.kind(), std::io::ErrorKind::AddrInUse);
        assert_eq!(
            error.source().map(ToString::to_string),
            Some(io.to_string())
        );
        assert!(
            error.to_string().starts_with(&format!(
                "invalid configuration: cannot listen on 127.0.0.1:{port}: "
            )),
            "{error}"
        );
    }

    #[test]
    fn errors_stay_send_sync_static_and_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Error>();
        check::<OAuthErrorCode>();
    }
}
