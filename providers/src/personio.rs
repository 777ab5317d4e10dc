//! Personio's v1 API, declared from "Authentication" (<https://developer.personio.de/reference/auth>)
//! and the changelog entry "Authentication API: improved bearer token"
//! (<https://developer.personio.de/changelog/authentication-api-improved-bearer-token>): a login
//! with the client id and secret in a JSON body and no `grant_type`, `success` beside the token,
//! the token at `data.token`, and no expiry in the answer: a token lasts 24 hours from its
//! creation. Optional partner and app ids identify the integration on API calls.

use auth_runtime::{Provider, SecretString};

/// Personio's `POST https://api.personio.de/v1/auth`, for an API credential's token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "login",
    encoding = "json",
    endpoint = "https://api.personio.de/v1/auth"
)]
#[oauth(client_auth = "body", success_flag = "success")]
#[oauth(access_token_path = "data.token", lifetime = "24h")]
#[oauth(
    validity_endpoint = "https://api.personio.de/v1/company/employees?limit=1",
    api_base = "https://api.personio.de/v1"
)]
#[oauth(
    api_header = "X-Personio-Partner-ID: {partner_id}",
    api_header = "X-Personio-App-ID: {app_id}"
)]
pub struct Personio {
    /// The API credential's client id, from Settings › Integrations › API credentials.
    #[oauth(client_id)]
    pub client_id: String,
    /// The API credential's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The partner's id (`ACME`), for a Personio partner's integration.
    pub partner_id: Option<String>,
    /// The integration's id (`ACME_SYNC`).
    pub app_id: Option<String>,
}
