//! iAdvize: the password grant, form-encoded, with `"none"` as its refresh token (meaning
//! none), a validity-check route, and a limit of 10 logins a minute per user.

use auth_runtime::{Provider, SecretString};

/// iAdvize's `POST /oauth2/token`.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "password",
    encoding = "form",
    endpoint = "https://api.iadvize.com/oauth2/token"
)]
#[oauth(
    refresh_sentinel = "none",
    renew = "login",
    login_rate_limit = "10/min",
    validity_endpoint = "https://api.iadvize.com/_authenticated",
    api_base = "https://api.iadvize.com/graphql"
)]
pub struct IAdvize {
    /// The user's email.
    #[oauth(username)]
    pub username: String,
    /// The user's password.
    #[oauth(password)]
    pub password: SecretString,
}
