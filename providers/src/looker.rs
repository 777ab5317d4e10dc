//! Looker's API 4.0, declared from "Login" and "Get Current User" in the Looker API reference
//! (<https://docs.cloud.google.com/looker/docs/reference/looker-api/latest/methods/ApiAuth/login>):
//! a login with the API client id and secret in a form body and no `grant_type`, and the token
//! on API calls as `Authorization: token <token>`, not `Bearer`.

use auth_runtime::{Provider, SecretString};

/// Looker's `POST {base_url}/api/4.0/login`, for an API key's token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "login", encoding = "form", endpoint = "/api/4.0/login")]
#[oauth(client_auth = "body", auth_format = "token {token}")]
#[oauth(validity_endpoint = "/api/4.0/user", api_base = "/api/4.0")]
pub struct Looker {
    /// The instance's URL: `https://acme.looker.com` (a self-hosted one may need its API port,
    /// `:19999`).
    #[oauth(base_url)]
    pub base_url: String,
    /// The API key's client id, from Admin › Users › Edit Keys.
    #[oauth(client_id)]
    pub client_id: String,
    /// The API key's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
}
