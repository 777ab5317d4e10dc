//! Greenhouse's Harvest API (v1) with an API key, declared from "Establish API Connectivity"
//! on Greenhouse Support (<https://support.greenhouse.io>):
//! HTTP Basic with the key as the user name and no password. Writes also need an
//! `On-Behalf-Of` user id, which only they carry: it is not declared here.

use auth_runtime::{Provider, SecretString};

/// Greenhouse Harvest (`https://harvest.greenhouse.io/v1`), authenticated with a Harvest API
/// key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "basic", api_base = "https://harvest.greenhouse.io/v1")]
#[oauth(validity_endpoint = "https://harvest.greenhouse.io/v1/users?per_page=1")]
pub struct Greenhouse {
    /// A Harvest API key, from Configure › Dev Center › API Credential Management; the
    /// validity check needs its permission on the users endpoint.
    #[oauth(username)]
    pub api_key: SecretString,
}
