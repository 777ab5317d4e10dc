//! Sentry's web API with a user auth token, declared from "Authentication"
//! (<https://docs.sentry.io/api/auth/>): the token as a bearer token, at the host of the
//! organization's region. The validity check lists the user's organizations, which an
//! organization token (without a user) may not do.

use auth_runtime::{Choice, Provider, SecretString};

/// The Sentry web API (`https://{region}/api/0`), authenticated with a user auth token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://{region}/api/0")]
#[oauth(validity_endpoint = "https://{region}/api/0/organizations/")]
pub struct Sentry {
    /// A user auth token (`sntryu_…`), from User Settings › Personal Tokens.
    #[oauth(api_key)]
    pub token: SecretString,
    /// Where the organization's data lives.
    pub region: Region,
}

/// A Sentry region, by its host.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// The United States: `sentry.io`.
    #[oauth(value = "sentry.io")]
    Us,
    /// The European Union: `de.sentry.io`.
    #[oauth(value = "de.sentry.io")]
    De,
}
