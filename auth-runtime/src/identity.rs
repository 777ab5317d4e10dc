//! Mutual TLS (RFC 8705): the client certificate a provider's connections present, from the
//! fields marked `client_certificate` and `client_key`, and the HTTP clients that carry one.
//!
//! The certificate is part of the connection, not of a request: each identity needs a
//! connection pool of its own. A [`crate::Client`] keeps one reqwest client per certificate
//! it has met (`IdentityClients`), built from its own settings, so that every provider on one
//! `Client` still shares its timeouts, roots and user agent.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::error::Error;

/// A client certificate (PEM; a chain, its own certificate first) and its private key (PEM:
/// PKCS#8, PKCS#1 or SEC1). `Debug` shows neither the key nor the certificate.
#[derive(Clone)]
pub struct ClientIdentity {
    certificate_pem: String,
    key_pem: SecretString,
}

impl fmt::Debug for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIdentity")
            .field("certificate_bytes", &self.certificate_pem.len())
            .field("key", &"[redacted]")
            .finish()
    }
}

impl ClientIdentity {
    /// A certificate and its key, both PEM. Checked when first used to connect.
    pub fn new(certificate_pem: impl Into<String>, key_pem: SecretString) -> Self {
        ClientIdentity {
            certificate_pem: certificate_pem.into(),
            key_pem,
        }
    }

    /// The certificate chain, PEM.
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    /// What tells two identities apart without keeping either's secret: a SHA-256 of both
    /// halves, each length-prefixed.
    fn fingerprint(&self) -> [u8; 32] {
        let mut hash = Sha256::new();
        for part in [
            self.certificate_pem.as_bytes(),
            self.key_pem.expose_secret().as_bytes(),
        ] {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part);
        }
        hash.finalize().into()
    }

    /// The identity as reqwest takes it: one PEM buffer, key and certificates. The error
    /// never quotes either.
    fn to_reqwest(&self) -> Result<reqwest::Identity, Error> {
        // One buffer, held as a secret so that it is wiped when dropped.
        let pem = SecretString::from(format!(
            "{}\n{}",
            self.key_pem.expose_secret(),
            self.certificate_pem
        ));
        reqwest::Identity::from_pem(pem.expose_secret().as_bytes()).map_err(|_| unusable())
    }
}

/// A certificate or key that TLS cannot use; it quotes neither.
fn unusable() -> Error {
    Error::InvalidSetting {
        setting: "client_certificate",
        reason: "with client_key, is not a PEM certificate and its PEM private key".into(),
    }
}

/// The reqwest clients of the identities a [`crate::Client`] has met, one per certificate,
/// built by `build` on first use and shared after.
#[derive(Clone, Default)]
pub(crate) struct IdentityClients {
    clients: Arc<Mutex<HashMap<[u8; 32], reqwest::Client>>>,
}

impl fmt::Debug for IdentityClients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.clients.lock().map_or(0, |clients| clients.len());
        f.debug_struct("IdentityClients")
            .field("identities", &count)
            .finish()
    }
}

impl IdentityClients {
    /// The client that presents `identity`, built by `build` the first time.
    pub(crate) fn client_for(
        &self,
        identity: &ClientIdentity,
        build: impl FnOnce(reqwest::Identity) -> Result<reqwest::Client, Error>,
    ) -> Result<reqwest::Client, Error> {
        let fingerprint = identity.fingerprint();
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(client) = clients.get(&fingerprint) {
            return Ok(client.clone());
        }
        // The recipe built a client without an identity already: what fails now is the
        // identity (a key reqwest parses only when it builds the client).
        let client = build(identity.to_reqwest()?).map_err(|_| unusable())?;
        clients.insert(fingerprint, client.clone());
        Ok(client)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PEM pair that reqwest accepts: a throwaway self-signed P-256 certificate.
    fn identity(name: &str) -> ClientIdentity {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        let certificate = params.self_signed(&key).unwrap();
        ClientIdentity::new(certificate.pem(), SecretString::from(key.serialize_pem()))
    }

    #[test]
    fn each_certificate_gets_one_client_built_once() {
        let clients = IdentityClients::default();
        let (first, second) = (identity("first"), identity("second"));
        let built = std::cell::Cell::new(0);
        let build = |_| {
            built.set(built.get() + 1);
            Ok(reqwest::Client::new())
        };
        clients.client_for(&first, build).unwrap();
        clients.client_for(&first.clone(), build).unwrap();
        assert_eq!(built.get(), 1);
        clients.client_for(&second, build).unwrap();
        assert_eq!(built.get(), 2);
    }

    #[test]
    fn debug_shows_neither_half() {
        let identity = identity("shown");
        let shown = format!("{identity:?}");
        assert!(!shown.contains("BEGIN"), "{shown}");
    }
}
