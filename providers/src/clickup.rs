//! ClickUp's API with a personal token, declared from "Authentication"
//! (<https://clickup.com/api/developer-portal/authentication/>): the token alone in
//! `Authorization`, without `Bearer`.

use auth_runtime::{Provider, SecretString};

/// The ClickUp API (`https://api.clickup.com/api/v2`), authenticated with a personal token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_format = "{token}")]
#[oauth(
    api_base = "https://api.clickup.com/api/v2",
    validity_endpoint = "https://api.clickup.com/api/v2/user"
)]
pub struct ClickUp {
    /// The personal token (`pk_…`), from Settings › Apps › API Token.
    #[oauth(api_key)]
    pub token: SecretString,
}
