//! ADP's APIs (Workforce Now and the others of API Central), declared from "Authorization for
//! Data Connector apps" (<https://developers.adp.com/articles/guides/auth-process-data-connector-apps>):
//! client credentials with HTTP Basic, over mutual TLS: the token request and every API call
//! present the certificate ADP signed for the app (RFC 8705 section 3: the tokens are bound to
//! it). The certificate and its key are PEM, from the app's registration; ADP signs a CSR the
//! client makes. No refresh tokens: a renewal logs in again.

use auth_runtime::{Provider, SecretString};

/// ADP's `POST https://accounts.adp.com/auth/oauth/v2/token`, for an app access token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://accounts.adp.com/auth/oauth/v2/token"
)]
#[oauth(client_auth = "basic", api_base = "https://api.adp.com")]
pub struct Adp {
    /// The app's client id, from the Credentials tab of the app in ADP's developer portal.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret, from the same tab.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The certificate ADP signed for the app (PEM).
    #[oauth(client_certificate)]
    pub certificate: String,
    /// Its private key (PEM), which never leaves the client.
    #[oauth(client_key)]
    pub private_key: SecretString,
}
