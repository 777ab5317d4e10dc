use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
#[oauth(client_auth = "basic")]
pub struct Example {
    #[oauth(client_id, on_refresh)]
    pub client_id: String,
    #[oauth(client_secret)]
    pub client_secret: SecretString,
}

fn main() {}
