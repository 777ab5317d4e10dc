use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://api.example.com/login")]
#[oauth(envelope = "result.data", success_flag = "result.data.ok")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
