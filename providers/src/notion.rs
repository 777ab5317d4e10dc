//! Notion's API with an internal integration token, declared from "Authentication"
//! (<https://developers.notion.com/reference/authentication>) and the changelog entry on
//! `GET /v1/users/me`
//! (<https://developers.notion.com/changelog/retrieve-information-about-your-token>): the
//! token as a bearer token, with the `Notion-Version` header every request must carry.

use auth_runtime::{Provider, SecretString};

/// The Notion API (`https://api.notion.com/v1`), authenticated with an integration token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://api.notion.com/v1")]
#[oauth(validity_endpoint = "https://api.notion.com/v1/users/me")]
#[oauth(api_header = "Notion-Version: 2022-06-28")]
pub struct Notion {
    /// The internal integration secret (`ntn_…` or `secret_…`), from the integration's page
    /// at notion.so/my-integrations; it sees only the pages shared with the integration.
    #[oauth(api_key)]
    pub token: SecretString,
}
