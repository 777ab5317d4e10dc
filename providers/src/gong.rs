//! Gong's API with an access key, declared from "Gong API — Introduction"
//! (<https://help.gong.io/apidocs/introduction-2>): HTTP Basic with the access key and its
//! secret.

use auth_runtime::{Provider, SecretString};

/// The Gong API (`https://api.gong.io/v2`), authenticated with an access key and its secret.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "basic", api_base = "https://api.gong.io/v2")]
#[oauth(validity_endpoint = "https://api.gong.io/v2/users")]
pub struct Gong {
    /// The access key, from Company Settings › Ecosystem › API (technical administrators
    /// only).
    #[oauth(username)]
    pub access_key: String,
    /// The access key's secret, shown once when the key is created.
    #[oauth(password)]
    pub access_key_secret: SecretString,
}
