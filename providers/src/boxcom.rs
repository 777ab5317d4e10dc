//! Box's OAuth 2.0 (user authentication), declared from "Access tokens"
//! (<https://developer.box.com/guides/authentication/tokens/access-tokens/>) and "Request
//! access token" (<https://developer.box.com/reference/post-oauth2-token>): the code flow with
//! the client secret in the form body. Refresh tokens are single-use, and lapse after 60 days
//! unused ("Refresh tokens", Box developer guides). (Box's client
//! credentials grant needs `box_subject_type` and `box_subject_id`, which are not declared
//! here.)

use auth_runtime::{Provider, SecretString};

/// Box's `POST https://api.box.com/oauth2/token`, for a user's authorization code (named
/// `BoxCom`, after box.com, so as not to shadow `std::boxed::Box`).
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.box.com/oauth2/token"
)]
#[oauth(
    name = "box",
    client_auth = "body",
    authorize_endpoint = "https://account.box.com/api/oauth2/authorize"
)]
#[oauth(
    validity_endpoint = "https://api.box.com/2.0/users/me",
    api_base = "https://api.box.com/2.0"
)]
#[oauth(refresh_idle_lifetime = "60d")]
pub struct BoxCom {
    /// The app's client id, from its Configuration page in the Box developer console.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's redirect URI.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`root_readonly`); the app's configured scopes
    /// when unset.
    #[oauth(scope)]
    pub scope: Option<String>,
}
