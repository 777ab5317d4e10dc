//! Microsoft Entra ID (identity platform v2.0) for a signed-in user, declared from "Microsoft
//! identity platform and OAuth 2.0 authorization code flow"
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow>): the
//! code flow at the tenant's endpoints, the client secret in the body, and the scopes sent
//! again on refresh, as the refresh request requires. Microsoft Graph is the API. A refresh token
//! unused for 90 days lapses ("Refresh tokens in the Microsoft identity platform"; the error is
//! AADSTS700082), so a pool keeps idle grants alive.

use auth_runtime::{Provider, SecretString};

/// Entra ID's `POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`, for a
/// user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize"
)]
#[oauth(
    validity_endpoint = "https://graph.microsoft.com/v1.0/me",
    api_base = "https://graph.microsoft.com/v1.0"
)]
#[oauth(refresh_idle_lifetime = "90d")]
pub struct Microsoft {
    /// Who may sign in: `common` (work and personal accounts), `organizations`, `consumers`,
    /// or one tenant's id or domain (`contoso.onmicrosoft.com`), from the app registration's
    /// overview.
    pub tenant: String,
    /// The application (client) id, from the app registration in the Entra admin center.
    #[oauth(client_id)]
    pub client_id: String,
    /// A client secret, from the app registration's Certificates & secrets.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app registration's redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`User.Read offline_access`; `offline_access`
    /// for a refresh token); sent on refreshes too.
    #[oauth(scope, on_refresh)]
    pub scope: Option<String>,
}
