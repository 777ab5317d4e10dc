use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "api_key", api_base = "https://api.example.com")]
struct Key {
    #[oauth(api_header = "x-api-key")]
    key: SecretString,
}

fn main() {}
