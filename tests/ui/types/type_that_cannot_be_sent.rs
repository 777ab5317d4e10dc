use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://api.example.com/login")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
    #[oauth(param)]
    pub tenants: Vec<u32>,
}

fn main() {}
