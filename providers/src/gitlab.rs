//! GitLab's OAuth 2.0 provider, declared from "OAuth 2.0 identity provider API"
//! (<https://docs.gitlab.com/api/oauth2/>): the code flow with the client secret in the form
//! body, at gitlab.com or a self-managed instance. Refreshing rotates both tokens, and sends
//! the `redirect_uri` again.

use auth_runtime::{Provider, SecretString};

/// GitLab's `POST {base_url}/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "/oauth/token"
)]
#[oauth(client_auth = "body", authorize_endpoint = "/oauth/authorize")]
#[oauth(validity_endpoint = "/api/v4/user", api_base = "/api/v4")]
pub struct GitLab {
    /// The instance's URL: `https://gitlab.com`, or a self-managed one.
    #[oauth(base_url)]
    pub base_url: String,
    /// The application's id, from User Settings › Applications (or the group's or admin's).
    #[oauth(client_id)]
    pub application_id: String,
    /// The application's secret, from the same page.
    #[oauth(client_secret)]
    pub secret: SecretString,
    /// The application's redirect URI; sent on refreshes too.
    #[oauth(redirect_uri, on_refresh)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`read_user api`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
