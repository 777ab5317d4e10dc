//! Asana's OAuth, declared from "OAuth" (<https://developers.asana.com/docs/oauth>): the code
//! flow with the client secret in the form body; the token response names the authorizing
//! user under `data`.

use auth_runtime::{Provider, SecretString};

/// Asana's `POST https://app.asana.com/-/oauth_token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://app.asana.com/-/oauth_token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://app.asana.com/-/oauth_authorize"
)]
#[oauth(
    validity_endpoint = "https://app.asana.com/api/1.0/users/me",
    api_base = "https://app.asana.com/api/1.0"
)]
pub struct Asana {
    /// The app's client id, from the app's OAuth page in the Asana developer console.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app's redirect URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`tasks:read openid email`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
