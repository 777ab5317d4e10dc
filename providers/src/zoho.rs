//! Zoho's OAuth 2.0 for web apps, declared from "Generating access token"
//! (<https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html>) and "Access token
//! expiry" (<https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html>):
//! the code flow with the secret in the form body, at the accounts server of the user's data
//! center; `access_type=offline` and `prompt=consent` for a refresh token; comma-separated
//! scopes; `Authorization: Zoho-oauthtoken <token>` on API calls. The API host is the
//! response's `api_domain` (`https://www.zohoapis.com`…), to be allowed on the session; the
//! validity check needs the `AaaServer.profile.READ` scope.

use auth_runtime::{Choice, Provider, SecretString};

/// Zoho's `POST https://{data_center}/oauth/v2/token`, for a user's authorization code.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "authorization_code",
    encoding = "form",
    endpoint = "https://{data_center}/oauth/v2/token"
)]
#[oauth(
    client_auth = "body",
    authorize_endpoint = "https://accounts.zoho.com/oauth/v2/auth",
    authorize_params = "access_type=offline&prompt=consent",
    scope_separator = ","
)]
#[oauth(auth_format = "Zoho-oauthtoken {token}")]
#[oauth(validity_endpoint = "https://{data_center}/oauth/user/info")]
pub struct Zoho {
    /// The user's data center: the `accounts-server` the redirect names.
    pub data_center: DataCenter,
    /// The client id, from the client's page in the Zoho API console (api-console.zoho.com).
    #[oauth(client_id)]
    pub client_id: String,
    /// The client secret, from the same page.
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    /// The client's authorized redirect URI.
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
    /// The scopes to ask for, comma-separated (`ZohoCRM.modules.ALL,ZohoCRM.settings.ALL`).
    #[oauth(scope)]
    pub scope: Option<String>,
}

/// A Zoho data center, by its accounts server.
#[derive(Choice, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataCenter {
    /// The United States: `accounts.zoho.com`.
    #[oauth(value = "accounts.zoho.com")]
    Us,
    /// Europe: `accounts.zoho.eu`.
    #[oauth(value = "accounts.zoho.eu")]
    Eu,
    /// India: `accounts.zoho.in`.
    #[oauth(value = "accounts.zoho.in")]
    In,
    /// Australia: `accounts.zoho.com.au`.
    #[oauth(value = "accounts.zoho.com.au")]
    Au,
    /// China: `accounts.zoho.com.cn`.
    #[oauth(value = "accounts.zoho.com.cn")]
    Cn,
    /// Japan: `accounts.zoho.jp`.
    #[oauth(value = "accounts.zoho.jp")]
    Jp,
    /// Canada: `accounts.zohocloud.ca`.
    #[oauth(value = "accounts.zohocloud.ca")]
    Ca,
}
