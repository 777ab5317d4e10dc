//! Anthropic's API with an API key, declared from the "API overview" (authentication) and
//! "Versioning" pages of docs.anthropic.com and from "List Models"
//! (<https://docs.anthropic.com/en/api/models-list>): the key in `x-api-key`, and the
//! `anthropic-version` header every request must carry.

use auth_runtime::{Provider, SecretString};

/// The Anthropic API (`https://api.anthropic.com/v1`), authenticated with an API key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "x-api-key")]
#[oauth(
    api_base = "https://api.anthropic.com/v1",
    validity_endpoint = "https://api.anthropic.com/v1/models"
)]
#[oauth(api_header = "anthropic-version: 2023-06-01")]
pub struct Anthropic {
    /// The API key (`sk-ant-…`), from the API keys page of the Anthropic Console; each key
    /// belongs to one workspace.
    #[oauth(api_key)]
    pub api_key: SecretString,
}
