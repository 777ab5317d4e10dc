use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "api_key", auth_header = "X-Api-Key", auth_query = "api_key")]
struct Key {
    #[oauth(api_key)]
    key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "basic", auth_query = "auth")]
struct Basic {
    #[oauth(username)]
    user: String,
}

fn main() {}
