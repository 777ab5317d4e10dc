//! Close's API with an API key, declared from "Authentication with API keys"
//! (<https://developer.close.com/api/overview/api-key-authentication/>): HTTP Basic with the
//! key as the user name and an empty password.

use auth_runtime::{Provider, SecretString};

/// The Close API (`https://api.close.com/api/v1`), authenticated with an API key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "basic", api_base = "https://api.close.com/api/v1")]
#[oauth(validity_endpoint = "https://api.close.com/api/v1/me/")]
pub struct Close {
    /// The API key, from Settings › Developer › API Keys; it acts for one user in one
    /// organization.
    #[oauth(username)]
    pub api_key: SecretString,
}
