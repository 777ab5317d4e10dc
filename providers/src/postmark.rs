//! Postmark's API with a server token, declared from the API overview
//! (<https://postmarkapp.com/developer/api/overview>): the token in
//! `X-Postmark-Server-Token` (a bearer token is refused), JSON asked for with `Accept`.
//! Account tokens go in another header, for other endpoints: they are not this provider.

use auth_runtime::{Provider, SecretString};

/// Postmark's server API (`https://api.postmarkapp.com`), authenticated with a server token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "X-Postmark-Server-Token")]
#[oauth(
    api_base = "https://api.postmarkapp.com",
    validity_endpoint = "https://api.postmarkapp.com/server"
)]
#[oauth(api_header = "Accept: application/json")]
pub struct Postmark {
    /// The server's API token, from the API Tokens tab of the server in Postmark.
    #[oauth(api_key)]
    pub server_token: SecretString,
}
