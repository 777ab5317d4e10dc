//! PKCE (RFC 7636), S256 only. The verifier is a secret that must be used once: it is not
//! `Clone`, and the code exchange consumes it.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::error::Error;

/// A PKCE code verifier: 43 to 128 characters of `[A-Za-z0-9-._~]`.
pub struct PkceVerifier(SecretString);

impl PkceVerifier {
    /// A verifier of 32 random bytes from the operating system (43 characters, 256 bits).
    pub fn generate() -> Result<Self, Error> {
        Ok(PkceVerifier(SecretString::from(
            crate::random::random_token(32)?,
        )))
    }

    /// A verifier given as text, checked against RFC 7636 section 4.1.
    pub fn new(verifier: impl Into<String>) -> Result<Self, Error> {
        let verifier = verifier.into();
        let valid = (43..=128).contains(&verifier.len())
            && verifier
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
        if !valid {
            return Err(Error::config(
                "a PKCE verifier is 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_', '~'",
            ));
        }
        Ok(PkceVerifier(SecretString::from(verifier)))
    }

    /// The S256 challenge: `BASE64URL(SHA256(verifier))`, without padding.
    pub fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.expose_secret().as_bytes()))
    }

    /// The verifier, for the one request that sends it.
    pub(crate) fn secret(&self) -> &SecretString {
        &self.0
    }
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7636_appendix_b() {
        let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(
            verifier.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn generated_verifiers_are_valid_and_distinct() {
        let a = PkceVerifier::generate().unwrap();
        let b = PkceVerifier::generate().unwrap();
        let text = a.0.expose_secret().to_owned();
        assert_eq!(text.len(), 43);
        assert!(PkceVerifier::new(text).is_ok());
        assert_ne!(a.challenge(), b.challenge());
        assert_eq!(format!("{a:?}"), "PkceVerifier([redacted])");
    }

    #[test]
    fn verifiers_outside_the_rfc_are_refused() {
        for bad in [
            "short",
            &"a".repeat(129),
            &format!("{}+", "a".repeat(43)),
            &format!("{} ", "a".repeat(43)),
        ] {
            assert!(PkceVerifier::new(bad).is_err(), "{bad}");
        }
        assert!(PkceVerifier::new("a".repeat(128)).is_ok());
    }
}
