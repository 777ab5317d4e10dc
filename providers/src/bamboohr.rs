//! BambooHR's API with an API key, declared from "Getting Started With The API"
//! (<https://documentation.bamboohr.com/docs/getting-started>, "Authentication"): HTTP Basic
//! with the key as the user name and any password (`x` by convention), the company's domain
//! in the path, and `Accept: application/json` (without it the API answers XML).

use auth_runtime::{Provider, SecretString};

/// A BambooHR company's API (`https://api.bamboohr.com/api/gateway.php/{company}/v1`).
#[derive(Provider, Debug, Clone)]
#[oauth(
    name = "bamboohr",
    grant = "basic",
    basic_user = "{api_key}",
    basic_password = "x"
)]
#[oauth(api_base = "https://api.bamboohr.com/api/gateway.php/{company}/v1")]
#[oauth(validity_endpoint = "https://api.bamboohr.com/api/gateway.php/{company}/v1/meta/fields")]
#[oauth(api_header = "Accept: application/json")]
pub struct BambooHr {
    /// The company's domain (`acme` for `acme.bamboohr.com`).
    pub company: String,
    /// The API key, from the user menu's API Keys page; calls act with its owner's permissions.
    pub api_key: SecretString,
}
