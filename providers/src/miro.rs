//! Miro's OAuth 2.0, declared from "Getting started with OAuth 2.0"
//! (<https://developers.miro.com/docs/getting-started-with-oauth>) and "Exchange authorization
//! code with access token"
//! (<https://developers.miro.com/reference/ne-exchange-authorization-code-with-access-token>):
//! the code flow with the client secret in the form body (which Miro recommends over the
//! query). Scopes are set on the app. Apps made with expiring tokens get refresh tokens, which
//! rotate.

use auth_runtime::{Provider, SecretString};

/// Miro's `POST https://api.miro.com/v1/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.miro.com/v1/oauth/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://miro.com/oauth/authorize"
)]
#[oauth(
    validity_endpoint = "https://api.miro.com/v1/oauth-token",
    api_base = "https://api.miro.com/v2"
)]
pub struct Miro {
    /// The app's client id, from its settings in Miro's developer dashboard.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's redirect URI.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
}
