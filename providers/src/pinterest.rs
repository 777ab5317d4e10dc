//! Pinterest's API v5 OAuth, declared from "Set up authentication and authorization"
//! (<https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/>)
//! and the token reference (<https://developers.pinterest.com/docs/api/v5/oauth-token>): the
//! code flow with HTTP Basic (app id and secret), comma-separated scopes.

use auth_runtime::{Provider, SecretString};

/// Pinterest's `POST https://api.pinterest.com/v5/oauth/token`, for a user's authorization
/// code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.pinterest.com/v5/oauth/token"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "https://www.pinterest.com/oauth/",
    scope_separator = ","
)]
#[oauth(
    validity_endpoint = "https://api.pinterest.com/v5/user_account",
    api_base = "https://api.pinterest.com/v5"
)]
pub struct Pinterest {
    /// The app id, from My apps in the Pinterest developer platform.
    #[oauth(client_id)]
    pub app_id: String,
    /// The app secret key, from the same page.
    #[oauth(client_secret)]
    pub app_secret: SecretString,
    /// One of the app's redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, comma-separated (`boards:read,pins:read,user_accounts:read`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
