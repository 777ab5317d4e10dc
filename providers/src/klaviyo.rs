//! Klaviyo's server API with a private key, declared from "Authenticate"
//! (<https://developers.klaviyo.com/en/docs/authenticate_>):
//! `Authorization: Klaviyo-API-Key <key>`, with the `revision` every call must name. A bad key
//! is answered 400, which a validity check reports as an unanswered question rather than as an
//! invalid key.

use auth_runtime::{Provider, SecretString};

/// Klaviyo's server API (`https://a.klaviyo.com/api`), authenticated with a private key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_format = "Klaviyo-API-Key {token}")]
#[oauth(
    api_base = "https://a.klaviyo.com/api",
    validity_endpoint = "https://a.klaviyo.com/api/accounts"
)]
#[oauth(
    api_header = "revision: 2024-10-15",
    api_header = "accept: application/json"
)]
pub struct Klaviyo {
    /// A private API key (`pk_…`), from Settings › API keys; the validity check needs its
    /// `accounts:read` scope.
    #[oauth(api_key)]
    pub private_key: SecretString,
}
