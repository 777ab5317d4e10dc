//! A token as the runtime hands it out: normalised, with its expiry as an instant, and its
//! secrets kept secret.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

mod stored;

pub use stored::StoredToken;

/// The lifetime assumed when a response does not say (`expires_in` missing or null): one hour,
/// so that a provider that never says still gets renewed, and a 401 forces renewal sooner.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// The longest lifetime believed: one year. Larger values are clamped, so that expiry
/// arithmetic cannot overflow.
pub const MAX_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

/// What a token is made of when the provider issues it, already checked and normalised.
pub(crate) struct Issued {
    pub(crate) access_token: SecretString,
    pub(crate) token_type: String,
    pub(crate) lifetime: Option<Duration>,
    pub(crate) refresh_token: Option<SecretString>,
    pub(crate) scope: Option<String>,
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
    /// Whether the token never expires (a static credential, or a provider whose tokens last
    /// until revoked).
    pub(crate) never_expires: bool,
}

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
    never_expires: bool,
}

impl Token {
    /// A token just issued by the provider, from its checked and normalised parts: the
    /// wire-to-token conversion (`response::into_token`) is the only caller.
    pub(crate) fn issued(issued: Issued) -> Token {
        Token {
            access_token: issued.access_token,
            token_type: issued.token_type,
            lifetime: issued.lifetime,
            received_at: SystemTime::now(),
            expires_at: instant_after(match (issued.never_expires, issued.lifetime) {
                (true, _) => MAX_LIFETIME,
                (false, lifetime) => lifetime.unwrap_or(DEFAULT_LIFETIME),
            }),
            refresh_token: issued.refresh_token,
            scope: issued.scope,
            extra: issued.extra,
            never_expires: issued.never_expires,
        }
    }

    /// A credential given, not issued (an API key, HTTP Basic): it never expires and has no
    /// refresh token.
    pub(crate) fn given(credential: SecretString, token_type: &str) -> Token {
        Token::issued(Issued {
            access_token: credential,
            token_type: token_type.to_owned(),
            lifetime: None,
            refresh_token: None,
            scope: None,
            extra: BTreeMap::new(),
            never_expires: true,
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
    /// [`DEFAULT_LIFETIME`] after receipt; for a token that never expires, [`MAX_LIFETIME`]
    /// after receipt (when a session reads it again, which sends nothing for a static
    /// credential).
    pub fn expires_at(&self) -> Instant {
        self.expires_at
    }

    /// How long the token has left, zero once expired. (Not the provider's `expires_in`, which
    /// is [`Token::lifetime`]: the time left shrinks, the lifetime does not.)
    pub fn time_left(&self) -> Duration {
        self.expires_at.saturating_duration_since(Instant::now())
    }

    /// Whether the token has expired; never, for one that does not expire.
    pub fn is_expired(&self) -> bool {
        !self.never_expires && Instant::now() >= self.expires_at
    }

    /// Whether the token never expires: a static credential (an API key, HTTP Basic), or a
    /// token the provider issues until revoked.
    pub fn never_expires(&self) -> bool {
        self.never_expires
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

    /// Cuts the expiry to `at` when that is sooner, and the lifetime with it (so that the
    /// renewal margin, at most half the lifetime, stays inside it): for a token good only while
    /// another is, as an exchanged token and its subject.
    pub(crate) fn expire_by(&mut self, at: Instant) {
        if self.never_expires || at < self.expires_at {
            self.expires_at = at;
            self.never_expires = false;
            self.lifetime = Some(at.saturating_duration_since(Instant::now()));
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

/// `wait` from now on tokio's clock, where expiries and waits live. A wait that would overflow
/// the clock (none the runtime computes does: lifetimes and waits are clamped where they are
/// read) saturates instead.
pub(crate) fn instant_after(wait: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(wait)
        .or_else(|| now.checked_add(MAX_LIFETIME))
        .unwrap_or(now)
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("lifetime", &self.lifetime)
            .field("never_expires", &self.never_expires)
            .field("time_left", &self.time_left())
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("scope", &self.scope)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}
