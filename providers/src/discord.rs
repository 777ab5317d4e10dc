//! Discord's OAuth2, declared from "OAuth2" (<https://discord.com/developers/docs/topics/oauth2>):
//! the code flow, form-encoded (the token endpoint refuses JSON), with the client secret in
//! the body. OAuth tokens are bearer tokens; bot tokens (`Bot …`) are not this provider.

use auth_runtime::{Provider, SecretString};

/// Discord's `POST https://discord.com/api/oauth2/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://discord.com/api/oauth2/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://discord.com/oauth2/authorize"
)]
#[oauth(
    validity_endpoint = "https://discord.com/api/v10/users/@me",
    api_base = "https://discord.com/api/v10"
)]
pub struct Discord {
    /// The application's client id, from its OAuth2 page in the Discord developer portal.
    #[oauth(client_id)]
    pub client_id: String,
    /// The application's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the application's redirects.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`identify guilds`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
