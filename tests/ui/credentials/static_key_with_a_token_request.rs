use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "api_key", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(renew = "login", envelope = "data", token_header = "X-Version: 2")]
struct Key {
    #[oauth(api_key)]
    key: SecretString,
    #[oauth(param)]
    account: String,
}

fn main() {}
