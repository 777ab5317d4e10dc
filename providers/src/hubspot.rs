//! HubSpot's OAuth, declared from the OAuth v3 guide
//! (<https://developers.hubspot.com/docs/api-reference/auth-oauth-v3/guide>): the code flow
//! at the v3 token endpoint (v1 is deprecated), every parameter in the form body, the client
//! secret included.

use auth_runtime::{Provider, SecretString};

/// HubSpot's `POST https://api.hubapi.com/oauth/v3/token`, for an installing user's
/// authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.hubapi.com/oauth/v3/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://app.hubspot.com/oauth/authorize"
)]
#[oauth(
    validity_endpoint = "https://api.hubapi.com/account-info/v3/details",
    api_base = "https://api.hubapi.com"
)]
pub struct HubSpot {
    /// The app's client id, from the app's Auth settings in the HubSpot developer account.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the app's redirect URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`crm.objects.contacts.read`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
