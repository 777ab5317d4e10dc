//! Talview: a JSON login with no `grant_type`, a token inside the `auth_user_login.data`
//! envelope, and a `success` flag that can turn an HTTP 200 into a refusal. The refresh token
//! it returns has no documented route, so renewal logs in again.

use auth_runtime::{Provider, SecretString};

/// Talview's REST login, `POST /api/rest/auth_user_login`.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "login",
    encoding = "json",
    endpoint = "https://api.talview.com/api/rest/auth_user_login"
)]
#[oauth(
    envelope = "auth_user_login.data",
    success_flag = "auth_user_login.success",
    error_message = "auth_user_login.error_message",
    renew = "login",
    api_base = "https://api.talview.com/v1/graphql"
)]
pub struct Talview {
    /// The Talview-provided username.
    #[oauth(username)]
    pub username: String,
    /// The Talview-provided password.
    #[oauth(password)]
    pub password: SecretString,
    /// The tenant id, sent as a JSON integer.
    #[oauth(param)]
    pub tenant_id: i64,
}
