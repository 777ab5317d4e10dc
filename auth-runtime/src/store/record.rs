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
    /// Whole seconds since the Unix epoch, as every version of the record has them.
    received_at: u64,
    expires_at: u64,
    /// The same instants in milliseconds (absent from records written before them): a token
    /// adopted from the store keeps its expiry to the millisecond, so that the processes of a
    /// fleet plan its renewal alike (truncated to the second, every adopter saw a token of
    /// seconds expire up to a second early, and renewed it before the process that got it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    received_at_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at_ms: Option<u64>,
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
        received_at_ms: Some(unix_millis(token.received_at)),
        expires_at_ms: Some(unix_millis(token.expires_at)),
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
        received_at: instant_of(record.received_at, record.received_at_ms),
        expires_at: instant_of(record.expires_at, record.expires_at_ms),
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

fn unix_millis(time: SystemTime) -> u64 {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

/// A record's instant: its milliseconds where they agree with its seconds (a record edited by
/// hand, or by an older version, keeps only the seconds right), else its seconds.
fn instant_of(seconds: u64, millis: Option<u64>) -> SystemTime {
    // A record's time far in the future is clamped (a year 2500 expiry is as good as never).
    let seconds = seconds.min(u64::from(u32::MAX).saturating_mul(4));
    let fraction = millis
        .filter(|ms| ms / 1_000 == seconds)
        .map_or(0, |ms| ms % 1_000);
    UNIX_EPOCH
        .checked_add(Duration::from_secs(seconds).saturating_add(Duration::from_millis(fraction)))
        .unwrap_or(UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> StoreKey {
        StoreKey {
            provider: "tali",
            origin: None,
            identity: "client_id=a".into(),
        }
    }

    fn record(extra_fields: &str) -> Vec<u8> {
        format!(
            r#"{{"key":"{}","access_token":"at","token_type":"Bearer","received_at":1900000000,
            "expires_at":1900000003,"lifetime_known":true,"refresh_token":null,"scope":null{extra_fields}}}"#,
            key()
        )
        .into_bytes()
    }

    fn millis(time: SystemTime) -> u128 {
        time.duration_since(UNIX_EPOCH).unwrap().as_millis()
    }

    #[test]
    fn a_record_without_milliseconds_reads_in_seconds() {
        let (token, _) = decode(&key(), &record("")).unwrap();
        assert_eq!(millis(token.expires_at), 1_900_000_003_000);
    }

    #[test]
    fn milliseconds_that_disagree_with_the_seconds_are_ignored() {
        let agree = record(r#","expires_at_ms":1900000003250"#);
        let (token, _) = decode(&key(), &agree).unwrap();
        assert_eq!(millis(token.expires_at), 1_900_000_003_250);
        let disagree = record(r#","expires_at_ms":1900000999250"#);
        let (token, _) = decode(&key(), &disagree).unwrap();
        assert_eq!(millis(token.expires_at), 1_900_000_003_000);
    }
}
