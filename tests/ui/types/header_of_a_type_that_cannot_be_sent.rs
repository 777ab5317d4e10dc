use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://api.example.com/oauth2/token")]
#[oauth(client_auth = "basic")]
pub struct Example {
    #[oauth(client_id)]
    pub client_id: String,
    #[oauth(client_secret)]
    pub client_secret: SecretString,
    #[oauth(token_header = "x-api-key")]
    pub api_key: std::collections::HashMap<String, String>,
}

fn main() {}
