//! Twilio's REST API with HTTP Basic, declared from "Twilio API requests"
//! (<https://www.twilio.com/docs/usage/requests-to-twilio>) and the Accounts resource
//! (<https://www.twilio.com/docs/iam/api/account>): an API key's SID and secret (or the
//! account SID and auth token), and the account SID in the paths.

use auth_runtime::{Provider, SecretString};

/// Twilio's core API (`https://api.twilio.com/2010-04-01`), authenticated with HTTP Basic.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "basic", api_base = "https://api.twilio.com/2010-04-01")]
#[oauth(validity_endpoint = "https://api.twilio.com/2010-04-01/Accounts/{account_sid}.json")]
pub struct Twilio {
    /// The account SID (`AC…`), from the Twilio Console's account info; every core API path
    /// names it.
    pub account_sid: String,
    /// The API key's SID (`SK…`, recommended), or the account SID again when authenticating
    /// with the auth token.
    #[oauth(username)]
    pub username: String,
    /// The API key's secret, or the account's auth token.
    #[oauth(password)]
    pub password: SecretString,
}
