//! Intercom's OAuth for public apps, declared from "Setting up OAuth"
//! (<https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth>):
//! the code flow with the client secret in the form body, in the US region. No scope
//! parameter: permissions are set on the app in the Developer Hub. The tokens never expire and
//! come without a refresh token; the response repeats the access token as `token`.

use auth_runtime::{Provider, SecretString};

/// Intercom's `POST https://api.intercom.io/auth/eagle/token`, for a workspace's authorization
/// code (US-hosted workspaces).
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.intercom.io/auth/eagle/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://app.intercom.com/oauth",
    expiry = "never"
)]
#[oauth(
    validity_endpoint = "https://api.intercom.io/me",
    api_base = "https://api.intercom.io"
)]
#[oauth(
    api_header = "Intercom-Version: 2.11",
    api_header = "Accept: application/json"
)]
pub struct Intercom {
    /// The app's client id, from its Basic Information page in the Developer Hub.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app's redirect URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
}
