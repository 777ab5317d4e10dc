use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(authorize_endpoint = "https://api.example.com/authorize", client_auth = "body")]
#[oauth(second_step = "https://api.example.com/exchange")]
struct CodeFlow {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(redirect_uri)]
    redirect_uri: String,
}

#[derive(Provider)]
#[oauth(grant = "api_key", second_step = "https://api.example.com/exchange")]
struct StaticKey {
    #[oauth(api_key)]
    api_key: SecretString,
}

fn main() {}
