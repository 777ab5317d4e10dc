//! Checking a client assertion (RFC 7523 section 3, OpenID Connect's `private_key_jwt`) the
//! way an authorization server does: the signature against the client's public key, the
//! declared algorithm, who it is from and for, how long it lives, and that it is used once.
//!
//! The emulator is started with the provider's settings, private key included; the public key
//! it checks against is derived from that key, so no key pair has to be handed over twice.
//! Every refusal is a 401 `invalid_client` that names what was wrong, and never quotes the
//! assertion.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Validation};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::pkcs8::DecodePrivateKey as _;
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::traits::PublicKeyParts as _;
use secrecy::ExposeSecret as _;
use serde_json::{Map, Value};

use super::check::{self, Mismatch};
use crate::assertion::AssertionKey;
use crate::error::Error;
use auth_vocab::AssertionAlg;

/// The longest an assertion may live, from now to its `exp`: RFC 7523 leaves the limit to the
/// server, and a few minutes is what servers allow (the client signs for 60 seconds).
pub(crate) const MAX_ASSERTION_LIFETIME: u64 = 600;

/// The clock skew forgiven on `exp`, `nbf` and `iat`, in seconds.
pub(crate) const ASSERTION_LEEWAY: u64 = 30;

/// What checking a client's assertions needs: the public half of its key, the declared
/// algorithm, its client id, and the token endpoint's URL on the emulator (the `aud`).
pub(crate) struct Verifier {
    key: DecodingKey,
    algorithm: Algorithm,
    client_id: String,
    audience: String,
}

/// The `jti`s of the assertions accepted so far, each with the `exp` after which it would be
/// refused anyway (and so can be forgotten).
#[derive(Default)]
pub(crate) struct SpentJtis(HashMap<String, f64>);

impl Verifier {
    /// A verifier for the client that signs with `key`, sending to `audience`; an
    /// [`Error::InvalidSetting`] when the key is not a PEM private key for its algorithm, as
    /// the client itself would say when signing.
    pub(crate) fn new(key: &AssertionKey, audience: String) -> Result<Self, Error> {
        let pem = key.key_pem.expose_secret().as_bytes();
        let (algorithm, public) = match key.alg {
            AssertionAlg::Rs256 => (Algorithm::RS256, rsa_public_key(pem)),
            AssertionAlg::Es256 => (Algorithm::ES256, ec_public_key(pem)),
        };
        let key_error = || Error::InvalidSetting {
            setting: "private_key",
            reason: format!("is not a PEM private key for {algorithm:?}"),
        };
        Ok(Verifier {
            key: public.ok_or_else(key_error)?,
            algorithm,
            client_id: key.client_id.clone(),
            audience,
        })
    }

    /// Checks the request's `client_assertion` (its presence and `client_assertion_type` were
    /// checked with the other parameters), and spends its `jti`.
    pub(crate) fn check(
        &self,
        received: &[(String, Value)],
        spent: &mut SpentJtis,
    ) -> Result<(), Mismatch> {
        let jwt = check::text(received, "client_assertion")
            .ok_or_else(|| refused("`client_assertion` is missing".into()))?;
        let claims = self.verified_claims(jwt)?;
        self.check_parties(&claims)?;
        let now = now();
        let exp = check_times(&claims, now)?;
        spent.spend(&claims, exp, now)
    }

    /// The claims, once the header names the declared algorithm and the signature verifies.
    fn verified_claims(&self, jwt: &str) -> Result<Map<String, Value>, Mismatch> {
        let malformed = || refused("the client assertion is not a well-formed signed JWT".into());
        let header = jsonwebtoken::decode_header(jwt).map_err(|_| malformed())?;
        if header.alg != self.algorithm {
            return Err(refused(format!(
                "the client assertion is signed with {:?}, but the client is registered for {:?}",
                header.alg, self.algorithm
            )));
        }
        // Only the signature here: the claims are checked below, each with its own reason.
        let mut validation = Validation::new(self.algorithm);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        match jsonwebtoken::decode::<Map<String, Value>>(jwt, &self.key, &validation) {
            Ok(data) => Ok(data.claims),
            Err(error) if matches!(error.kind(), ErrorKind::InvalidSignature) => Err(refused(
                "the client assertion's signature does not verify with the client's key".into(),
            )),
            Err(error) if matches!(error.kind(), ErrorKind::Json(_)) => Err(refused(
                "the client assertion's claims are not a JSON object".into(),
            )),
            Err(_) => Err(malformed()),
        }
    }

    /// `iss` and `sub` are the client id (RFC 7523 section 3, items 1 and 2), and `aud` is this
    /// token endpoint (item 3): a string, or an array holding it.
    fn check_parties(&self, claims: &Map<String, Value>) -> Result<(), Mismatch> {
        for name in ["iss", "sub"] {
            if claims.get(name).and_then(Value::as_str) != Some(self.client_id.as_str()) {
                return Err(refused(format!(
                    "the client assertion's `{name}` is missing or is not the client id"
                )));
            }
        }
        let for_us = match claims.get("aud") {
            Some(Value::String(aud)) => *aud == self.audience,
            Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(&self.audience)),
            _ => false,
        };
        if !for_us {
            return Err(refused(format!(
                "the client assertion's `aud` is missing or is not this token endpoint, `{}`",
                self.audience
            )));
        }
        Ok(())
    }
}

/// `exp` in the future but not far (RFC 7523 section 3, item 4), `nbf` and `iat` not in the
/// future; returns `exp`.
fn check_times(claims: &Map<String, Value>, now: f64) -> Result<f64, Mismatch> {
    let leeway = ASSERTION_LEEWAY as f64;
    let number = |name: &str| claims.get(name).map(Value::as_f64);
    let exp = match number("exp") {
        Some(Some(exp)) => exp,
        _ => {
            return Err(refused(
                "the client assertion has no numeric `exp`: it must expire".into(),
            ))
        }
    };
    if exp + leeway <= now {
        return Err(refused("the client assertion has expired (`exp`)".into()));
    }
    if exp > now + (MAX_ASSERTION_LIFETIME as f64) + leeway {
        return Err(refused(format!(
            "the client assertion's `exp` is more than {MAX_ASSERTION_LIFETIME} seconds away: an assertion must be short-lived"
        )));
    }
    for name in ["nbf", "iat"] {
        match number(name) {
            None => {}
            Some(Some(at)) if at <= now + leeway => {}
            Some(_) => {
                return Err(refused(format!(
                    "the client assertion's `{name}` is not a number or is in the future"
                )))
            }
        }
    }
    Ok(exp)
}

impl SpentJtis {
    /// Spends the assertion's `jti` (RFC 7523 section 3, item 7): a second use is a replay.
    /// Forgets the ones whose assertions have expired, which would be refused for that.
    fn spend(&mut self, claims: &Map<String, Value>, exp: f64, now: f64) -> Result<(), Mismatch> {
        let leeway = ASSERTION_LEEWAY as f64;
        self.0.retain(|_, expires| *expires + leeway > now);
        let jti = match claims.get("jti").and_then(Value::as_str) {
            Some(jti) if !jti.is_empty() => jti,
            _ => {
                return Err(refused(
                    "the client assertion has no `jti`: each assertion needs a unique id".into(),
                ))
            }
        };
        if self.0.contains_key(jti) {
            return Err(refused(
                "the client assertion's `jti` was used before: an assertion is good once".into(),
            ));
        }
        self.0.insert(jti.to_owned(), exp);
        Ok(())
    }
}

/// The public key of an RSA private key in PEM, read as the client reads it to sign.
fn rsa_public_key(pem: &[u8]) -> Option<DecodingKey> {
    let private = EncodingKey::from_rsa_pem(pem).ok()?;
    let key = rsa::RsaPrivateKey::from_pkcs1_der(private.as_bytes()).ok()?;
    Some(DecodingKey::from_rsa_raw_components(
        &key.n().to_bytes_be(),
        &key.e().to_bytes_be(),
    ))
}

/// The public key of a P-256 private key in PEM, read as the client reads it to sign.
fn ec_public_key(pem: &[u8]) -> Option<DecodingKey> {
    let private = EncodingKey::from_ec_pem(pem).ok()?;
    let key = p256::SecretKey::from_pkcs8_der(private.as_bytes()).ok()?;
    Some(DecodingKey::from_ec_der(
        key.public_key().to_encoded_point(false).as_bytes(),
    ))
}

/// A 401 `invalid_client`: a client assertion is client authentication.
fn refused(description: String) -> Mismatch {
    Mismatch {
        status: 401,
        code: "invalid_client",
        description,
    }
}

/// Seconds since 1970, as JWT times are; a clock before 1970 reads as 0 (every assertion then
/// looks far off, and is refused).
fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn a_jti_is_good_once_until_its_assertion_has_expired_anyway() {
        let mut spent = SpentJtis::default();
        let with_jti = claims(serde_json::json!({"jti": "a"}));
        spent.spend(&with_jti, 1000.0, 900.0).unwrap();
        assert_eq!(
            spent.spend(&with_jti, 1000.0, 950.0).unwrap_err().code,
            "invalid_client"
        );
        // Long after, the entry is forgotten (its assertion would be refused as expired).
        spent
            .spend(&claims(serde_json::json!({"jti": "b"})), 5000.0, 4000.0)
            .unwrap();
        assert_eq!(spent.0.len(), 1);
    }

    #[test]
    fn times_are_checked_with_the_leeway() {
        let now = 10_000.0;
        let at = |exp: f64| claims(serde_json::json!({"exp": exp}));
        assert!(check_times(&at(now + 60.0), now).is_ok());
        assert!(
            check_times(&at(now - 10.0), now).is_ok(),
            "within the leeway"
        );
        assert!(check_times(&at(now - 31.0), now).is_err());
        assert!(check_times(&at(now + 630.0), now).is_ok());
        assert!(check_times(&at(now + 631.0), now).is_err());
        let future_iat = claims(serde_json::json!({"exp": now + 60.0, "iat": now + 120.0}));
        assert!(check_times(&future_iat, now).is_err());
    }
}
