//! Jira Cloud with an Atlassian API token, declared from "Basic auth for REST APIs"
//! (<https://developer.atlassian.com/cloud/jira/service-desk/basic-auth-for-rest-apis>, the same
//! page as for the Jira platform): HTTP
//! Basic with the account's email and an API token, at the site's host.

use auth_runtime::{Provider, SecretString};

/// Jira Cloud's REST API (`https://{site}.atlassian.net/rest/api/3`), authenticated with an
/// email and an API token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "basic", api_base = "https://{site}.atlassian.net/rest/api/3")]
#[oauth(validity_endpoint = "https://{site}.atlassian.net/rest/api/3/myself")]
pub struct Jira {
    /// The site's subdomain: the `acme` of `acme.atlassian.net`.
    pub site: String,
    /// The email of the Atlassian account.
    #[oauth(username)]
    pub email: String,
    /// An API token, from id.atlassian.com › Security › API tokens.
    #[oauth(password)]
    pub api_token: SecretString,
}
