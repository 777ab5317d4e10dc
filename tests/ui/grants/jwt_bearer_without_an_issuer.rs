use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "jwt_bearer", encoding = "form", endpoint = "https://oauth2.example.com/token")]
struct ServiceAccount {
    #[oauth(claim = "sub")]
    user: String,
    #[oauth(private_key)]
    private_key: SecretString,
}

fn main() {}
