//! Pipedrive's OAuth for Marketplace apps, declared from "OAuth authorization"
//! (<https://pipedrive.readme.io/docs/marketplace-oauth-authorization>): the code flow with
//! HTTP Basic (client id and secret). Scopes are set on the app, not asked for. The token
//! response names the company's API host (`api_domain`, a full URL), which is the API base.
//! API tokens are the `pipedrive` provider.

use auth_runtime::{Provider, SecretString};

/// Pipedrive's `POST https://oauth.pipedrive.com/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://oauth.pipedrive.com/oauth/token"
)]
#[oauth(
    name = "pipedrive-oauth",
    client_auth = "basic",
    authorize_endpoint = "https://oauth.pipedrive.com/oauth/authorize"
)]
#[oauth(api_base_from = "api_domain")]
pub struct PipedriveOAuth {
    /// The app's client id, from its OAuth & access scopes page in Developer Hub.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's callback URL.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
}
