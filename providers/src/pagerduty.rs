//! PagerDuty's REST API with an API key, declared from "Authentication"
//! (<https://v2.developer.pagerduty.com/docs/authentication>) and "REST API Versioning":
//! `Authorization: Token token=<key>`, and the `Accept` header that pins version 2.

use auth_runtime::{Provider, SecretString};

/// The PagerDuty REST API (`https://api.pagerduty.com`), authenticated with a REST API key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_format = "Token token={token}")]
#[oauth(
    api_base = "https://api.pagerduty.com",
    validity_endpoint = "https://api.pagerduty.com/abilities"
)]
#[oauth(api_header = "Accept: application/vnd.pagerduty+json;version=2")]
pub struct PagerDuty {
    /// A general access REST API key (Integrations › API Access Keys) or a user API token
    /// (the user's profile › User Settings).
    #[oauth(api_key)]
    pub api_key: SecretString,
}
