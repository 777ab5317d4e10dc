use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "api_key", auth_header = "X-Api-Key")]
struct SameHeader {
    #[oauth(api_key)]
    key: SecretString,
    #[oauth(api_header = "x-api-key")]
    other: String,
}

#[derive(Provider)]
#[oauth(grant = "api_key", api_header = "Authorization: Bearer fixed")]
struct WrittenAuthorization {
    #[oauth(api_key)]
    key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "api_key", api_header = "X-Version: 1", api_header = "x-version: 2")]
struct Twice {
    #[oauth(api_key)]
    key: SecretString,
}

fn main() {}
