//! Webflow's Data API apps, declared from "OAuth"
//! (<https://developers.webflow.com/data/reference/oauth-app>) and "Get Authorization Info"
//! (<https://developers.webflow.com/data/reference/token/introspect>): the code flow with the
//! client secret in the form body. The tokens never expire and come without a refresh token.

use auth_runtime::{Provider, SecretString};

/// Webflow's `POST https://api.webflow.com/oauth/access_token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.webflow.com/oauth/access_token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://webflow.com/oauth/authorize",
    expiry = "never"
)]
#[oauth(
    validity_endpoint = "https://api.webflow.com/v2/token/introspect",
    api_base = "https://api.webflow.com/v2"
)]
pub struct Webflow {
    /// The app's client id, from the workspace's Apps & Integrations › App development.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's redirect URI.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`sites:read cms:write`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
