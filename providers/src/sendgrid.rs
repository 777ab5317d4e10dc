//! SendGrid's v3 API with an API key, declared from "Authentication"
//! (<https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication>)
//! and "Retrieve a list of scopes for which this user has access"
//! (<https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions/retrieve-a-list-of-scopes-for-which-this-user-has-access>),
//! which answers for any key whatever its permissions.

use auth_runtime::{Choice, Provider, SecretString};

/// The SendGrid v3 API, authenticated with an API key as a bearer token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://{region}/v3")]
#[oauth(validity_endpoint = "https://{region}/v3/scopes")]
pub struct SendGrid {
    /// The API key (`SG.…`), from Settings › API Keys in the SendGrid app.
    #[oauth(api_key)]
    pub api_key: SecretString,
    /// Where the account lives: the global host, or the EU one for EU regional subusers.
    pub region: Region,
}

/// Which SendGrid host serves the account.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// Everywhere but EU regional subusers: `api.sendgrid.com`.
    #[oauth(value = "api.sendgrid.com")]
    Global,
    /// EU regional subusers: `api.eu.sendgrid.com`.
    #[oauth(value = "api.eu.sendgrid.com")]
    Eu,
}
