//! New Relic's NerdGraph API with a user key, declared from "Introduction to NerdGraph"
//! (<https://docs.newrelic.com/docs/apis/nerdgraph/get-started/introduction-new-relic-nerdgraph/>):
//! the key in `API-Key`, at the endpoint of the account's region. No validity endpoint:
//! NerdGraph has no `GET`.

use auth_runtime::{Choice, Provider, SecretString};

/// New Relic's NerdGraph endpoint (`https://{region}/graphql`), authenticated with a user key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "API-Key")]
#[oauth(api_base = "https://{region}/graphql")]
pub struct NewRelic {
    /// A user key (`NRAK-…`), from the API keys page of the New Relic UI.
    #[oauth(api_key)]
    pub user_key: SecretString,
    /// The data center the account is in.
    pub region: Region,
}

/// A New Relic data center, by its NerdGraph host.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// The United States: `api.newrelic.com`.
    #[oauth(value = "api.newrelic.com")]
    Us,
    /// Europe: `api.eu.newrelic.com`.
    #[oauth(value = "api.eu.newrelic.com")]
    Eu,
    /// Japan: `api.jp.newrelic.com`.
    #[oauth(value = "api.jp.newrelic.com")]
    Jp,
}
