//! The Jamf Pro API, with a Jamf Pro user account: a bearer token from HTTP Basic, renewed by
//! presenting it to the keep-alive endpoint, which invalidates it and answers with a new one.
//!
//! Documentation followed: "Jamf Pro API Overview", section "Authentication and Authorization"
//! (<https://developer.jamf.com/jamf-pro/docs/jamf-pro-api-overview>), and the API reference
//! of `POST /v1/auth/token`, `POST /v1/auth/keep-alive` and `GET /v1/auth`
//! (<https://developer.jamf.com/jamf-pro/reference/post_v1-auth-keep-alive>). Both token
//! endpoints answer `{"token": "…", "expires": "<RFC 3339 time>"}`.

use auth_runtime::{Provider, SecretString};

/// A Jamf Pro server's API (`<server>/api`), for a user account with API privileges.
#[derive(Provider, Debug, Clone)]
#[oauth(
    name = "jamf-pro",
    grant = "login",
    encoding = "form",
    endpoint = "/api/v1/auth/token"
)]
#[oauth(client_auth = "basic", basic_encoding = "raw")]
#[oauth(
    access_token_path = "token",
    expiry = "rfc3339",
    expiry_path = "expires"
)]
#[oauth(renew = "token", renew_endpoint = "/api/v1/auth/keep-alive")]
#[oauth(api_base = "/api", validity_endpoint = "/api/v1/auth")]
pub struct JamfPro {
    /// The Jamf Pro server's URL (`https://yourServer.jamfcloud.com`, or your own host).
    #[oauth(base_url)]
    pub server_url: String,
    /// The user account's name: the user part of HTTP Basic.
    #[oauth(client_id)]
    pub username: String,
    /// The user account's password.
    #[oauth(client_secret)]
    pub password: SecretString,
}
