//! LinkedIn's 3-legged OAuth, declared from "Authorization Code Flow"
//! (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow>):
//! the code flow with the client secret in the form body. Tokens live 60 days; refresh tokens
//! are issued to approved partners only. The validity check (userinfo) needs the `openid`
//! and `profile` scopes; the versioned `/rest` APIs also want a `LinkedIn-Version` header,
//! which is not declared here.

use auth_runtime::{Provider, SecretString};

/// LinkedIn's `POST https://www.linkedin.com/oauth/v2/accessToken`, for a member's
/// authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://www.linkedin.com/oauth/v2/accessToken"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://www.linkedin.com/oauth/v2/authorization"
)]
#[oauth(
    validity_endpoint = "https://api.linkedin.com/v2/userinfo",
    api_base = "https://api.linkedin.com"
)]
pub struct LinkedIn {
    /// The app's client id, from its Auth tab in the LinkedIn developer portal.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's primary client secret, from the same tab.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app's authorized redirect URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`openid profile email`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
