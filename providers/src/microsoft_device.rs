//! Microsoft identity platform's device code flow, declared from "OAuth 2.0 device
//! authorization grant"
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code>): a
//! public client (no secret) asks `/{tenant}/oauth2/v2.0/devicecode` for a user code, shows its
//! `message` (or the code and `https://microsoft.com/devicelogin`), and polls `/token`.
//! Microsoft sends no `verification_uri_complete`; a refusal is `authorization_declined` and an
//! expired code `expired_token`, read as the runtime's typed errors. `offline_access` in the
//! scope gets a refresh token, which lapses after 90 days unused; the scope is sent on refreshes
//! too.

use auth_runtime::Provider;

/// Entra ID's `POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode`, then
/// polls of `…/token`.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "device_code",
    encoding = "form",
    endpoint = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
)]
#[oauth(
    name = "microsoft-device",
    device_endpoint = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode"
)]
#[oauth(
    validity_endpoint = "https://graph.microsoft.com/v1.0/me",
    api_base = "https://graph.microsoft.com/v1.0"
)]
#[oauth(refresh_idle_lifetime = "90d")]
pub struct MicrosoftDevice {
    /// Who may sign in: `common`, `organizations`, `consumers`, or one tenant's id or domain.
    pub tenant: String,
    /// The application (client) id of a registration that allows public client flows.
    #[oauth(client_id)]
    pub client_id: String,
    /// The scopes to ask for, space-separated (`User.Read offline_access`).
    #[oauth(scope, on_refresh)]
    pub scope: String,
}
