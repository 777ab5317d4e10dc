//! Mailgun's API with an API key, declared from "API Reference: Authentication"
//! (<https://documentation.mailgun.com/docs/mailgun/api-reference/authentication>): HTTP Basic
//! with the user name `api` and the key as the password, on the US or the EU host.

use auth_runtime::{Choice, Provider, SecretString};

/// The Mailgun API (`https://api.mailgun.net`, or the EU host), authenticated with HTTP Basic.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "basic", basic_user = "api", basic_password = "{api_key}")]
#[oauth(
    api_base = "https://{region}",
    validity_endpoint = "https://{region}/v4/domains"
)]
pub struct Mailgun {
    /// The primary account API key, from API Security in the Mailgun control panel (a domain
    /// sending key can only send, and fails the validity check).
    pub api_key: SecretString,
    /// Where the account's domains live: the US host or the EU one.
    pub region: Region,
}

/// Which Mailgun host serves the account.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// `api.mailgun.net`.
    #[oauth(value = "api.mailgun.net")]
    Us,
    /// `api.eu.mailgun.net`.
    #[oauth(value = "api.eu.mailgun.net")]
    Eu,
}
