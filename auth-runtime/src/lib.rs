//! The runtime behind `#[derive(Provider)]`: declare a provider's token endpoint in one
//! annotated struct, and get typed tokens from it.
//!
//! ```no_run
//! use auth_runtime::{Client, Provider, SecretString};
//!
//! #[derive(Provider, Debug)]
//! #[oauth(grant = "password", encoding = "form", endpoint = "https://api.iadvize.com/oauth2/token")]
//! #[oauth(refresh_sentinel = "none", renew = "login")]
//! pub struct IAdvize {
//!     #[oauth(username)]
//!     pub email: String,
//!     #[oauth(password)]
//!     pub password: SecretString,
//! }
//!
//! # async fn run() -> Result<(), auth_runtime::Error> {
//! let iadvize = IAdvize { email: "me@example.com".into(), password: "s3cret".to_owned().into() };
//! let token = Client::new()?.login(&iadvize).await?;
//! println!("{token:?}"); // the access token itself is never printed
//! # Ok(()) }
//! ```
//!
//! The map: [`Provider`] is what the derive implements; [`Client`] sends its token requests
//! and returns a [`Token`] or an [`Error`]; a [`Session`] holds one identity's token for any
//! number of tasks and renews it as declared (`renew`); [`Client::authorize_url`],
//! [`PendingAuthorization`] and [`LoopbackListener`] run the authorization code flow. Which
//! behaviour lives where:
//!
//! | concern | generated per provider | runtime, once |
//! |---|---|---|
//! | URL, headers, parameters | which field goes where | encodings, grant types, client authentication |
//! | response | serde types for the declared envelope | lenient token fields, errors |
//! | renewal | the declared `renew` and login limit | [`Session`]: cache, margin, single flight, backoff; [`TokenStore`] |
//! | authorize URL | which parameters (PKCE, separator, extras) | state, PKCE, callback checks, loopback listener |
//!
//! # Features
//!
//! None is on by default: a build has only what it asks for.
//!
//! | feature | what it adds | what it costs |
//! |---|---|---|
//! | `private-key-jwt` | signed assertions (RFC 7523), RS256 or ES256: declarations with `client_auth = "private_key_jwt"` (a client assertion) or `grant = "jwt_bearer"` (the assertion is the grant) | jsonwebtoken, with its RSA and elliptic-curve stack |
//! | `middleware` | `SessionMiddleware`: a reqwest-middleware layer that authenticates every request of a client through a [`Session`] | reqwest-middleware, http |
//! | `testkit` | `testkit`: an offline emulator of any declared provider, with faults, for tests; implies `private-key-jwt` (it checks assertions) | p256, rsa; not for production |
//! | `tokio-clock` | sessions read tokio's clock, which `tokio::time::pause` stops and `advance` moves, instead of the coarse monotonic clock: for tests that jump past an expiry | about 20 ns a cached read |
//! | `redis` | `RedisStore`: one token per identity for a fleet, with leases, versioned conditional saves and sealed records; implies `sealed` | redis (with its connection manager), futures-util |
//! | `postgres` | `PostgresStore`: the same on PostgreSQL, with its migration; implies `sealed` | tokio-postgres |
//! | `sealed` | `StoreCipher`: records sealed at rest with XChaCha20-Poly1305, key ids for rotation | chacha20poly1305, zeroize |
//!
//! A declaration with `client_auth = "private_key_jwt"` in a build without `private-key-jwt`
//! is a compile error that names the feature.

// Data from outside (responses, callbacks, settings, files) never reaches a panicking construct:
// the runtime's own code is linted for them; tests are not.
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::string_slice
    )
)]

mod assertion;
mod client;
mod credential;
mod declared;
mod destination;
mod endpoint;
mod error;
mod exchange;
mod flow;
mod http_server;
mod identity;
mod info;
#[cfg(feature = "middleware")]
mod middleware;
mod pkce;
#[cfg(test)]
mod properties;
mod provider;
mod random;
mod redact;
mod request;
mod response;
mod session;
mod settings;
mod store;
// The emulator is test tooling (it serves the SDK's own requests in tests and the demo), not
// code a production client runs: none of the restriction lints above apply to it.
#[cfg(feature = "testkit")]
#[allow(clippy::restriction)]
pub mod testkit;
mod token;
mod validity;
mod wire;

/// The attribute [`TokenStore`] and [`LeaseHolder`] implementations are written with.
pub use async_trait::async_trait;
pub use auth_derive::{Choice, Provider};
pub use auth_vocab::{
    AssertionAlg, BasicEncoding, ClientAuth, Encoding, Expiry, Grant, LoginRateLimitPer, Method,
    Pkce, RefreshReuse, Renew, ResponseBody, Role,
};
pub use client::{
    Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
    MAX_BODY_BYTES, MAX_RETRY_AFTER,
};
pub use endpoint::Origin;
pub use error::{Error, OAuthError, OAuthErrorCode};
pub use exchange::AuthorizationCode;
pub use flow::{
    AuthorizeOptions, CsrfState, DeviceAuthorization, LoopbackListener, PendingAuthorization,
    PendingFlows, PkceVerifier, DEFAULT_CALLBACK_TIMEOUT, DEFAULT_DEVICE_INTERVAL, SLOW_DOWN_STEP,
};
pub use identity::ClientIdentity;
pub use info::{
    ApiAuth, AssertionInfo, AuthFormat, AuthPlace, Constant, HeaderInfo, ProviderInfo, RateLimit,
    Reading, SecondStep, SettingInfo, Shape, Written,
};
#[cfg(feature = "middleware")]
pub use middleware::SessionMiddleware;
pub use provider::Provider;
pub use secrecy::{ExposeSecret, SecretString};
pub use session::{
    ExchangesTokens, Health, HealthState, Session, SessionBuilder, Sessions, SessionsBuilder,
    TokenFuture, TokenRef, DEFAULT_CONCURRENT_RENEWALS, DEFAULT_LEASE, DEFAULT_MARGIN,
    DEFAULT_MAX_WAIT, DEFAULT_RETRIES,
};
pub use settings::SettingsError;
#[cfg(feature = "redis")]
pub use store::RedisStore;
#[cfg(feature = "sealed")]
pub use store::StoreCipher;
pub use store::{
    FileStore, Lease, LeaseHolder, LeaseTerms, MemoryStore, Saved, StoreKey, StoredToken,
    TokenStore, Turn, Versioned,
};
#[cfg(feature = "postgres")]
pub use store::{PostgresStore, POSTGRES_MIGRATION};
pub use token::{Token, DEFAULT_LIFETIME, MAX_LIFETIME};
pub use url::Url;
pub use validity::Validity;
pub use wire::Choice;

/// What generated code reaches, and nothing else. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::assertion::{require_private_key_jwt, PrivateKeyJwtEnabled};
    pub use crate::declared::AuthorizeParts;
    pub use crate::endpoint::Template;
    pub use crate::exchange::Exchange;
    pub use crate::info::{Constant, HeaderInfo, InfoBuilder, Written};
    pub use crate::provider::Declaration;
    pub use crate::request::TokenRequest;
    pub use crate::response::{parse_body, parse_token_body, BodyFormat, Envelope};
    pub use crate::settings::{read_setting, FromSetting, SettingsReader};
    pub use crate::wire::{SecretValue, ToWire, WireValue};
    pub use auth_vocab::template::{Part, Piece};

    /// The version of `auth-derive` whose output this runtime reads; generated code states the
    /// version it was written by as this type, so a mismatched pair fails to compile with both
    /// versions in one message.
    pub struct AuthDeriveVersion<const MAJOR: u32, const MINOR: u32, const PATCH: u32>;

    /// This runtime's version, which is the derive's it pins (`=`).
    pub const RUNTIME_EXPECTS_AUTH_DERIVE: AuthDeriveVersion<
        { number(env!("CARGO_PKG_VERSION_MAJOR")) },
        { number(env!("CARGO_PKG_VERSION_MINOR")) },
        { number(env!("CARGO_PKG_VERSION_PATCH")) },
    > = AuthDeriveVersion;

    /// A version component, read at compile time.
    const fn number(text: &str) -> u32 {
        let mut value: u32 = 0;
        let mut rest = text.as_bytes();
        while let [digit, tail @ ..] = rest {
            value = value
                .saturating_mul(10)
                .saturating_add(digit.saturating_sub(b'0') as u32);
            rest = tail;
        }
        value
    }
    pub use core::option::Option::{self, None, Some};
    pub use core::result::Result::{self, Err, Ok};
    pub use std::vec::Vec;

    /// A field's setting, described by its type: one generic call instead of three associated
    /// constants in generated code, which a crate of many providers compiles faster.
    pub const fn setting<T: ToWire + ?Sized>(
        name: &'static str,
        rust_type: &'static str,
    ) -> crate::SettingInfo {
        crate::SettingInfo::new(name, rust_type, T::REQUIRED, T::SECRET, T::CHOICES)
    }

    /// The value a field puts on the wire.
    pub fn to_wire<T: ToWire + ?Sized>(value: &T) -> Option<WireValue> {
        value.to_wire()
    }

    /// Fails to compile unless `T` can be a setting: what the fallback checks of every field
    /// when the declaration has errors, so that a type mistake shows in the same compile.
    pub fn assert_setting<T: ToWire + ?Sized>() {}

    /// Fails to compile unless `T` is a secret type, for a field whose role holds a secret.
    pub fn assert_secret<T: SecretValue + ?Sized>() {}

    /// The same, for a field whose role holds a secret: fails to compile unless the field's
    /// type is a secret type.
    pub fn secret_to_wire<T: SecretValue + ?Sized>(value: &T) -> Option<WireValue> {
        value.to_wire()
    }
}
