//! A token as a store keeps it, and the conversions both ways: its expiry moves between
//! tokio's clock (where a running session keeps it) and the wall clock (what another process,
//! or this one after a restart, can read).

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use secrecy::SecretString;

use super::{instant_after, Token, MAX_LIFETIME};

/// A token as a store keeps it: with its expiry on the wall clock, so that it means the same
/// in another process or after a restart. `Debug` hides the secrets.
#[derive(Clone)]
pub struct StoredToken {
    /// The access token.
    pub access_token: SecretString,
    /// The normalised token type.
    pub token_type: String,
    /// When it was received.
    pub received_at: SystemTime,
    /// When it expires.
    pub expires_at: SystemTime,
    /// Whether the provider announced the lifetime (else it is the default lifetime).
    pub lifetime_known: bool,
    /// Whether the token never expires (then `expires_at` means nothing).
    pub never_expires: bool,
    /// The refresh token, if any.
    pub refresh_token: Option<SecretString>,
    /// The granted scope.
    pub scope: Option<String>,
    /// The response's other fields.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl fmt::Debug for StoredToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredToken")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("expires_at", &self.expires_at)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("scope", &self.scope)
            .finish()
    }
}

impl Token {
    /// The token as a store keeps it, its expiry moved to the wall clock.
    pub fn to_stored(&self) -> StoredToken {
        StoredToken {
            access_token: self.access_token.clone(),
            token_type: self.token_type.clone(),
            received_at: self.received_at,
            expires_at: SystemTime::now()
                .checked_add(self.time_left())
                .unwrap_or_else(SystemTime::now),
            lifetime_known: self.lifetime.is_some(),
            never_expires: self.never_expires,
            refresh_token: self.refresh_token.clone(),
            scope: self.scope.clone(),
            extra: self.extra.clone(),
        }
    }

    /// A token read back from a store. An expiry already past gives an expired token.
    pub fn from_stored(stored: StoredToken) -> Token {
        let left = if stored.never_expires {
            MAX_LIFETIME
        } else {
            stored
                .expires_at
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO)
                .min(MAX_LIFETIME)
        };
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
            never_expires: stored.never_expires,
        }
    }
}
