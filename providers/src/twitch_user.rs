//! Twitch user access tokens, declared from "Getting OAuth Access Tokens"
//! (<https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/>): the authorization code
//! grant with the client secret in the form body, and the `Client-Id` header every Helix call
//! needs beside the bearer token. The token response's `scope` is a JSON array. App access
//! tokens are the `twitch` provider.

use auth_runtime::{Provider, SecretString};

/// Twitch's `POST https://id.twitch.tv/oauth2/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://id.twitch.tv/oauth2/token"
)]
#[oauth(
    name = "twitch-user",
    client_auth = "body",
    authorize_endpoint = "https://id.twitch.tv/oauth2/authorize"
)]
#[oauth(
    validity_endpoint = "https://api.twitch.tv/helix/users",
    api_base = "https://api.twitch.tv/helix"
)]
#[oauth(api_header = "Client-Id: {client_id}")]
pub struct TwitchUser {
    /// The application's client id, from its page in the Twitch developer console; also sent
    /// as `Client-Id` on API calls.
    #[oauth(client_id)]
    pub client_id: String,
    /// The application's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the application's OAuth redirect URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`chat:read chat:edit`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
