use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "api_key", auth_format = "Bearer {key}")]
struct UnknownPlaceholder {
    #[oauth(api_key)]
    key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "api_key", auth_format = "Bearer")]
struct NoToken {
    #[oauth(api_key)]
    key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "api_key", auth_header = "X Api Key")]
struct BadHeaderName {
    #[oauth(api_key)]
    key: SecretString,
}

fn main() {}
