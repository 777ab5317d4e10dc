//! GitHub's OAuth apps, declared from "Authorizing OAuth apps"
//! (<https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps>): the
//! web application flow with the client secret in the form body. The token endpoint answers
//! JSON when asked with `Accept: application/json`, as every token request is. An OAuth app's
//! tokens never expire and come without a refresh token (GitHub Apps' expiring user tokens are
//! not this declaration).

use auth_runtime::{Provider, SecretString};

/// GitHub's `POST https://github.com/login/oauth/access_token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://github.com/login/oauth/access_token"
)]
#[oauth(
    name = "github",
    client_auth = "body",
    authorize_endpoint = "https://github.com/login/oauth/authorize",
    expiry = "never"
)]
#[oauth(
    validity_endpoint = "https://api.github.com/user",
    api_base = "https://api.github.com"
)]
#[oauth(
    api_header = "Accept: application/vnd.github+json",
    api_header = "X-GitHub-Api-Version: 2022-11-28"
)]
pub struct GitHub {
    /// The OAuth app's client id, from Settings › Developer settings › OAuth Apps.
    #[oauth(client_id)]
    pub client_id: String,
    /// One of the OAuth app's client secrets, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's callback URL (or one under it).
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`repo gist`); none asks for public data only.
    #[oauth(scope)]
    pub scope: Option<String>,
}
