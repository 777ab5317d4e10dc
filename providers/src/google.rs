//! Google's OAuth 2.0 for web server applications, declared from "Using OAuth 2.0 for Web
//! Server Applications" (<https://developers.google.com/identity/protocols/oauth2/web-server>):
//! the code flow with the client secret in the body, `access_type=offline` (without it no
//! refresh token is issued) and `prompt=consent` (for a new one on re-consent). Refresh tokens
//! are not rotated, and lapse after six months unused ("Refresh token expiration"). The
//! validity check (userinfo) needs the `openid`, `email` or `profile` scope; each Google API
//! has a host of its own, to be allowed on the session.

use auth_runtime::{Provider, SecretString};

/// Google's `POST https://oauth2.googleapis.com/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://oauth2.googleapis.com/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://accounts.google.com/o/oauth2/v2/auth",
    authorize_params = "access_type=offline&prompt=consent",
    refresh_reuse = "allowed",
    refresh_idle_lifetime = "180d"
)]
#[oauth(
    validity_endpoint = "https://www.googleapis.com/oauth2/v3/userinfo",
    api_base = "https://www.googleapis.com"
)]
pub struct Google {
    /// The OAuth client id (`….apps.googleusercontent.com`), from Google Cloud Console › APIs
    /// & Services › Credentials.
    #[oauth(client_id)]
    pub client_id: String,
    /// The OAuth client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the client's authorized redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`openid email
    /// https://www.googleapis.com/auth/drive.metadata.readonly`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
