//! A stored token as the stores write it: one JSON record (the file store's file, the sealed
//! plaintext of a shared store's), and the name a key is stored under.
//!
//! The record repeats its key, so that a record found under a name is checked to be the one
//! asked for (two keys whose hashes collide, or a record moved under another name, are read as
//! nothing). A record that cannot be decoded is read as nothing, never a crash: the next save
//! replaces it.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{StoreKey, StoredToken};
use crate::error::Error;

/// The record. Secrets are exposed here, on purpose: this is what the store holds (sealed, in
/// a shared store).
#[derive(Serialize, Deserialize)]
struct Record {
    key: String,
    /// The version, for a store that keeps it inside the record (the file store); a shared
    /// store keeps it beside the sealed record, where its conditional save can compare it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<u64>,
    access_token: String,
    token_type: String,
    received_at: u64,
    expires_at: u64,
    lifetime_known: bool,
    #[serde(default)]
    never_expires: bool,
    refresh_token: Option<String>,
    scope: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// `token`, stored under `key`, as JSON (with `version` inside when given).
pub(crate) fn encode(
    key: &StoreKey,
    token: &StoredToken,
    version: Option<u64>,
) -> Result<Vec<u8>, Error> {
    let record = Record {
        key: key.to_string(),
        version,
        access_token: token.access_token.expose_secret().to_owned(),
        token_type: token.token_type.clone(),
        received_at: unix_seconds(token.received_at),
        expires_at: unix_seconds(token.expires_at),
        lifetime_known: token.lifetime_known,
        never_expires: token.never_expires,
        refresh_token: token
            .refresh_token
            .as_ref()
            .map(|t| t.expose_secret().to_owned()),
        scope: token.scope.clone(),
        extra: token.extra.clone(),
    };
    serde_json::to_vec_pretty(&record).map_err(|e| Error::store("cannot encode the token", e))
}

/// Why a record was read as nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// Not a record: corrupt, or of another program.
    Corrupt,
    /// The record of another key.
    OtherKey,
    /// Its access token could not be sent as a header value.
    NotAHeaderValue,
}

impl Unreadable {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Unreadable::Corrupt => "the record is corrupt; it will be replaced",
            Unreadable::OtherKey => "the record is another key's; it will be replaced",
            Unreadable::NotAHeaderValue => {
                "the record holds a token that is no header value; it will be replaced"
            }
        }
    }
}

/// The token (and the version inside, if any) of a record read for `key`.
pub(crate) fn decode(
    key: &StoreKey,
    bytes: &[u8],
) -> Result<(StoredToken, Option<u64>), Unreadable> {
    let record: Record = serde_json::from_slice(bytes).map_err(|_| Unreadable::Corrupt)?;
    if record.key != key.to_string() {
        return Err(Unreadable::OtherKey);
    }
    if !crate::wire::is_header_safe(&record.access_token) {
        return Err(Unreadable::NotAHeaderValue);
    }
    let version = record.version;
    let token = StoredToken {
        access_token: SecretString::from(record.access_token),
        token_type: record.token_type,
        received_at: from_unix_seconds(record.received_at),
        expires_at: from_unix_seconds(record.expires_at),
        lifetime_known: record.lifetime_known,
        never_expires: record.never_expires,
        refresh_token: record.refresh_token.map(SecretString::from),
        scope: record.scope,
        extra: record.extra,
    };
    Ok((token, version))
}

/// A name for `key` that says nothing of it: the first 128 bits of its SHA-256, in hex.
pub(crate) fn stem(key: &StoreKey) -> String {
    let digest = Sha256::digest(key.to_string().as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

fn from_unix_seconds(seconds: u64) -> SystemTime {
    // A record's time far in the future is clamped (a year 2500 expiry is as good as never).
    let seconds = seconds.min(u64::from(u32::MAX).saturating_mul(4));
    UNIX_EPOCH
        .checked_add(Duration::from_secs(seconds))
        .unwrap_or(UNIX_EPOCH)
}
