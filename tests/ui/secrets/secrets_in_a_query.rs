use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "query", endpoint = "https://login.example.com/token")]
pub struct PasswordInTheQuery {
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://login.example.com/token", client_auth = "body")]
pub struct ClientSecretInTheQuery {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://login.example.com/token", client_auth = "private_key_jwt")]
pub struct AssertionInTheQuery {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(private_key)] pub private_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://login.example.com/token", renew = "refresh")]
pub struct RefreshTokenInTheQuery {
    #[oauth(client_id)] pub client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "query", endpoint = "https://login.example.com/token", authorize_endpoint = "https://login.example.com/authorize")]
pub struct CodeInTheQuery {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(redirect_uri)] pub redirect_uri: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://login.example.com/token")]
pub struct SecretParamInTheQuery {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(param)] pub api_secret: SecretString,
}

fn main() {}
