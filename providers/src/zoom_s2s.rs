//! Zoom's Server-to-Server OAuth, declared from "Server-to-Server OAuth"
//! (<https://developers.zoom.us/docs/internal-apps/s2s-oauth/>): Zoom's own grant type,
//! `account_credentials`, with the account id beside it and HTTP Basic (client id and secret),
//! for an internal app's token. No refresh token: a new token is asked for.

use auth_runtime::{Provider, SecretString};

/// Zoom's `POST https://zoom.us/oauth/token`, for a Server-to-Server OAuth app's token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://zoom.us/oauth/token"
)]
#[oauth(
    name = "zoom-s2s",
    grant_type = "account_credentials",
    client_auth = "basic"
)]
#[oauth(
    validity_endpoint = "https://api.zoom.us/v2/users/me",
    api_base = "https://api.zoom.us/v2"
)]
pub struct ZoomS2s {
    /// The account id, from the app's App Credentials page in the Zoom App Marketplace.
    #[oauth(param)]
    pub account_id: String,
    /// The app's client id, from the same page.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
}
