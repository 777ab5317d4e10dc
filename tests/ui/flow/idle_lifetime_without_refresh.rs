use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
#[oauth(refresh_idle_lifetime = "90d")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
