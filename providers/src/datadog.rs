//! Datadog's API with an API key and an application key, declared from "Authentication"
//! (<https://docs.datadoghq.com/api/latest/authentication/>): the API key in `DD-API-KEY`, the
//! application key (which most reads need) in `DD-APPLICATION-KEY`, at the host of the
//! account's site. The validity check (`/api/v1/validate`) checks the API key only, and
//! answers 403 to a bad one.

use auth_runtime::{Choice, Provider, SecretString};

/// The Datadog API (`https://api.{site}/api`), authenticated with an API key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "DD-API-KEY")]
#[oauth(
    api_base = "https://api.{site}/api",
    validity_endpoint = "https://api.{site}/api/v1/validate"
)]
#[oauth(api_header = "DD-APPLICATION-KEY: {application_key}")]
pub struct Datadog {
    /// The API key, from Organization Settings › API Keys.
    #[oauth(api_key)]
    pub api_key: SecretString,
    /// The application key, from Organization Settings › Application Keys: needed by most
    /// read endpoints, not by submissions.
    pub application_key: Option<SecretString>,
    /// The Datadog site the account is on (the host of its Datadog URL); keys sent to
    /// another site fail as if invalid.
    pub site: Site,
}

/// A Datadog site, by its name in Datadog's documentation.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// US1: `datadoghq.com`.
    #[oauth(value = "datadoghq.com")]
    Us1,
    /// US3: `us3.datadoghq.com`.
    #[oauth(value = "us3.datadoghq.com")]
    Us3,
    /// US5: `us5.datadoghq.com`.
    #[oauth(value = "us5.datadoghq.com")]
    Us5,
    /// EU1: `datadoghq.eu`.
    #[oauth(value = "datadoghq.eu")]
    Eu1,
    /// AP1: `ap1.datadoghq.com`.
    #[oauth(value = "ap1.datadoghq.com")]
    Ap1,
    /// AP2: `ap2.datadoghq.com`.
    #[oauth(value = "ap2.datadoghq.com")]
    Ap2,
    /// UK1: `uk1.datadoghq.com`.
    #[oauth(value = "uk1.datadoghq.com")]
    Uk1,
    /// US1-FED: `ddog-gov.com`.
    #[oauth(name = "us1-fed", value = "ddog-gov.com")]
    Us1Fed,
    /// US2-FED: `us2.ddog-gov.com`.
    #[oauth(name = "us2-fed", value = "us2.ddog-gov.com")]
    Us2Fed,
}
