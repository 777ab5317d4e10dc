//! Signed assertions (RFC 7523): short-lived JWTs signed with the client's private key, either
//! as client authentication (section 2.2, OpenID Connect's `private_key_jwt`: Talkdesk's
//! marketplace apps) or as the grant itself (section 2.1, `grant = "jwt_bearer"`: Google
//! service accounts, Salesforce's JWT flow). One signer for both; what differs is the
//! parameter it travels in ([`Purpose`]) and the claims the declaration gives.
//!
//! Signing needs the `private-key-jwt` feature (jsonwebtoken and its RSA and elliptic-curve
//! stack). Without it, a derived declaration that signs does not compile
//! ([`PrivateKeyJwtEnabled`]), and a hand-written one gets an error instead of a request.

use std::time::Duration;
#[cfg(feature = "private-key-jwt")]
use std::time::{SystemTime, UNIX_EPOCH};

#[cfg(feature = "private-key-jwt")]
use jsonwebtoken::{Algorithm, EncodingKey, Header};
#[cfg(feature = "private-key-jwt")]
use secrecy::ExposeSecret;
use secrecy::SecretString;
use url::Url;

use crate::error::Error;
use crate::wire::WireValue;
use auth_vocab::AssertionAlg;

/// The `client_assertion_type` of a JWT bearer assertion.
pub(crate) const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Who signs, with what: the private key in PEM, its algorithm, and the id the header names
/// it by (`kid`), if declared.
pub(crate) struct AssertionKey {
    #[cfg_attr(not(feature = "private-key-jwt"), allow(dead_code))]
    pub key_pem: SecretString,
    pub alg: AssertionAlg,
    #[cfg_attr(not(feature = "private-key-jwt"), allow(dead_code))]
    pub key_id: Option<String>,
}

/// What an assertion is for: where it goes in the request, and how a server refuses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// Client authentication (RFC 7523 section 2.2): `client_assertion`, refused as
    /// `invalid_client`.
    Client,
    /// The grant itself (section 2.1): `assertion`, refused as `invalid_grant`.
    Grant,
}

impl Purpose {
    /// The parameter the signed assertion is sent as.
    pub(crate) const fn param(self) -> &'static str {
        match self {
            Purpose::Client => "client_assertion",
            Purpose::Grant => "assertion",
        }
    }
}

/// An assertion to sign as the request leaves: signed then, not when the request is built,
/// because its default `aud` is the URL the request goes to after any origin override.
#[cfg_attr(not(feature = "private-key-jwt"), allow(dead_code))]
pub(crate) struct Assertion {
    pub key: AssertionKey,
    pub purpose: Purpose,
    /// The declared claims (from fields and constants), in order; `aud`, `iat`, `exp` and
    /// `jti` are the signer's.
    pub claims: Vec<(&'static str, WireValue)>,
    /// The declared `aud`, filled; `None` for the endpoint the request goes to.
    pub audience: Option<String>,
    pub lifetime: Duration,
}

impl Assertion {
    /// The `aud` of an assertion sent to `url`: the declared one, else `url` without its query.
    #[cfg_attr(not(feature = "private-key-jwt"), allow(dead_code))]
    pub(crate) fn audience_for(&self, url: &Url) -> String {
        match &self.audience {
            Some(audience) => audience.clone(),
            None => {
                let mut audience = url.clone();
                audience.set_query(None);
                audience.into()
            }
        }
    }
}

/// What a declaration that signs client assertions checks at compile time: implemented only
/// with the `private-key-jwt` feature.
#[diagnostic::on_unimplemented(
    message = "signing assertions (client_auth = \"private_key_jwt\", grant = \"jwt_bearer\") needs the `private-key-jwt` feature of auth-runtime",
    label = "this provider signs assertions",
    note = "add \"private-key-jwt\" to the features of auth-runtime in Cargo.toml"
)]
pub trait PrivateKeyJwtEnabled {}

#[cfg(feature = "private-key-jwt")]
impl PrivateKeyJwtEnabled for () {}

/// Compiles only with the `private-key-jwt` feature: generated code of a declaration that
/// signs assertions calls it in a constant, `require_private_key_jwt::<()>()`.
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
impl Assertion {
    /// A fresh assertion for a request to `url`: the declared claims, `aud`, `iat` now, `exp`
    /// the declared lifetime away, and a unique `jti`.
    pub(crate) fn sign(&self, url: &Url) -> Result<SecretString, Error> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| Error::config("the system clock is before 1970"))?
            .as_secs();
        let mut claims = serde_json::Map::new();
        for (name, value) in &self.claims {
            claims.insert((*name).to_owned(), value.expose_json());
        }
        claims.insert("aud".into(), self.audience_for(url).into());
        claims.insert("iat".into(), now.into());
        let exp = now.saturating_add(self.lifetime.as_secs());
        claims.insert("exp".into(), exp.into());
        claims.insert("jti".into(), crate::random::random_token(16)?.into());
        self.key.sign(&claims)
    }
}

#[cfg(feature = "private-key-jwt")]
impl AssertionKey {
    /// `claims`, signed: a compact JWS whose header names the algorithm and, if declared,
    /// the key (`kid`).
    fn sign(
        &self,
        claims: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<SecretString, Error> {
        let pem = self.key_pem.expose_secret().as_bytes();
        let (algorithm, key) = match self.alg {
            AssertionAlg::Rs256 => (Algorithm::RS256, EncodingKey::from_rsa_pem(pem)),
            AssertionAlg::Es256 => (Algorithm::ES256, EncodingKey::from_ec_pem(pem)),
        };
        let key = key.map_err(|_| Error::InvalidSetting {
            setting: "private_key",
            reason: format!("is not a PEM private key for {algorithm:?}"),
        })?;
        let mut header = Header::new(algorithm);
        header.kid = self.key_id.clone();
        let jwt = jsonwebtoken::encode(&header, claims, &key)
            .map_err(|e| Error::config(format!("cannot sign the assertion: {}", e.kind_name())))?;
        Ok(SecretString::from(jwt))
    }
}

#[cfg(not(feature = "private-key-jwt"))]
impl Assertion {
    /// Signing needs the `private-key-jwt` feature; a derived declaration cannot get here
    /// without it (it does not compile), a hand-written one gets this error.
    pub(crate) fn sign(&self, _url: &Url) -> Result<SecretString, Error> {
        Err(Error::config(
            "signing assertions (client_auth = \"private_key_jwt\", grant = \"jwt_bearer\") needs the `private-key-jwt` feature of auth-runtime",
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
