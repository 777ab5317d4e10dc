//! Typeform's OAuth apps, declared from "Applications"
//! (<https://www.typeform.com/developers/get-started/applications/>): the code flow with the
//! client secret in the form body, on the US authorization server (EU accounts have their own
//! server and apps, not declared here). A refresh token comes only with the `offline` scope.
//! Personal access tokens are the `typeform` provider.

use auth_runtime::{Provider, SecretString};

/// Typeform's `POST https://api.typeform.com/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.typeform.com/oauth/token"
)]
#[oauth(
    name = "typeform-oauth",
    client_auth = "body",
    authorize_endpoint = "https://api.typeform.com/oauth/authorize"
)]
#[oauth(
    validity_endpoint = "https://api.typeform.com/me",
    api_base = "https://api.typeform.com"
)]
pub struct TypeformOAuth {
    /// The application's client id, from Account › Developer apps.
    #[oauth(client_id)]
    pub client_id: String,
    /// The application's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The application's redirect URI.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`forms:read responses:read offline`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
