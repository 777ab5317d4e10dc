use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "basic", api_base = "https://api.example.com")]
struct Basic {
    #[oauth(username)]
    user: String,
    #[oauth(client_secret)]
    secret: SecretString,
}

fn main() {}
