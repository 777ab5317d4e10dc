//! Client assertions (RFC 7523 section 2.2, OpenID Connect's `private_key_jwt`): the client
//! proves who it is with a short-lived JWT signed by its private key, instead of a shared
//! secret. Talkdesk's marketplace apps authenticate this way.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::error::Error;
use auth_vocab::AssertionAlg;

/// The `client_assertion_type` of a JWT bearer assertion.
pub(crate) const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long an assertion is good for: long enough for one request, short enough that a copy
/// is soon worthless.
pub const ASSERTION_LIFETIME: Duration = Duration::from_secs(60);

/// Who signs, with what.
pub(crate) struct AssertionKey {
    pub client_id: String,
    pub key_pem: SecretString,
    pub alg: AssertionAlg,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: String,
}

impl AssertionKey {
    /// A fresh assertion for `audience` (the token endpoint): `iss` = `sub` = the client id,
    /// a unique `jti`, and an `exp` [`ASSERTION_LIFETIME`] away.
    pub(crate) fn sign(&self, audience: &str) -> Result<SecretString, Error> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| Error::config("the system clock is before 1970"))?
            .as_secs();
        let claims = Claims {
            iss: &self.client_id,
            sub: &self.client_id,
            aud: audience,
            iat: now,
            exp: now.saturating_add(ASSERTION_LIFETIME.as_secs()),
            jti: crate::random::random_token(16)?,
        };
        let pem = self.key_pem.expose_secret().as_bytes();
        let (algorithm, key) = match self.alg {
            AssertionAlg::Rs256 => (Algorithm::RS256, EncodingKey::from_rsa_pem(pem)),
            AssertionAlg::Es256 => (Algorithm::ES256, EncodingKey::from_ec_pem(pem)),
        };
        let key = key.map_err(|_| Error::InvalidSetting {
            setting: "private_key",
            reason: format!("is not a PEM private key for {algorithm:?}"),
        })?;
        let jwt = jsonwebtoken::encode(&Header::new(algorithm), &claims, &key).map_err(|e| {
            Error::config(format!(
                "cannot sign the client assertion: {}",
                e.kind_name()
            ))
        })?;
        Ok(SecretString::from(jwt))
    }
}

/// The name of a jsonwebtoken error, without any of its data.
trait KindName {
    fn kind_name(&self) -> String;
}

impl KindName for jsonwebtoken::errors::Error {
    fn kind_name(&self) -> String {
        let kind = format!("{:?}", self.kind());
        kind.split(['(', ' ', '{'])
            .next()
            .unwrap_or("error")
            .to_owned()
    }
}
