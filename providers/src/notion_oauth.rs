//! Notion's public integrations, declared from "Authorization"
//! (<https://developers.notion.com/docs/authorization>) and "Create a token"
//! (<https://developers.notion.com/reference/create-a-token>): the code flow with HTTP Basic
//! (client id and secret) and a JSON body, `owner=user` on the authorize URL, and the
//! `Notion-Version` header on every API call. The token response has no `expires_in`: the
//! tokens last until revoked, and the refresh token it carries renews one that is refused.
//! Internal integration tokens are the `notion` provider.

use auth_runtime::{Provider, SecretString};

/// Notion's `POST https://api.notion.com/v1/oauth/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "json",
    endpoint = "https://api.notion.com/v1/oauth/token"
)]
#[oauth(
    name = "notion-oauth",
    client_auth = "basic",
    authorize_endpoint = "https://api.notion.com/v1/oauth/authorize",
    authorize_params = "owner=user"
)]
#[oauth(expiry = "never", api_header = "Notion-Version: 2022-06-28")]
#[oauth(
    validity_endpoint = "https://api.notion.com/v1/users/me",
    api_base = "https://api.notion.com/v1"
)]
pub struct NotionOAuth {
    /// The public integration's OAuth client id, from its Configuration tab.
    #[oauth(client_id)]
    pub client_id: String,
    /// The OAuth client secret, from the same tab.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// One of the integration's redirect URIs.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
}
