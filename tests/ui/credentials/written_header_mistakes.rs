use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "api_key", api_header = "Notion-Version 2022-06-28")]
#[oauth(api_header = "X-Account: {acount}", api_header = "X-Empty:")]
struct Key {
    #[oauth(api_key)]
    key: SecretString,
    account: String,
}

fn main() {}
