//! Okta's custom authorization servers, declared from "Authorization servers"
//! (<https://developer.okta.com/docs/concepts/auth-servers>) and the OAuth API reference
//! (<https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/tag/CustomAS>): the code flow
//! at `{domain}/oauth2/{authorization server}/v1/…`, with HTTP Basic (`client_secret_basic`,
//! one of the methods an app may be set to). The org authorization server's paths
//! (`/oauth2/v1/…`) are not this provider. The validity check (userinfo) needs the `openid`
//! scope.

use auth_runtime::{Provider, SecretString};

/// Okta's `POST {base_url}/oauth2/{authorization_server}/v1/token`, for a user's authorization
/// code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "/oauth2/{authorization_server}/v1/token"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "/oauth2/{authorization_server}/v1/authorize"
)]
#[oauth(validity_endpoint = "/oauth2/{authorization_server}/v1/userinfo")]
pub struct Okta {
    /// The Okta org's URL (`https://dev-123456.okta.com`, or a custom domain).
    #[oauth(base_url)]
    pub base_url: String,
    /// The custom authorization server's id: `default`, or one like `aus1abcd…`, from
    /// Security › API › Authorization Servers.
    pub authorization_server: String,
    /// The app integration's client id, from its General tab.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app integration's client secret, from the same tab.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app integration's sign-in redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`openid profile email offline_access`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
