//! Dropbox's OAuth, declared from the OAuth guide (<https://developers.dropbox.com/oauth-guide>)
//! and "Using OAuth 2.0 with offline access"
//! (<https://dropbox.tech/developers/using-oauth-2-0-with-offline-access>): the code flow with
//! HTTP Basic (app key and secret), and `token_access_type=offline`, without which no refresh
//! token is issued. Refresh tokens are long-lived and not rotated. No validity endpoint: the
//! API is RPC over `POST` (`/2/users/get_current_account`).

use auth_runtime::{Provider, SecretString};

/// Dropbox's `POST https://api.dropboxapi.com/oauth2/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.dropboxapi.com/oauth2/token"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "https://www.dropbox.com/oauth2/authorize",
    authorize_params = "token_access_type=offline",
    refresh_reuse = "allowed"
)]
#[oauth(api_base = "https://api.dropboxapi.com/2")]
pub struct Dropbox {
    /// The app key, from the app's Settings in the Dropbox App Console.
    #[oauth(client_id)]
    pub app_key: String,
    /// The app secret, from the same page.
    #[oauth(client_secret)]
    pub app_secret: SecretString,
    /// One of the app's redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`files.metadata.read`); the app's permissions
    /// when unset.
    #[oauth(scope)]
    pub scope: Option<String>,
}
