//! Microsoft Entra ID (identity platform v2.0) for an application acting as itself, declared
//! from "Microsoft identity platform and the OAuth 2.0 client credentials flow"
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow>):
//! client credentials at one tenant's token endpoint (not `common`), the secret in the body,
//! and a scope naming a resource's `.default`. No refresh token is ever issued. No validity
//! endpoint: an app-only token cannot call Graph's `/me`.

use auth_runtime::{Provider, SecretString};

/// Entra ID's `POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`, for an
/// app-only token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
)]
#[oauth(
    name = "microsoft-app",
    client_auth = "body",
    api_base = "https://graph.microsoft.com/v1.0"
)]
pub struct MicrosoftApp {
    /// The tenant's id or verified domain (`contoso.onmicrosoft.com`), from the app
    /// registration's overview.
    pub tenant: String,
    /// The application (client) id, from the app registration in the Entra admin center.
    #[oauth(client_id)]
    pub client_id: String,
    /// A client secret, from the app registration's Certificates & secrets.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The resource's `.default` scope: `https://graph.microsoft.com/.default` for Graph.
    #[oauth(scope)]
    pub scope: String,
}
