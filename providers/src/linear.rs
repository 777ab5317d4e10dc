//! Linear's GraphQL API with a personal API key, declared from "API and Webhooks"
//! (<https://linear.app/docs/api-and-webhooks>): the key alone in `Authorization`, without
//! `Bearer`. No validity endpoint: the only check is a GraphQL `POST` (`{ viewer { id } }`).

use auth_runtime::{Provider, SecretString};

/// Linear's GraphQL endpoint (`https://api.linear.app/graphql`), authenticated with a personal
/// API key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_format = "{token}")]
#[oauth(api_base = "https://api.linear.app/graphql")]
pub struct Linear {
    /// The personal API key (`lin_api_…`), from Settings › Account › Security & Access.
    #[oauth(api_key)]
    pub api_key: SecretString,
}
