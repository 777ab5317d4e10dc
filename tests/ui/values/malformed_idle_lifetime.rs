use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
#[oauth(renew = "refresh", refresh_idle_lifetime = "90 days")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
