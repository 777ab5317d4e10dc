//! Spotify's client credentials flow, declared from its public documentation ("Client
//! Credentials Flow", Spotify for Developers): the README's "Add a provider in one struct"
//! walkthrough ends here.

use auth_runtime::{Provider, SecretString};

/// Spotify's `POST https://accounts.spotify.com/api/token` for an app's own token.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "client_credentials",
    encoding = "form",
    endpoint = "https://accounts.spotify.com/api/token"
)]
#[oauth(client_auth = "basic", api_base = "https://api.spotify.com/v1")]
pub struct Spotify {
    /// The app's client id, from the Spotify developer dashboard.
    #[oauth(client_id)]
    pub client_id: String,
    /// The app's client secret.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
}
