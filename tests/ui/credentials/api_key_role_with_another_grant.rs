use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
struct Key {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(api_key)]
    key: SecretString,
}

fn main() {}
