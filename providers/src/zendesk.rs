//! Zendesk's OAuth, declared from "OAuth Tokens for Grant Types"
//! (<https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/>): the code
//! flow at the account's subdomain, with a JSON body and the client secret in it. Refresh
//! tokens rotate. No validity endpoint: `/api/v2/users/me` answers 200 with an anonymous user
//! when authentication fails.

use auth_runtime::{Provider, SecretString};

/// Zendesk's `POST https://{subdomain}.zendesk.com/oauth/tokens`, for a user's authorization
/// code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "json",
    endpoint = "https://{subdomain}.zendesk.com/oauth/tokens"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://{subdomain}.zendesk.com/oauth/authorizations/new"
)]
#[oauth(api_base = "https://{subdomain}.zendesk.com/api/v2")]
pub struct Zendesk {
    /// The account's subdomain: the `acme` of `acme.zendesk.com`.
    pub subdomain: String,
    /// The OAuth client's unique identifier, from Admin Center › Apps and integrations › APIs
    /// › OAuth Clients.
    #[oauth(client_id)]
    pub client_id: String,
    /// The OAuth client's secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the client's redirect URLs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, space-separated (`read write`).
    #[oauth(scope)]
    pub scope: Option<String>,
}
