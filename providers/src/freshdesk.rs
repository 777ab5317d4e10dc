//! Freshdesk's API v2 with an agent's API key: HTTP Basic with the key as the user name and
//! the constant password `X`, as Freshdesk's API documentation (<https://developers.freshdesk.com/api/>,
//! "Authentication") says; checked against Nango's `freshdesk` entry, which agrees.

use auth_runtime::{Provider, SecretString};

/// A Freshdesk helpdesk's API (`https://{domain}.freshdesk.com/api/v2`).
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "basic", basic_user = "{api_key}", basic_password = "X")]
#[oauth(api_base = "https://{domain}.freshdesk.com/api/v2")]
#[oauth(validity_endpoint = "https://{domain}.freshdesk.com/api/v2/agents/me")]
pub struct Freshdesk {
    /// The helpdesk's subdomain (`acme` for `acme.freshdesk.com`).
    pub domain: String,
    /// The agent's API key, from the agent's Profile Settings.
    pub api_key: SecretString,
}
