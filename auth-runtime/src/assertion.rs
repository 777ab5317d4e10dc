//! Client assertions (RFC 7523 section 2.2, OpenID Connect's `private_key_jwt`): the client
//! proves who it is with a short-lived JWT signed by its private key, instead of a shared
//! secret. Talkdesk's marketplace apps authenticate this way.
//!
//! Signing needs the `private-key-jwt` feature (jsonwebtoken and its RSA and elliptic-curve
//! stack). Without it, a derived declaration with `client_auth = "private_key_jwt"` does not
//! compile ([`PrivateKeyJwtEnabled`]), and a hand-written one gets an error instead of a request.

#[cfg(feature = "private-key-jwt")]
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[cfg(feature = "private-key-jwt")]
use jsonwebtoken::{Algorithm, EncodingKey, Header};
#[cfg(feature = "private-key-jwt")]
use secrecy::ExposeSecret;
use secrecy::SecretString;
#[cfg(feature = "private-key-jwt")]
use serde::Serialize;

use crate::error::Error;
use auth_vocab::AssertionAlg;

/// The `client_assertion_type` of a JWT bearer assertion.
pub(crate) const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long an assertion is good for: long enough for one request, short enough that a copy
/// is soon worthless.
#[cfg(feature = "private-key-jwt")]
pub const ASSERTION_LIFETIME: Duration = Duration::from_secs(60);

/// Who signs, with what.
pub(crate) struct AssertionKey {
    #[cfg_attr(not(feature = "private-key-jwt"), allow(dead_code))]
    pub client_id: String,
    #[cfg_attr(not(feature = "private-key-jwt"), allow(dead_code))]
    pub key_pem: SecretString,
    pub alg: AssertionAlg,
}

/// What a declaration that signs client assertions checks at compile time: implemented only
/// with the `private-key-jwt` feature.
#[diagnostic::on_unimplemented(
    message = "client_auth = \"private_key_jwt\" needs the `private-key-jwt` feature of auth-runtime",
    label = "this provider signs client assertions",
    note = "add \"private-key-jwt\" to the features of auth-runtime in Cargo.toml"
)]
pub trait PrivateKeyJwtEnabled {}

#[cfg(feature = "private-key-jwt")]
impl PrivateKeyJwtEnabled for () {}

/// Compiles only with the `private-key-jwt` feature: generated code of a declaration with
/// `client_auth = "private_key_jwt"` calls it in a constant, `require_private_key_jwt::<()>()`.
///
#[cfg_attr(
    feature = "private-key-jwt",
    doc = "With the feature, such a declaration compiles:\n\n```"
)]
#[cfg_attr(
    not(feature = "private-key-jwt"),
    doc = "Without the feature, such a declaration is a compile error:\n\n```compile_fail,E0277"
)]
/// use auth_runtime::{Provider, SecretString};
///
/// #[derive(Provider)]
/// #[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://example.com/token")]
/// #[oauth(client_auth = "private_key_jwt")]
/// struct App {
///     #[oauth(client_id)]
///     client_id: String,
///     #[oauth(private_key)]
///     private_key: SecretString,
/// }
/// ```
pub const fn require_private_key_jwt<T: PrivateKeyJwtEnabled>() {}

#[cfg(feature = "private-key-jwt")]
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: String,
}

#[cfg(feature = "private-key-jwt")]
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

#[cfg(not(feature = "private-key-jwt"))]
impl AssertionKey {
    /// Signing needs the `private-key-jwt` feature; a derived declaration cannot get here
    /// without it (it does not compile), a hand-written one gets this error.
    pub(crate) fn sign(&self, _audience: &str) -> Result<SecretString, Error> {
        Err(Error::config(
            "client_auth = \"private_key_jwt\" needs the `private-key-jwt` feature of auth-runtime",
        ))
    }
}

/// The name of a jsonwebtoken error, without any of its data.
#[cfg(feature = "private-key-jwt")]
trait KindName {
    fn kind_name(&self) -> String;
}

#[cfg(feature = "private-key-jwt")]
impl KindName for jsonwebtoken::errors::Error {
    fn kind_name(&self) -> String {
        let kind = format!("{:?}", self.kind());
        kind.split(['(', ' ', '{'])
            .next()
            .unwrap_or("error")
            .to_owned()
    }
}
