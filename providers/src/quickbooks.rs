//! QuickBooks Online (Intuit) OAuth 2.0, declared from "OAuth 2.0"
//! (<https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0>):
//! the code flow with HTTP Basic, JSON asked for on API calls (the API answers XML otherwise).
//! The company id (`realmId`) comes on the redirect, not in the token response: the validity
//! check needs it as a setting. Production hosts; the sandbox API host is another.

use auth_runtime::{Provider, SecretString};

/// Intuit's `POST https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer`, for a user's
/// authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
)]
#[oauth(
    client_auth = "basic",
    authorize_endpoint = "https://appcenter.intuit.com/connect/oauth2"
)]
#[oauth(
    validity_endpoint = "https://quickbooks.api.intuit.com/v3/company/{realm_id}/companyinfo/{realm_id}",
    api_base = "https://quickbooks.api.intuit.com/v3/company"
)]
#[oauth(api_header = "Accept: application/json")]
pub struct QuickBooks {
    /// The app's client id, from Keys & credentials in the Intuit developer portal.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app's redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`com.intuit.quickbooks.accounting`).
    #[oauth(scope)]
    pub scope: Option<String>,
    /// The company id: the `realmId` query parameter of the redirect.
    pub realm_id: Option<String>,
}
