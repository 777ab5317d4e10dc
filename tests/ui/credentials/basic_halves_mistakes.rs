use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "basic", basic_user = "{email}/token", api_base = "https://api.example.com")]
struct Twice {
    #[oauth(username)]
    email: String,
    token: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "api_key", basic_password = "X")]
struct NotBasic {
    #[oauth(api_key)]
    key: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "basic", basic_user = "a:{key}", basic_password = "{kee}")]
struct Malformed {
    key: SecretString,
}

fn main() {}
