//! Brevo's API with an API key, declared from "API key authentication"
//! (<https://developers.brevo.com/docs/api-key-authentication>) and "Get account details"
//! (<https://developers.brevo.com/reference/get-account>), which the documentation names as
//! the check of a key.

use auth_runtime::{Provider, SecretString};

/// The Brevo API (`https://api.brevo.com/v3`), authenticated with an API key.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "api-key")]
#[oauth(
    api_base = "https://api.brevo.com/v3",
    validity_endpoint = "https://api.brevo.com/v3/account"
)]
pub struct Brevo {
    /// The API key (`xkeysib-…`; SMTP keys are not valid here), from SMTP & API › API Keys.
    #[oauth(api_key)]
    pub api_key: SecretString,
}
