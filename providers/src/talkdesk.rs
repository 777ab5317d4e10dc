//! Talkdesk: client credentials (or an authorization code) with HTTP Basic, form-encoded, at a
//! host made of the account name and the region.

use auth_runtime::{Choice, Provider, SecretString};

/// Talkdesk's `POST https://{account}.{region host}/oauth/token`.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://{account}.{region}/oauth/token"
)]
#[oauth(
    client_auth = "basic",
    basic_encoding = "raw",
    authorize_endpoint = "https://{account}.{region}/oauth/authorize",
    renew = "refresh"
)]
pub struct Talkdesk {
    /// The Talkdesk account name (the first label of the host).
    pub account: String,
    /// The region, which picks the host.
    pub region: Region,
    /// The OAuth client id.
    #[oauth(client_id)]
    pub client_id: String,
    /// The OAuth client secret.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The scopes to ask for, space-separated.
    #[oauth(scope)]
    pub scope: Option<String>,
}

/// Where a Talkdesk account lives.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// The United States: `talkdeskid.com`.
    #[oauth(value = "talkdeskid.com")]
    Us,
    /// Europe: `talkdeskid.eu`.
    #[oauth(value = "talkdeskid.eu")]
    Eu,
    /// Canada: `talkdeskidca.com`.
    #[oauth(value = "talkdeskidca.com")]
    Ca,
}
