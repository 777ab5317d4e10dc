//! Tali: the authorization code flow with a JSON token endpoint, the client secret in the
//! body, `redirect_uri` sent on refreshes too, and `expires_in` as a string. Its document
//! gives no host, so the base URL is a required setting with no default.

use auth_runtime::{Provider, SecretString};

/// Tali, at the base URL Tali gives you.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "json",
    endpoint = "/oauth/token"
)]
#[oauth(
    authorize_endpoint = "/oauth/authorize",
    client_auth = "body",
    renew = "refresh"
)]
pub struct Tali {
    /// Where Tali's `/oauth/...` routes live, e.g. `https://tali.example.com`.
    #[oauth(base_url)]
    pub base_url: String,
    /// The client id Tali issued.
    #[oauth(client_id)]
    pub client_id: String,
    /// The client secret Tali issued.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The callback registered with Tali.
    #[oauth(redirect_uri, on_refresh)]
    pub redirect_uri: String,
}
