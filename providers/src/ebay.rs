//! eBay's application access tokens, declared from "Using the client credentials grant type"
//! (<https://developer.ebay.com/api-docs/static/oauth-client-credentials-grant.html>): client
//! credentials with HTTP Basic (client id and secret) and the scopes asked for, in production or
//! the sandbox. The `token_type` is `Application Access Token`, not a scheme: the APIs take the
//! token as `Bearer`. No validity endpoint: an application token has no "who am I".

use auth_runtime::{Choice, Provider, SecretString};

/// eBay's `POST https://{environment}/identity/v1/oauth2/token`, for an application token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://{environment}/identity/v1/oauth2/token"
)]
#[oauth(client_auth = "basic", auth_format = "Bearer {token}")]
#[oauth(api_base = "https://{environment}")]
pub struct Ebay {
    /// Production, or the sandbox.
    pub environment: Environment,
    /// The keyset's App ID (client id), from Application Keys in the eBay developer portal.
    #[oauth(client_id)]
    pub client_id: String,
    /// The keyset's Cert ID (client secret), from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The scopes, space-separated scope URLs (`https://api.ebay.com/oauth/api_scope`).
    #[oauth(scope)]
    pub scope: String,
}

/// Which eBay API host.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Production: `api.ebay.com`.
    #[oauth(value = "api.ebay.com")]
    Production,
    /// The sandbox: `api.sandbox.ebay.com`.
    #[oauth(value = "api.sandbox.ebay.com")]
    Sandbox,
}
