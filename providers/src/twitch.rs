//! Twitch app access tokens, declared from "Getting OAuth Access Tokens"
//! (<https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/>) and "Authentication"
//! (<https://dev.twitch.tv/docs/authentication/>): client credentials with the secret in the
//! form body, and the `Client-Id` header every Helix call needs beside the bearer token. No
//! validity endpoint: Twitch's (`/oauth2/validate`) takes the token under the `OAuth` scheme,
//! not the API's `Bearer`.

use auth_runtime::{Provider, SecretString};

/// Twitch's `POST https://id.twitch.tv/oauth2/token`, for an app access token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://id.twitch.tv/oauth2/token"
)]
#[oauth(client_auth = "body", api_base = "https://api.twitch.tv/helix")]
#[oauth(api_header = "Client-Id: {client_id}")]
pub struct Twitch {
    /// The application's client id, from its page in the Twitch developer console; also sent
    /// as `Client-Id` on API calls.
    #[oauth(client_id)]
    pub client_id: String,
    /// The application's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
}
