use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token")]
#[oauth(client_auth = "body", basic_encoding = "raw", refresh_reuse = "allowed")]
pub struct Example {
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
}

fn main() {}
