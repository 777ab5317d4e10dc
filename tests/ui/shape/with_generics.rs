use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
pub struct Example<T> {
    #[oauth(username)]
    pub username: T,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
