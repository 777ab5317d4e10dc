//! Talview's second route: the same login as a GraphQL mutation on `/v1/graphql`, with the
//! credentials as typed variables (never spliced into the query text). The answer may come
//! wrapped in GraphQL's `{"data": …}` or not; both are accepted, and an `errors` array is a
//! refusal.

use auth_runtime::{Provider, SecretString};

/// Talview's GraphQL login, `POST /v1/graphql` with the `auth_user_login` mutation.
#[derive(Provider, Debug, Clone)]
#[oauth(
    grant = "login",
    encoding = "graphql",
    endpoint = "https://api.talview.com/v1/graphql"
)]
#[oauth(
    name = "talview-graphql",
    graphql_query = "mutation MyMutation($password: String, $tenant_id: Int, $username: String) { auth_user_login(data: {password: $password, tenant_id: $tenant_id, username: $username}) { success error_message data { access_token expires_in refresh_token } } }",
    envelope = "auth_user_login.data",
    success_flag = "auth_user_login.success",
    error_message = "auth_user_login.error_message",
    renew = "login",
    api_base = "https://api.talview.com/v1/graphql"
)]
pub struct TalviewGraphql {
    /// The Talview-provided username.
    #[oauth(username)]
    pub username: String,
    /// The Talview-provided password.
    #[oauth(password)]
    pub password: SecretString,
    /// The tenant id, sent as a GraphQL `Int`.
    #[oauth(param)]
    pub tenant_id: i64,
}
