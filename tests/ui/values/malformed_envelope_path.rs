use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "json", endpoint = "https://api.example.com/login")]
#[oauth(envelope = "auth_user_login..data")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
