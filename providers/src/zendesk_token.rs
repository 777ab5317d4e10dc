//! Zendesk's API with an API token, declared from "Security and authentication"
//! (<https://developer.zendesk.com/api-reference/introduction/security-and-auth/>): HTTP Basic
//! with the agent's email followed by `/token` as the user name and the token as the password.
//! `/users/me` answers 200 for an anonymous user, so the validity check lists one user, which
//! answers 401 to bad credentials.

use auth_runtime::{Provider, SecretString};

/// A Zendesk account's API (`https://{subdomain}.zendesk.com/api/v2`), with an API token.
#[derive(Provider, Debug, Clone)]
#[oauth(name = "zendesk-token", grant = "basic")]
#[oauth(basic_user = "{email}/token", basic_password = "{api_token}")]
#[oauth(api_base = "https://{subdomain}.zendesk.com/api/v2")]
#[oauth(validity_endpoint = "https://{subdomain}.zendesk.com/api/v2/users.json?per_page=1")]
pub struct ZendeskToken {
    /// The account's subdomain (`acme` for `acme.zendesk.com`).
    pub subdomain: String,
    /// The agent's email address.
    pub email: String,
    /// An API token, from Admin Center › Apps and integrations › Zendesk API (token access
    /// must be enabled there).
    pub api_token: SecretString,
}
