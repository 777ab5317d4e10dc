//! Shopify's Admin API with a custom app's access token, declared from "Generate access tokens
//! for custom apps in the Shopify admin"
//! (<https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/generate-app-access-tokens-admin>):
//! the token alone in `X-Shopify-Access-Token` (a bearer token is refused), at the shop's
//! myshopify.com host, under the API version.

use auth_runtime::{Provider, SecretString};

/// The Shopify Admin API (`https://{shop}.myshopify.com/admin/api/{api_version}`),
/// authenticated with a custom app's Admin API access token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "X-Shopify-Access-Token")]
#[oauth(api_base = "https://{shop}.myshopify.com/admin/api/{api_version}")]
#[oauth(validity_endpoint = "https://{shop}.myshopify.com/admin/api/{api_version}/shop.json")]
pub struct Shopify {
    /// The shop's permanent subdomain: the `acme` of `acme.myshopify.com` (not a custom
    /// domain).
    pub shop: String,
    /// The Admin API version, quarterly (`2025-01`).
    pub api_version: String,
    /// The Admin API access token (`shpat_…`), from the custom app's API credentials in the
    /// Shopify admin; shown once.
    #[oauth(api_key)]
    pub access_token: SecretString,
}
