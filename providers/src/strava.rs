//! Strava's OAuth, declared from "Authentication"
//! (<https://developers.strava.com/docs/authentication>):
//! the code flow with the client secret in the form body, comma-separated scopes. Responses
//! carry `expires_at` beside `expires_in`; refresh tokens may be replaced on refresh.

use auth_runtime::{Provider, SecretString};

/// Strava's `POST https://www.strava.com/oauth/token`, for an athlete's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://www.strava.com/oauth/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://www.strava.com/oauth/authorize",
    scope_separator = ","
)]
#[oauth(
    validity_endpoint = "https://www.strava.com/api/v3/athlete",
    api_base = "https://www.strava.com/api/v3"
)]
pub struct Strava {
    /// The application's client id, from Settings › My API Application.
    #[oauth(client_id)]
    pub client_id: String,
    /// The application's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The redirect URI, on the application's authorization callback domain.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, comma-separated (`read,activity:read_all`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
