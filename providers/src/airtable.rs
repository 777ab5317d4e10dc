//! Airtable's Web API with a personal access token, declared from "Authentication"
//! (<https://airtable.com/developers/web/api/authentication>) and "Get user info"
//! (<https://airtable.com/developers/web/api/get-user-id-scopes>), which needs no scope.

use auth_runtime::{Provider, SecretString};

/// The Airtable Web API (`https://api.airtable.com/v0`), authenticated with a personal access
/// token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://api.airtable.com/v0")]
#[oauth(validity_endpoint = "https://api.airtable.com/v0/meta/whoami")]
pub struct Airtable {
    /// The personal access token (`pat…`), from the builder hub's personal access tokens page
    /// (airtable.com/create/tokens); it reaches only the scopes and bases it was given.
    #[oauth(api_key)]
    pub token: SecretString,
}
