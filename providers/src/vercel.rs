//! Vercel's REST API with an access token, declared from "Get the User"
//! (<https://vercel.com/docs/rest-api/endpoints/user>): the token as a bearer token. Team
//! resources also need a `teamId` query parameter, which callers add to their own URLs.

use auth_runtime::{Provider, SecretString};

/// The Vercel REST API (`https://api.vercel.com`), authenticated with an access token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", api_base = "https://api.vercel.com")]
#[oauth(validity_endpoint = "https://api.vercel.com/v2/user")]
pub struct Vercel {
    /// The access token, from Account Settings › Tokens; it is scoped to the personal account
    /// or to one team.
    #[oauth(api_key)]
    pub token: SecretString,
}
