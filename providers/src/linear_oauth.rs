//! Linear's OAuth 2.0 apps, declared from "OAuth 2.0 authentication"
//! (<https://linear.app/developers/oauth-2-0-authentication>): the code flow with the client
//! secret in the form body and comma-separated scopes; the tokens go as bearer tokens to the
//! GraphQL endpoint, with a refresh token. No validity endpoint: the only check is a GraphQL
//! `POST`. Personal API keys are the `linear` provider.

use auth_runtime::{Provider, SecretString};

/// Linear's `POST https://api.linear.app/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://api.linear.app/oauth/token"
)]
#[oauth(
    name = "linear-oauth",
    client_auth = "body",
    authorize_endpoint = "https://linear.app/oauth/authorize",
    scope_separator = ","
)]
#[oauth(api_base = "https://api.linear.app/graphql")]
pub struct LinearOAuth {
    /// The OAuth application's client id, from Settings › API › OAuth applications.
    #[oauth(client_id)]
    pub client_id: String,
    /// The application's client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the application's callback URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for (`read,write`), joined by commas.
    #[oauth(scope)]
    pub scope: Option<String>,
}
