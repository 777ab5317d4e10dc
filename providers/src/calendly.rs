//! Calendly's API with a personal access token, declared from "Personal access tokens"
//! (<https://developer.calendly.com/personal-access-tokens>) and "Get current user", which
//! Calendly's guide uses to test a token
//! (<https://developer.calendly.com/how-to-access-calendly-data-on-behalf-of-authenticated-users>).

use auth_runtime::{Provider, SecretString};

/// The Calendly API (`https://api.calendly.com`), authenticated with a personal access token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://api.calendly.com")]
#[oauth(validity_endpoint = "https://api.calendly.com/users/me")]
pub struct Calendly {
    /// The personal access token, from Integrations & apps › API and webhooks.
    #[oauth(api_key)]
    pub token: SecretString,
}
