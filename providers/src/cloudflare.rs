//! Cloudflare's API with a user API token, declared from "Verify Token" in the API
//! reference (<https://developers.cloudflare.com/api>):
//! the token as a bearer token. The validity check is for tokens a user owns; an account-owned
//! token has its own route under the account. It answers 200 for a disabled or expired token
//! too, with `result.status` saying so.

use auth_runtime::{Provider, SecretString};

/// The Cloudflare API (`https://api.cloudflare.com/client/v4`), authenticated with an API
/// token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://api.cloudflare.com/client/v4")]
#[oauth(validity_endpoint = "https://api.cloudflare.com/client/v4/user/tokens/verify")]
pub struct Cloudflare {
    /// The API token, from My Profile › API Tokens in the Cloudflare dashboard.
    #[oauth(api_key)]
    pub api_token: SecretString,
}
