//! Checking a signed assertion (RFC 7523 section 3) the way an authorization server does,
//! whether it authenticates the client (`private_key_jwt`) or is the grant (`jwt_bearer`):
//! the signature against the client's public key, the declared algorithm, every declared
//! claim, who it is for, how long it lives, and that it is used once.
//!
//! The emulator is started with the provider's settings, private key included; the public key
//! it checks against is derived from that key, so no key pair has to be handed over twice.
//! Every refusal names what was wrong, never quoting the assertion: a 401 `invalid_client`
//! for a client's assertion, a 400 `invalid_grant` for the grant's (RFC 7523 section 3.1).

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
use crate::assertion::{Assertion, Purpose};
use crate::error::Error;
use auth_vocab::AssertionAlg;

/// The clock skew forgiven on `exp`, `nbf` and `iat`, in seconds.
pub(crate) const ASSERTION_LEEWAY: u64 = 30;

/// What checking a client's assertions needs: the public half of its key, the declared
/// algorithm, what the assertion is for, the claims the declaration gives with their values,
/// the `aud` (the token endpoint's URL on the emulator, unless declared), and the declared
/// lifetime.
pub(crate) struct Verifier {
    key: DecodingKey,
    algorithm: Algorithm,
    purpose: Purpose,
    claims: Vec<(&'static str, Value)>,
    audience: String,
    lifetime: u64,
}

/// The `jti`s of the assertions accepted so far, each with the `exp` after which it would be
/// refused anyway (and so can be forgotten).
#[derive(Default)]
pub(crate) struct SpentJtis(HashMap<String, f64>);

impl Verifier {
    /// A verifier of `assertion`'s, sent to `token_url`; an [`Error::InvalidSetting`] when the
    /// key is not a PEM private key for its algorithm, as the client itself would say when
    /// signing.
    pub(crate) fn new(assertion: &Assertion, token_url: &url::Url) -> Result<Self, Error> {
        let key = &assertion.key;
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
            purpose: assertion.purpose,
            claims: assertion
                .claims
                .iter()
                .map(|(name, value)| (*name, value.expose_json()))
                .collect(),
            audience: assertion.audience_for(token_url),
            lifetime: assertion.lifetime.as_secs(),
        })
    }

    /// The parameter the assertion comes in: checked here, not by value.
    pub(crate) fn param(&self) -> &'static str {
        self.purpose.param()
    }

    /// Checks the request's assertion (the other parameters, `client_assertion_type`
    /// included, were checked already), and spends its `jti`.
    pub(crate) fn check(
        &self,
        received: &[(String, Value)],
        spent: &mut SpentJtis,
    ) -> Result<(), Mismatch> {
        let refused = |reason: String| self.refused(reason);
        let jwt = check::text(received, self.param())
            .ok_or_else(|| refused(format!("`{}` is missing", self.param())))?;
        let claims = self.verified_claims(jwt)?;
        self.check_claims(&claims)?;
        let now = now();
        let exp = check_times(&claims, now, self.lifetime).map_err(refused)?;
        spent.spend(&claims, exp, now).map_err(refused)
    }

    /// The claims, once the header names the declared algorithm and the signature verifies.
    fn verified_claims(&self, jwt: &str) -> Result<Map<String, Value>, Mismatch> {
        let malformed = || self.refused("the assertion is not a well-formed signed JWT".into());
        let header = jsonwebtoken::decode_header(jwt).map_err(|_| malformed())?;
        if header.alg != self.algorithm {
            return Err(self.refused(format!(
                "the assertion is signed with {:?}, but the client is registered for {:?}",
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
            Err(error) if matches!(error.kind(), ErrorKind::InvalidSignature) => Err(self
                .refused("the assertion's signature does not verify with the client's key".into())),
            Err(error) if matches!(error.kind(), ErrorKind::Json(_)) => {
                Err(self.refused("the assertion's claims are not a JSON object".into()))
            }
            Err(_) => Err(malformed()),
        }
    }

    /// Each declared claim has its declared value (for a client's, `iss` and `sub` are the
    /// client id: RFC 7523 section 3, items 1 and 2), and `aud` is this token endpoint or the
    /// declared audience (item 3): a string, or an array holding it.
    fn check_claims(&self, claims: &Map<String, Value>) -> Result<(), Mismatch> {
        for (name, expected) in &self.claims {
            if claims.get(*name) != Some(expected) {
                return Err(self.refused(format!(
                    "the assertion's `{name}` is missing or is not {}",
                    self.expected(name)
                )));
            }
        }
        let for_us = match claims.get("aud") {
            Some(Value::String(aud)) => *aud == self.audience,
            Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(&self.audience)),
            _ => false,
        };
        if !for_us {
            return Err(self.refused(format!(
                "the assertion's `aud` is missing or is not `{}`",
                self.audience
            )));
        }
        Ok(())
    }

    /// What a claim should be, in words that do not quote a setting's value.
    fn expected(&self, name: &str) -> &'static str {
        match (self.purpose, name) {
            (Purpose::Client, "iss" | "sub") => "the client id",
            _ => "the value the provider's settings give",
        }
    }

    /// A refusal as a server gives it: `invalid_client` (401) for a client's assertion, which
    /// is client authentication; `invalid_grant` (400) for the grant's (RFC 7523 section 3.1).
    fn refused(&self, description: String) -> Mismatch {
        match self.purpose {
            Purpose::Client => Mismatch {
                status: 401,
                code: "invalid_client",
                description,
            },
            Purpose::Grant => Mismatch {
                status: 400,
                code: "invalid_grant",
                description,
            },
        }
    }
}

/// `exp` in the future but at most the declared `lifetime` away (RFC 7523 section 3, item
/// 4), `nbf` and `iat` not in the future; returns `exp`.
fn check_times(claims: &Map<String, Value>, now: f64, lifetime: u64) -> Result<f64, String> {
    let leeway = ASSERTION_LEEWAY as f64;
    let number = |name: &str| claims.get(name).map(Value::as_f64);
    let Some(Some(exp)) = number("exp") else {
        return Err("the assertion has no numeric `exp`: it must expire".into());
    };
    if exp + leeway <= now {
        return Err("the assertion has expired (`exp`)".into());
    }
    if exp > now + (lifetime as f64) + leeway {
        return Err(format!(
            "the assertion's `exp` is more than {lifetime} seconds away: an assertion must be short-lived, and the declaration's live {lifetime} seconds"
        ));
    }
    for name in ["nbf", "iat"] {
        match number(name) {
            None => {}
            Some(Some(at)) if at <= now + leeway => {}
            Some(_) => {
                return Err(format!(
                    "the assertion's `{name}` is not a number or is in the future"
                ))
            }
        }
    }
    Ok(exp)
}

impl SpentJtis {
    /// Spends the assertion's `jti` (RFC 7523 section 3, item 7): a second use is a replay.
    /// Forgets the ones whose assertions have expired, which would be refused for that.
    fn spend(&mut self, claims: &Map<String, Value>, exp: f64, now: f64) -> Result<(), String> {
        let leeway = ASSERTION_LEEWAY as f64;
        self.0.retain(|_, expires| *expires + leeway > now);
        let jti = match claims.get("jti").and_then(Value::as_str) {
            Some(jti) if !jti.is_empty() => jti,
            _ => return Err("the assertion has no `jti`: each assertion needs a unique id".into()),
        };
        if self.0.contains_key(jti) {
            return Err("the assertion's `jti` was used before: an assertion is good once".into());
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
        assert!(spent
            .spend(&with_jti, 1000.0, 950.0)
            .unwrap_err()
            .contains("used before"));
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
        assert!(check_times(&at(now + 60.0), now, 60).is_ok());
        assert!(
            check_times(&at(now - 10.0), now, 60).is_ok(),
            "within the leeway"
        );
        assert!(check_times(&at(now - 31.0), now, 60).is_err());
        assert!(check_times(&at(now + 90.0), now, 60).is_ok());
        assert!(check_times(&at(now + 91.0), now, 60).is_err());
        assert!(check_times(&at(now + 3630.0), now, 3600).is_ok());
        let future_iat = claims(serde_json::json!({"exp": now + 60.0, "iat": now + 120.0}));
        assert!(check_times(&future_iat, now, 60).is_err());
    }
}
