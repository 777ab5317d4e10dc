//! Bitbucket Cloud's OAuth 2.0, declared from "OAuth 2.0"
//! (<https://developer.atlassian.com/cloud/bitbucket/oauth-2>):
//! the code flow with HTTP Basic (the consumer's key and secret). Scopes are the consumer's
//! permissions, not a parameter, and the response names them in `scopes`.

use auth_runtime::{Provider, SecretString};

/// Bitbucket's `POST https://bitbucket.org/site/oauth2/access_token`, for a user's
/// authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://bitbucket.org/site/oauth2/access_token"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "https://bitbucket.org/site/oauth2/authorize"
)]
#[oauth(
    validity_endpoint = "https://api.bitbucket.org/2.0/user",
    api_base = "https://api.bitbucket.org/2.0"
)]
pub struct Bitbucket {
    /// The OAuth consumer's key, from the workspace's settings › OAuth consumers.
    #[oauth(client_id)]
    pub key: String,
    /// The OAuth consumer's secret, from the same page.
    #[oauth(client_secret)]
    pub secret: SecretString,
    /// The callback URL, when not the consumer's own.
    #[oauth(redirect_uri)]
    pub redirect_uri: Option<String>,
}
