//! PayPal's REST APIs, declared from "Authentication"
//! (<https://developer.paypal.com/api/rest/authentication/>) and "Get an access token"
//! (<https://developer.paypal.com/reference/get-an-access-token>):
//! client credentials with HTTP Basic (client id and secret), live or sandbox. No validity
//! endpoint: an app token has no cheap "who am I".

use auth_runtime::{Choice, Provider, SecretString};

/// PayPal's `POST https://{environment}/v1/oauth2/token`, for an app access token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://{environment}/v1/oauth2/token"
)]
#[oauth(client_auth = "basic", api_base = "https://{environment}")]
pub struct PayPal {
    /// Live, or the sandbox.
    pub environment: Environment,
    /// The app's client id, from Apps & Credentials in the PayPal developer dashboard.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
}

/// Which PayPal API host.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Live: `api-m.paypal.com`.
    #[oauth(value = "api-m.paypal.com")]
    Live,
    /// The sandbox: `api-m.sandbox.paypal.com`.
    #[oauth(value = "api-m.sandbox.paypal.com")]
    Sandbox,
}
