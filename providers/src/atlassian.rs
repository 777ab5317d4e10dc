//! Atlassian Cloud (Jira, Confluence) OAuth 2.0 (3LO), declared from "OAuth 2.0 (3LO) apps"
//! (<https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/>): the code flow
//! with a JSON body, the secret in it, and the authorize request's required
//! `audience=api.atlassian.com` and `prompt=consent`. Refresh tokens rotate. Tokens work only
//! through `api.atlassian.com/ex/{product}/{cloudid}`; the validity check lists the sites the
//! token reaches (and their cloud ids).

use auth_runtime::{Provider, SecretString};

/// Atlassian's `POST https://auth.atlassian.com/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "json",
    endpoint = "https://auth.atlassian.com/oauth/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://auth.atlassian.com/authorize",
    authorize_params = "audience=api.atlassian.com&prompt=consent"
)]
#[oauth(
    validity_endpoint = "https://api.atlassian.com/oauth/token/accessible-resources",
    api_base = "https://api.atlassian.com"
)]
pub struct Atlassian {
    /// The app's client id, from the app's Settings in the Atlassian developer console.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's callback URL, from its Authorization settings.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`read:jira-work offline_access`;
    /// `offline_access` for a refresh token).
    #[oauth(scope)]
    pub scope: Option<String>,
}
