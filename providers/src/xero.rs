//! Xero's OAuth 2.0, declared from "Standard authorization code flow"
//! (<https://developer.xero.com/documentation/guides/oauth2/auth-flow>): the code flow with
//! HTTP Basic, the tenant chosen per call with `xero-tenant-id`, and JSON asked for with
//! `Accept` (the API answers XML otherwise). Refresh tokens rotate; `offline_access` is the
//! scope that brings one. The validity check lists the tenants the token reaches, which is
//! where the tenant id comes from. A refresh token unused for 60 days lapses (Xero's OAuth 2.0
//! FAQ), so a pool keeps idle grants alive.

use auth_runtime::{Provider, SecretString};

/// Xero's `POST https://identity.xero.com/connect/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://identity.xero.com/connect/token"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "https://login.xero.com/identity/connect/authorize"
)]
#[oauth(
    validity_endpoint = "https://api.xero.com/connections",
    api_base = "https://api.xero.com/api.xro/2.0"
)]
#[oauth(
    api_header = "xero-tenant-id: {tenant_id}",
    api_header = "Accept: application/json"
)]
#[oauth(refresh_idle_lifetime = "60d")]
pub struct Xero {
    /// The app's client id, from My Apps in the Xero developer portal.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app's redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`openid profile email accounting.transactions
    /// offline_access`).
    #[oauth(scope)]
    pub scope: Option<String>,
    /// The organisation to call: a `tenantId` from `GET /connections`, known after the
    /// first login.
    pub tenant_id: Option<String>,
}
