//! Every supported combination of grant, encoding and client authentication compiles.
//! (GraphQL carries a login's own fields, so it pairs with the `login` grant. A query string
//! carries no secret: `encoding = "query"` pairs with no password, no client secret or
//! assertion in the request, and no refresh or code grant; `ui/secrets/secrets_in_a_query.rs`
//! has the refused ones.)

use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "none")]
pub struct PasswordFormNone {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct PasswordFormBasic {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "body")]
pub struct PasswordFormBody {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt")]
pub struct PasswordFormSignedJwt {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "none")]
pub struct PasswordJsonNone {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct PasswordJsonBasic {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "body")]
pub struct PasswordJsonBody {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt")]
pub struct PasswordJsonSignedJwt {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "none")]
pub struct ClientCredentialsFormNone {
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct ClientCredentialsFormBasic {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "body")]
pub struct ClientCredentialsFormBody {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt")]
pub struct ClientCredentialsFormSignedJwt {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "none")]
pub struct ClientCredentialsJsonNone {
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct ClientCredentialsJsonBasic {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "body")]
pub struct ClientCredentialsJsonBody {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt")]
pub struct ClientCredentialsJsonSignedJwt {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://login.example.com/token", client_auth = "none")]
pub struct ClientCredentialsQueryNone {
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct ClientCredentialsQueryBasic {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "none", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeFormNone {
    #[oauth(redirect_uri)] pub redirect_uri: String,
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "basic", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeFormBasic {
    #[oauth(redirect_uri)] pub redirect_uri: String,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "body", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeFormBody {
    #[oauth(redirect_uri)] pub redirect_uri: String,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeFormSignedJwt {
    #[oauth(redirect_uri)] pub redirect_uri: String,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "none", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeJsonNone {
    #[oauth(redirect_uri)] pub redirect_uri: String,
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "basic", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeJsonBasic {
    #[oauth(redirect_uri)] pub redirect_uri: String,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "body", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeJsonBody {
    #[oauth(redirect_uri)] pub redirect_uri: String,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeJsonSignedJwt {
    #[oauth(redirect_uri)] pub redirect_uri: String,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "none")]
pub struct LoginFormNone {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct LoginFormBasic {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "body")]
pub struct LoginFormBody {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt")]
pub struct LoginFormSignedJwt {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "none")]
pub struct LoginJsonNone {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct LoginJsonBasic {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "body")]
pub struct LoginJsonBody {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt")]
pub struct LoginJsonSignedJwt {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "graphql", endpoint = "https://login.example.com/token", client_auth = "none", envelope = "login.token", graphql_query = "mutation($username: String, $password: String, $tenant_id: Int) { login(username: $username, password: $password, tenant_id: $tenant_id) { token { access_token } } }")]
pub struct LoginGraphqlNone {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "graphql", endpoint = "https://login.example.com/token", client_auth = "basic", envelope = "login.token", graphql_query = "mutation($username: String, $password: String, $tenant_id: Int) { login(username: $username, password: $password, tenant_id: $tenant_id) { token { access_token } } }")]
pub struct LoginGraphqlBasic {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "graphql", endpoint = "https://login.example.com/token", client_auth = "body", envelope = "login.token", graphql_query = "mutation($username: String, $password: String, $tenant_id: Int) { login(username: $username, password: $password, tenant_id: $tenant_id) { token { access_token } } }")]
pub struct LoginGraphqlBody {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "graphql", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt", envelope = "login.token", graphql_query = "mutation($username: String, $password: String, $tenant_id: Int) { login(username: $username, password: $password, tenant_id: $tenant_id) { token { access_token } } }")]
pub struct LoginGraphqlSignedJwt {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

fn main() {}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "query", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct LoginQueryBasic {
    #[oauth(username)] pub username: String,
    #[oauth(param)] pub tenant_id: i64,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}
