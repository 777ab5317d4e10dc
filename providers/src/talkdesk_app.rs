//! Talkdesk for apps listed on AppConnect: the same token endpoint, but the client proves
//! itself with a JWT signed by the app's private key instead of the shared secret.

use auth_runtime::{Provider, SecretString};

use crate::talkdesk::Region;

/// Talkdesk's `POST https://{account}.{region host}/oauth/token`, with a client assertion.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://{account}.{region}/oauth/token"
)]
#[oauth(
    name = "talkdesk-app",
    client_auth = "private_key_jwt",
    assertion_alg = "RS256",
    authorize_endpoint = "https://{account}.{region}/oauth/authorize",
    renew = "refresh"
)]
pub struct TalkdeskApp {
    /// The Talkdesk account name (the first label of the host).
    pub account: String,
    /// The region, which picks the host.
    pub region: Region,
    /// The app's OAuth client id.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's RSA private key, in PEM.
    #[oauth(private_key)]
    pub private_key: SecretString,
    /// The scopes to ask for, space-separated.
    #[oauth(scope)]
    pub scope: Option<String>,
}
