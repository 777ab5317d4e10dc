use auth_runtime::{Choice, Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
pub struct PasswordForm {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "json", endpoint = "https://{tenant}.example.com/token")]
#[oauth(client_auth = "body", name = "json-client")]
pub struct ClientJson {
    pub tenant: String,
    #[oauth(client_id)]
    pub client_id: String,
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    #[oauth(scope, on_refresh)]
    pub scope: Option<String>,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://api.example.com/token")]
#[oauth(client_auth = "basic", renew = "none")]
pub struct ClientQuery {
    #[oauth(client_id)]
    pub client_id: String,
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    #[oauth(token_header = "x-api-key", api_header = "x-api-key")]
    pub api_key: Option<SecretString>,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "/token")]
#[oauth(authorize_endpoint = "/authorize", validity_endpoint = "/me", api_base = "/api")]
#[oauth(renew = "refresh", refresh_idle_lifetime = "90d")]
pub struct Code {
    #[oauth(base_url)]
    pub base_url: String,
    #[oauth(client_id)]
    pub client_id: String,
    #[oauth(redirect_uri)]
    pub redirect_uri: String,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "graphql", endpoint = "https://{region}/graphql")]
#[oauth(graphql_query = "mutation($user: String, $pin: Int) { login(user: $user, pin: $pin) { ok token { access_token } } }")]
#[oauth(envelope = "login.token", success_flag = "login.ok", login_rate_limit = "5/s", login_rate_limit_per = "identity")]
pub struct Graphql {
    pub region: Region,
    #[oauth(username, rename = "user")]
    pub user: String,
    #[oauth(param = "pin")]
    pub pin_code: u16,
}

#[derive(Choice, Clone, Copy)]
pub enum Region {
    #[oauth(value = "eu.example.com")]
    Europe,
    #[oauth(value = "us.example.com", name = "us")]
    America,
}

fn main() {}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token")]
#[oauth(client_auth = "private_key_jwt", assertion_alg = "ES256")]
#[oauth(authorize_endpoint = "https://login.example.com/authorize", pkce = "S256", scope_separator = ",")]
#[oauth(authorize_params = "prompt=consent")]
pub struct SignedClient {
    #[oauth(client_id)]
    pub client_id: String,
    #[oauth(private_key)]
    pub private_key: SecretString,
}
