use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(pasword)]
    pub password: SecretString,
}

fn main() {}
