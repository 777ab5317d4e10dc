//! Records sealed at rest, for the stores a fleet shares: XChaCha20-Poly1305 with a key the user
//! provides, a random 192-bit nonce per record, and the store key as associated data (a record
//! copied under another identity's name does not open).
//!
//! A sealed record is text: `v1.<key id>.<nonce>.<ciphertext>` (base64url, no padding). The key
//! id says which key sealed it, so that keys rotate: a [`StoreCipher`] seals with its current
//! key and opens with it or any previous key it was given. A record sealed with a key it was not
//! given, or altered, is [`Error::SealedRecord`]. No key ever reaches a `Debug`, a log or an
//! error: only its id does.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};

use super::{record, StoreKey, StoredToken, Versioned};
use crate::error::Error;

const VERSION: &str = "v1";
const NONCE_BYTES: usize = 24;

/// The keys records are sealed with: one current key, and previous ones that still open
/// records sealed before a rotation.
#[derive(Clone)]
pub struct StoreCipher {
    current: Keyed,
    previous: Vec<Keyed>,
}

#[derive(Clone)]
struct Keyed {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl StoreCipher {
    /// Seals with `key` (32 bytes), named `key_id` (1 to 64 letters, digits, `-` or `_`; it is
    /// written in each record, in clear).
    pub fn new(key_id: &str, key: &[u8]) -> Result<StoreCipher, Error> {
        Ok(StoreCipher {
            current: Keyed::new(key_id, key)?,
            previous: Vec::new(),
        })
    }

    /// The same, with the key given as base64 (standard or URL-safe, padded or not), as it
    /// would be kept in an environment variable or a secret manager.
    pub fn from_base64(key_id: &str, key: &SecretString) -> Result<StoreCipher, Error> {
        StoreCipher::new(key_id, &decode_key(key)?)
    }

    /// Also opens records sealed with `key`, named `key_id`: a key rotated out.
    pub fn with_previous(mut self, key_id: &str, key: &[u8]) -> Result<StoreCipher, Error> {
        let keyed = Keyed::new(key_id, key)?;
        if keyed.id == self.current.id || self.previous.iter().any(|k| k.id == keyed.id) {
            return Err(Error::config(format!(
                "store key id {key_id:?} is given twice"
            )));
        }
        self.previous.push(keyed);
        Ok(self)
    }

    /// The id of the key new records are sealed with.
    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    /// `token`, stored under `key` in `namespace`, as a sealed record bound to both: a record
    /// moved to another key or namespace does not open.
    pub(crate) fn seal_record(
        &self,
        namespace: &str,
        key: &StoreKey,
        token: &StoredToken,
    ) -> Result<String, Error> {
        let plaintext = zeroize::Zeroizing::new(record::encode(key, token, None)?);
        self.seal(&context(namespace, key), &plaintext)
    }

    /// The token of a sealed record read for `key` in `namespace`, at `version`; a record
    /// that opens but is not a readable token of this key is logged and read as nothing.
    pub(crate) fn open_record(
        &self,
        namespace: &str,
        key: &StoreKey,
        version: u64,
        sealed: &str,
    ) -> Result<Option<Versioned>, Error> {
        let opened = self.open(&context(namespace, key), sealed)?;
        match record::decode(key, &opened) {
            Ok((token, _)) if version > 0 => Ok(Some(Versioned { token, version })),
            Ok(_) => Ok(None),
            Err(why) => {
                tracing::warn!(namespace, "{}", why.describe());
                Ok(None)
            }
        }
    }

    /// What a shared store's release notice carried, `version:record`, opened for `key`;
    /// `None` when it carried nothing, or something that does not parse or open (the waiter
    /// then loads, and a record that does not open is reported there).
    pub(crate) fn open_left(
        &self,
        namespace: &str,
        key: &StoreKey,
        left: Option<&str>,
    ) -> Option<Versioned> {
        let (version, sealed) = left?.split_once(':')?;
        self.open_record(namespace, key, version.parse().ok()?, sealed)
            .ok()?
    }

    /// `plaintext` sealed with the current key, bound to `context` (the store key).
    pub(crate) fn seal(&self, context: &[u8], plaintext: &[u8]) -> Result<String, Error> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce)
            .map_err(|e| Error::config(format!("the operating system gave no randomness: {e}")))?;
        let payload = Payload {
            msg: plaintext,
            aad: context,
        };
        let sealed = self
            .current
            .cipher
            .encrypt(XNonce::from_slice(&nonce), payload)
            .map_err(|_| Error::config("a token record could not be sealed"))?;
        Ok(format!(
            "{VERSION}.{}.{}.{}",
            self.current.id,
            URL_SAFE_NO_PAD.encode(nonce),
            URL_SAFE_NO_PAD.encode(sealed)
        ))
    }

    /// The plaintext of `sealed`, if it was sealed for `context` by one of the keys given.
    pub(crate) fn open(
        &self,
        context: &[u8],
        sealed: &str,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
        let refuse = |key_id: &str, reason| Error::SealedRecord {
            key_id: key_id.chars().take(64).collect(),
            reason,
        };
        let mut parts = sealed.split('.');
        let (Some(VERSION), Some(key_id), Some(nonce), Some(body), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(refuse("", "it is not a sealed record of this version"));
        };
        let keyed = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id == key_id)
            .ok_or_else(|| refuse(key_id, "no key with this id was given"))?;
        let nonce = URL_SAFE_NO_PAD
            .decode(nonce)
            .ok()
            .filter(|n| n.len() == NONCE_BYTES)
            .ok_or_else(|| refuse(key_id, "its nonce is malformed"))?;
        let body = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| refuse(key_id, "its ciphertext is malformed"))?;
        let payload = Payload {
            msg: &body,
            aad: context,
        };
        let plaintext = keyed
            .cipher
            .decrypt(XNonce::from_slice(&nonce), payload)
            .map_err(|_| {
                refuse(
                    key_id,
                    "it does not open with that key (a wrong key, or an altered or moved record)",
                )
            })?;
        // Wiped when dropped. A record opened with a previous key is sealed with the current
        // one at its next save.
        Ok(zeroize::Zeroizing::new(plaintext))
    }
}

/// What a record is bound to: its namespace and store key.
fn context(namespace: &str, key: &StoreKey) -> Vec<u8> {
    format!("{namespace}\n{key}").into_bytes()
}

impl Keyed {
    fn new(id: &str, key: &[u8]) -> Result<Keyed, Error> {
        let id_ok = (1..=64).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return Err(Error::config(format!(
                "store key id {id:?}: 1 to 64 letters, digits, '-' or '_'"
            )));
        }
        let cipher = XChaCha20Poly1305::new_from_slice(key).map_err(|_| {
            Error::config(format!(
                "store key {id:?} is {} bytes: it must be 32",
                key.len()
            ))
        })?;
        Ok(Keyed {
            id: id.to_owned(),
            cipher,
        })
    }
}

fn decode_key(key: &SecretString) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE};
    let text = key.expose_secret().trim();
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok())
        .map(zeroize::Zeroizing::new)
        .ok_or_else(|| Error::config("the store key is not base64"))
}

impl fmt::Debug for StoreCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreCipher")
            .field("key_id", &self.current.id)
            .field(
                "previous",
                &self.previous.iter().map(|k| &k.id).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];
    const OTHER: [u8; 32] = [9; 32];

    #[test]
    fn a_sealed_record_opens_with_its_key_and_context_only() {
        let cipher = StoreCipher::new("k1", &KEY).unwrap();
        let sealed = cipher.seal(b"tali?a", b"the token").unwrap();
        assert!(sealed.starts_with("v1.k1."));
        assert!(!sealed.contains("the token"));
        let opened = cipher.open(b"tali?a", &sealed).unwrap();
        assert_eq!(&opened[..], b"the token");
        let moved = cipher.open(b"tali?b", &sealed).unwrap_err();
        assert!(matches!(moved, Error::SealedRecord { .. }), "{moved}");
        let wrong = StoreCipher::new("k1", &OTHER).unwrap();
        assert!(matches!(
            wrong.open(b"tali?a", &sealed),
            Err(Error::SealedRecord { .. })
        ));
        let unknown = StoreCipher::new("k2", &KEY).unwrap();
        let error = unknown.open(b"tali?a", &sealed).unwrap_err();
        assert_eq!(
            error.to_string(),
            "token store: cannot open a record sealed with key \"k1\": no key with this id was given"
        );
    }

    #[test]
    fn a_rotated_cipher_opens_old_records_and_seals_with_the_new_key() {
        let old = StoreCipher::new("k1", &KEY).unwrap();
        let sealed = old.seal(b"ctx", b"secret").unwrap();
        let rotated = StoreCipher::new("k2", &OTHER)
            .unwrap()
            .with_previous("k1", &KEY)
            .unwrap();
        let opened = rotated.open(b"ctx", &sealed).unwrap();
        assert_eq!(&opened[..], b"secret");
        assert!(rotated.seal(b"ctx", b"x").unwrap().starts_with("v1.k2."));
        assert!(format!("{rotated:?}").contains("k1"));
        assert!(!format!("{rotated:?}").contains("[7, 7"));
    }

    #[test]
    fn bad_keys_and_records_are_typed_errors() {
        assert!(StoreCipher::new("k 1", &KEY).is_err());
        assert!(StoreCipher::new("k1", &KEY[..16]).is_err());
        let b64 = SecretString::from(URL_SAFE_NO_PAD.encode(KEY));
        let cipher = StoreCipher::from_base64("k1", &b64).unwrap();
        for garbage in [
            "",
            "v1",
            "v1.k1.x.y",
            "v2.k1.AAAA.AAAA",
            "v1.k1..",
            "v1.k1.a.b.c",
        ] {
            assert!(
                matches!(cipher.open(b"c", garbage), Err(Error::SealedRecord { .. })),
                "{garbage}"
            );
        }
    }
}
