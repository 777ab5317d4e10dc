//! Login with Amazon, declared from "Authorization Code Grant"
//! (<https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html>) and
//! "Obtain Customer Profile Information"
//! (<https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html>): the
//! code flow with the client secret in the form body. A refresh returns a new refresh token.

use auth_runtime::{Provider, SecretString};

/// Amazon's `POST https://api.amazon.com/auth/o2/token`, for a customer's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.amazon.com/auth/o2/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://www.amazon.com/ap/oa"
)]
#[oauth(
    validity_endpoint = "https://api.amazon.com/user/profile",
    api_base = "https://api.amazon.com"
)]
pub struct Amazon {
    /// The security profile's client id, from Login with Amazon in the Amazon developer
    /// console.
    #[oauth(client_id)]
    pub client_id: String,
    /// The security profile's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the security profile's allowed return URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`profile postal_code`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
