use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token", client_auth = "basic")]
pub struct TwoAuthorizationHeaders {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
    #[oauth(token_header = "Authorization")] pub api_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token")]
pub struct ApiHeaderReplacesTheToken {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(api_header = "authorization")] pub api_key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token")]
pub struct OneHeaderTwice {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(api_header = "x-api-key")] pub key_one: SecretString,
    #[oauth(api_header = "X-Api-Key")] pub key_two: SecretString,
}

fn main() {}
