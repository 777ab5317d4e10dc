//! Altrata: client credentials with `grant_type` in the query string, HTTP Basic from the
//! username and password, and an API key header on the token request and on every API call.
//! A new token terminates the previous one, so one identity must share one token.

use auth_runtime::{Provider, SecretString};

/// Altrata's `POST /oauth2/token?grant_type=client_credentials`.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "query",
    endpoint = "https://api.auth.altrata.com/oauth2/token"
)]
#[oauth(client_auth = "basic", basic_encoding = "raw", renew = "login")]
pub struct Altrata {
    /// The Altrata username: the user part of HTTP Basic.
    #[oauth(client_id)]
    pub username: String,
    /// The Altrata password: the password part of HTTP Basic.
    #[oauth(client_secret)]
    pub password: SecretString,
    /// The API key, sent as `x-api-key` on the token request and on API calls.
    #[oauth(token_header = "x-api-key", api_header = "x-api-key")]
    pub api_key: SecretString,
}
