//! DigitalOcean's API with a personal access token, declared from "How to Create a Personal
//! Access Token" (<https://docs.digitalocean.com/reference/api/create-personal-access-token/>)
//! and the Account resource (<https://docs.digitalocean.com/reference/api/reference/account/>).

use auth_runtime::{Provider, SecretString};

/// The DigitalOcean API (`https://api.digitalocean.com/v2`), authenticated with a personal
/// access token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://api.digitalocean.com/v2")]
#[oauth(validity_endpoint = "https://api.digitalocean.com/v2/account")]
pub struct DigitalOcean {
    /// The personal access token (`dop_v1_…`), from API › Tokens in the control panel; with
    /// custom scopes it needs `account:read` for the validity check.
    #[oauth(api_key)]
    pub token: SecretString,
}
