//! Reddit's OAuth2, declared from Reddit's OAuth2 wiki
//! (<https://github.com/reddit-archive/reddit/wiki/OAuth2>):
//! the code flow with HTTP Basic (client id and secret), `duration=permanent` for a refresh
//! token, and the descriptive `User-Agent` Reddit requires on token requests and API calls
//! alike. The API lives at `oauth.reddit.com`, not at the host that issues tokens.

use auth_runtime::{Provider, SecretString};

/// Reddit's `POST https://www.reddit.com/api/v1/access_token`, for a user's authorization
/// code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://www.reddit.com/api/v1/access_token"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "https://www.reddit.com/api/v1/authorize",
    authorize_params = "duration=permanent"
)]
#[oauth(
    validity_endpoint = "https://oauth.reddit.com/api/v1/me",
    api_base = "https://oauth.reddit.com"
)]
#[oauth(
    token_header = "User-Agent: {user_agent}",
    api_header = "User-Agent: {user_agent}"
)]
pub struct Reddit {
    /// The app's client id (under its name at reddit.com/prefs/apps).
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's redirect URI.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`identity read`).
    #[oauth(scope)]
    pub scope: Option<String>,
    /// The app's user agent, as Reddit asks: `<platform>:<app id>:<version> (by /u/<user>)`.
    pub user_agent: String,
}
