//! Algolia's Search API with an API key, declared from the Search API introduction
//! (<https://www.algolia.com/doc/rest-api/search/>): the application id names the host and
//! goes in `x-algolia-application-id`, the key in `x-algolia-api-key`. No validity endpoint:
//! Algolia's cheap check (`GET /1/keys/{key}`) puts the key in the URL, and a secret never
//! fills one.

use auth_runtime::{Provider, SecretString};

/// The Algolia Search API (`https://{application_id}.algolia.net/1`), authenticated with an
/// API key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "x-algolia-api-key")]
#[oauth(api_base = "https://{application_id}.algolia.net/1")]
#[oauth(api_header = "x-algolia-application-id: {application_id}")]
pub struct Algolia {
    /// The application id, from the API Keys page of the Algolia dashboard.
    pub application_id: String,
    /// The API key (the admin key, or a search-only or restricted one), from the same page.
    #[oauth(api_key)]
    pub api_key: SecretString,
}
