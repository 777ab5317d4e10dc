//! Typeform's APIs with a personal access token, declared from "Personal access token"
//! (<https://www.typeform.com/developers/get-started/personal-access-token/>) and "Responses
//! data center" (<https://www.typeform.com/developers/get-started/responses-data-center/>):
//! the token as a bearer token, at the host of the account's data center. No validity
//! endpoint: the documentation read does not confirm one.

use auth_runtime::{Choice, Provider, SecretString};

/// The Typeform APIs (`https://{region}`), authenticated with a personal access token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://{region}")]
pub struct Typeform {
    /// The personal access token (`tfp_…`), from Account › Personal tokens.
    #[oauth(api_key)]
    pub token: SecretString,
    /// The data center the account's responses are kept in.
    pub region: Region,
}

/// A Typeform data center, by its API host.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// The United States: `api.typeform.com`.
    #[oauth(value = "api.typeform.com")]
    Us,
    /// The EU Responses Data Center: `api.eu.typeform.com`.
    #[oauth(value = "api.eu.typeform.com")]
    Eu,
}
