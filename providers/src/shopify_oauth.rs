//! Shopify's OAuth for apps, declared from "Authenticate a standalone app"
//! (<https://shopify.dev/docs/apps/build/authentication-authorization/authenticate-standalone-apps>)
//! and "Offline access tokens"
//! (<https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens>):
//! the code flow at the shop's own host, a JSON body with the client secret in it, scopes
//! comma-separated, and the token alone in `X-Shopify-Access-Token` on API calls. This is the
//! non-expiring offline token, valid until the app is uninstalled (expiring offline tokens are
//! asked for with `expiring=1` on the exchange, which this declaration does not send). The
//! callback's `hmac` and `shop` are the app's to verify before the code is exchanged. Custom
//! apps' Admin API tokens are the `shopify` provider.

use auth_runtime::{Provider, SecretString};

/// Shopify's `POST https://{shop}.myshopify.com/admin/oauth/access_token`, for a shop's
/// authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "json",
    endpoint = "https://{shop}.myshopify.com/admin/oauth/access_token"
)]
#[oauth(
    name = "shopify-oauth",
    client_auth = "body",
    authorize_endpoint = "https://{shop}.myshopify.com/admin/oauth/authorize",
    scope_separator = ","
)]
#[oauth(expiry = "never", auth_header = "X-Shopify-Access-Token")]
#[oauth(api_base = "https://{shop}.myshopify.com/admin/api/{api_version}")]
#[oauth(validity_endpoint = "https://{shop}.myshopify.com/admin/api/{api_version}/shop.json")]
pub struct ShopifyOAuth {
    /// The shop's permanent subdomain: the `acme` of `acme.myshopify.com`.
    pub shop: String,
    /// The Admin API version, quarterly (`2025-10`).
    pub api_version: String,
    /// The app's client id, from its page in the Partner Dashboard or the Dev Dashboard.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app's allowed redirection URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The access scopes to ask for (`read_orders,write_products`), joined by commas.
    #[oauth(scope)]
    pub scope: Option<String>,
}
