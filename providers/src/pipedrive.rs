//! Pipedrive's API with an API token, declared from "Authentication"
//! (<https://pipedrive.readme.io/docs/core-api-concepts-authentication>): the token in the
//! `x-api-token` header (the older `api_token` query parameter is no longer required), at the
//! company's own host.

use auth_runtime::{Provider, SecretString};

/// The Pipedrive API (`https://{company_domain}.pipedrive.com/api/v1`), authenticated with a
/// personal API token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "x-api-token")]
#[oauth(api_base = "https://{company_domain}.pipedrive.com/api/v1")]
#[oauth(validity_endpoint = "https://{company_domain}.pipedrive.com/api/v1/users/me")]
pub struct Pipedrive {
    /// The company's subdomain: the `acme` of `acme.pipedrive.com`.
    pub company_domain: String,
    /// The personal API token, from Personal preferences › API; one per user and company.
    #[oauth(api_key)]
    pub api_token: SecretString,
}
