//! Auth0's client credentials flow for machine-to-machine applications, declared from "Call
//! Your API Using the Client Credentials Flow"
//! (<https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow>):
//! client credentials with the secret in the form body, and the `audience` (the identifier of
//! the API the token is for) on every login. The API base is the tenant's Management API,
//! for a token whose audience it is (`https://{domain}/api/v2/`); another audience's API is
//! the caller's to allow on the session.

use auth_runtime::{Provider, SecretString};

/// Auth0's `POST {base_url}/oauth/token`, for a machine-to-machine application's token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "/oauth/token"
)]
#[oauth(client_auth = "body", api_base = "/api/v2")]
pub struct Auth0 {
    /// The tenant's URL: `https://acme.us.auth0.com`, or its custom domain.
    #[oauth(base_url)]
    pub base_url: String,
    /// The application's client id, from its Settings tab.
    #[oauth(client_id)]
    pub client_id: String,
    /// The application's client secret, from the same tab.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The identifier of the API the token is for (`https://api.example.com/`, or the
    /// Management API's `https://acme.us.auth0.com/api/v2/`).
    #[oauth(param)]
    pub audience: String,
}
