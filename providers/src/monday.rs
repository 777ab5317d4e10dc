//! monday.com's GraphQL API with a personal API token, declared from "Authentication"
//! (<https://developer.monday.com/api-reference/docs/authentication>): the token alone in
//! `Authorization`. No validity endpoint: the API is GraphQL over `POST` only.

use auth_runtime::{Provider, SecretString};

/// The monday.com API (`https://api.monday.com/v2`), authenticated with a personal API token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_format = "{token}")]
#[oauth(api_base = "https://api.monday.com/v2")]
pub struct Monday {
    /// The personal API token, from the profile picture › Developers › My access tokens.
    #[oauth(api_key)]
    pub token: SecretString,
}
