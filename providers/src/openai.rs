//! OpenAI's API with an API key, declared from the API reference's "Authentication" section
//! (<https://platform.openai.com/docs/api-reference/authentication>): the key as a bearer
//! token on every call, and the organization and project headers for callers who belong to
//! several.

use auth_runtime::{Provider, SecretString};

/// The OpenAI API (`https://api.openai.com/v1`), authenticated with an API key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://api.openai.com/v1")]
#[oauth(validity_endpoint = "https://api.openai.com/v1/models")]
#[oauth(
    api_header = "OpenAI-Organization: {organization}",
    api_header = "OpenAI-Project: {project}"
)]
pub struct OpenAi {
    /// The API key (`sk-proj-…` for a project key), from the API keys page of the OpenAI
    /// platform dashboard.
    #[oauth(api_key)]
    pub api_key: SecretString,
    /// The organization id (`org-…`), from the organization settings; only needed by a key
    /// that belongs to several organizations.
    pub organization: Option<String>,
    /// The project id (`proj_…`), from the project settings; only needed with a legacy user
    /// key.
    pub project: Option<String>,
}
