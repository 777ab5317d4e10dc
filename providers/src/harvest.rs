//! Harvest's v2 API with a personal access token, declared from "Authentication"
//! (<https://help.getharvest.com/api-v2/authentication-api/authentication/authentication/>):
//! the token as a bearer token, the account in `Harvest-Account-Id`, and the `User-Agent`
//! naming the application and a contact, which Harvest requires.

use auth_runtime::{Provider, SecretString};

/// The Harvest v2 API (`https://api.harvestapp.com/v2`), authenticated with a personal access
/// token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://api.harvestapp.com/v2")]
#[oauth(validity_endpoint = "https://api.harvestapp.com/v2/users/me")]
#[oauth(
    api_header = "Harvest-Account-Id: {account_id}",
    api_header = "User-Agent: {user_agent}"
)]
pub struct Harvest {
    /// The personal access token, from Developers › Personal Access Tokens at
    /// id.getharvest.com.
    #[oauth(api_key)]
    pub token: SecretString,
    /// The Harvest account id, shown beside the token (one token can reach several
    /// accounts).
    pub account_id: String,
    /// The application's name and a contact address, as Harvest asks:
    /// `MyApp (me@example.com)`.
    pub user_agent: String,
}
