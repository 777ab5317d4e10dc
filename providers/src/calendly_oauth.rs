//! Calendly's OAuth for web apps, declared from "How to access Calendly data on behalf of
//! authenticated users"
//! (<https://developer.calendly.com/how-to-access-calendly-data-on-behalf-of-authenticated-users>):
//! the code flow with HTTP Basic (client id and secret, as web clients do). Refresh tokens are
//! single-use. Personal access tokens are the `calendly` provider.

use auth_runtime::{Provider, SecretString};

/// Calendly's `POST https://auth.calendly.com/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://auth.calendly.com/oauth/token"
)]
#[oauth(
    name = "calendly-oauth",
    client_auth = "basic",
    authorize_endpoint = "https://auth.calendly.com/oauth/authorize"
)]
#[oauth(
    validity_endpoint = "https://api.calendly.com/users/me",
    api_base = "https://api.calendly.com"
)]
pub struct CalendlyOAuth {
    /// The OAuth app's client id, from the Calendly developer portal.
    #[oauth(client_id)]
    pub client_id: String,
    /// The OAuth app's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The app's redirect URI.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, if the app uses scopes.
    #[oauth(scope)]
    pub scope: Option<String>,
}
