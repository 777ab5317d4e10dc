//! A token as the runtime hands it out: normalised, with its expiry as an instant, and its
//! secrets kept secret.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use crate::response::{TokenFields, DEFAULT_LIFETIME, MAX_LIFETIME};
use crate::store::StoredToken;

/// An access token with what came with it. `Debug` never shows the access token, the refresh
/// token, or the values of extra fields.
#[derive(Clone)]
pub struct Token {
    access_token: SecretString,
    token_type: String,
    lifetime: Option<Duration>,
    received_at: SystemTime,
    expires_at: Instant,
    refresh_token: Option<SecretString>,
    scope: Option<String>,
    extra: BTreeMap<String, serde_json::Value>,
}

impl Token {
    /// Why a parsed token object cannot make a token, if it cannot: no access token, or a
    /// token or type that could not go in a header as is.
    pub(crate) fn unusable(fields: &TokenFields) -> Option<&'static str> {
        let Some(access_token) = &fields.access_token else {
            return Some("the response has no access_token, or an empty one");
        };
        if !is_header_safe(access_token.expose_secret()) {
            return Some(
                "the access_token is not a valid header value (RFC 6750: visible ASCII only)",
            );
        }
        if fields
            .refresh_token
            .as_ref()
            .is_some_and(|rt| !is_vschar(rt.expose_secret()))
        {
            return Some("the refresh_token holds characters RFC 6749 does not allow (control characters or non-ASCII)");
        }
        if fields
            .token_type
            .as_deref()
            .is_some_and(|t| !is_token_type(t))
        {
            return Some("the token_type is not an HTTP authentication scheme name");
        }
        None
    }

    /// Builds a token from a parsed token object, applying the declared refresh-token
    /// sentinel. Fails when [`Self::unusable`] says why.
    pub(crate) fn from_fields(
        fields: TokenFields,
        sentinel: Option<&str>,
    ) -> Result<Token, &'static str> {
        if let Some(reason) = Token::unusable(&fields) {
            return Err(reason);
        }
        let Some(access_token) = fields.access_token else {
            return Err("the response has no access_token, or an empty one");
        };
        let refresh_token = fields
            .refresh_token
            .filter(|rt| Some(rt.expose_secret()) != sentinel);
        let lifetime = fields.expires_in;
        Ok(Token {
            access_token,
            token_type: normalise_token_type(fields.token_type),
            lifetime,
            received_at: SystemTime::now(),
            expires_at: instant_after(lifetime.unwrap_or(DEFAULT_LIFETIME)),
            refresh_token,
            scope: fields.scope.filter(|s| !s.is_empty()),
            extra: fields.extra,
        })
    }

    /// The access token. Expose it only to put it on the wire.
    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }

    /// The token type, normalised: `Bearer` for any case of `bearer` or when missing.
    pub fn token_type(&self) -> &str {
        &self.token_type
    }

    /// The lifetime the provider announced (after clamping), or `None` when it did not say.
    pub fn lifetime(&self) -> Option<Duration> {
        self.lifetime
    }

    /// When the token was received, by the wall clock (for persisting it).
    pub fn received_at(&self) -> SystemTime {
        self.received_at
    }

    /// When the token expires, on tokio's clock. Without an announced lifetime, this is
    /// [`DEFAULT_LIFETIME`] after receipt.
    pub fn expires_at(&self) -> Instant {
        self.expires_at
    }

    /// How long the token has left, zero once expired.
    pub fn expires_in(&self) -> Duration {
        self.expires_at.saturating_duration_since(Instant::now())
    }

    /// Whether the token has expired.
    pub fn is_expired(&self) -> bool {
        Instant::now() >= self.expires_at
    }

    /// The refresh token, if the provider sent a real one.
    pub fn refresh_token(&self) -> Option<&SecretString> {
        self.refresh_token.as_ref()
    }

    /// The granted scope, as sent (space-separated).
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// A field of the response beyond the standard ones (Talkdesk's `sid`, `id_token`).
    pub fn extra(&self, name: &str) -> Option<&serde_json::Value> {
        self.extra.get(name)
    }

    /// The names of the extra fields.
    pub fn extra_names(&self) -> impl Iterator<Item = &str> {
        self.extra.keys().map(String::as_str)
    }

    /// The token as a store keeps it, its expiry moved to the wall clock.
    pub fn to_stored(&self) -> StoredToken {
        StoredToken {
            access_token: self.access_token.clone(),
            token_type: self.token_type.clone(),
            received_at: self.received_at,
            expires_at: SystemTime::now()
                .checked_add(self.expires_in())
                .unwrap_or_else(SystemTime::now),
            lifetime_known: self.lifetime.is_some(),
            refresh_token: self.refresh_token.clone(),
            scope: self.scope.clone(),
            extra: self.extra.clone(),
        }
    }

    /// A token read back from a store. An expiry already past gives an expired token.
    pub fn from_stored(stored: StoredToken) -> Token {
        let left = stored
            .expires_at
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
            .min(MAX_LIFETIME);
        let lifetime = stored.lifetime_known.then(|| {
            stored
                .expires_at
                .duration_since(stored.received_at)
                .unwrap_or_default()
        });
        Token {
            access_token: stored.access_token,
            token_type: stored.token_type,
            lifetime,
            received_at: stored.received_at,
            expires_at: instant_after(left),
            refresh_token: stored.refresh_token,
            scope: stored.scope,
            extra: stored.extra,
        }
    }

    /// A redactor that knows this token's secrets.
    pub(crate) fn redactor(&self) -> crate::redact::Redactor {
        let mut redactor = crate::redact::Redactor::new();
        redactor.secret(self.access_token.expose_secret());
        if let Some(refresh_token) = &self.refresh_token {
            redactor.secret(refresh_token.expose_secret());
        }
        redactor
    }

    /// This token without its refresh token: what is left once the provider rejected it, or
    /// once a refresh with it may have spent it.
    pub(crate) fn without_refresh_token(&self) -> Token {
        Token {
            refresh_token: None,
            ..self.clone()
        }
    }

    /// Keeps `previous` as the refresh token when a refresh reply carried none: RFC 6749
    /// section 6 lets a server keep the refresh token unchanged without resending it.
    pub(crate) fn keep_refresh_token(&mut self, previous: &SecretString) {
        if self.refresh_token.is_none() {
            self.refresh_token = Some(previous.clone());
        }
    }
}

/// Whether an access token can go in an `Authorization` header as is: RFC 6750's `b64token`
/// and the looser tokens real servers issue are all visible ASCII, with no space or control
/// character that could end the header or start another.
fn is_header_safe(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic())
}

/// RFC 6749 appendix A.17: a refresh token is `1*VSCHAR` (printable ASCII and space).
fn is_vschar(token: &str) -> bool {
    token.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// A token type names an authentication scheme: an RFC 9110 `token` (letters, digits and
/// `!#$%&'*+-.^_`|~`), or empty (then `Bearer`).
fn is_token_type(token_type: &str) -> bool {
    token_type
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `wait` from now on tokio's clock, where expiries and waits live. A wait that would overflow
/// the clock (none the runtime computes does: lifetimes and waits are clamped where they are
/// read) saturates instead.
pub(crate) fn instant_after(wait: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(wait)
        .or_else(|| now.checked_add(MAX_LIFETIME))
        .unwrap_or(now)
}

fn normalise_token_type(sent: Option<String>) -> String {
    match sent {
        // `bearer` in any case becomes `Bearer` in the same buffer: no new allocation.
        Some(mut t) if t.eq_ignore_ascii_case("bearer") => {
            t.replace_range(.., "Bearer");
            t
        }
        Some(t) if !t.is_empty() => t,
        _ => "Bearer".to_owned(),
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("lifetime", &self.lifetime)
            .field("expires_in", &self.expires_in())
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("scope", &self.scope)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}
