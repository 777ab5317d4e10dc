//! Figma's REST API with a personal access token, declared from "Personal access tokens"
//! (<https://developers.figma.com/docs/rest-api/personal-access-tokens/>): the token in
//! `X-Figma-Token` (OAuth tokens use `Authorization` instead). A bad token is answered 403.

use auth_runtime::{Provider, SecretString};

/// The Figma REST API (`https://api.figma.com/v1`), authenticated with a personal access
/// token.
#[derive(Provider, Debug, Clone)]
#[oauth(grant = "api_key", auth_header = "X-Figma-Token")]
#[oauth(
    api_base = "https://api.figma.com/v1",
    validity_endpoint = "https://api.figma.com/v1/me"
)]
pub struct Figma {
    /// The personal access token (`figd_…`), from Settings › Security › Personal access
    /// tokens; it expires on the date chosen when it was made.
    #[oauth(api_key)]
    pub token: SecretString,
}
