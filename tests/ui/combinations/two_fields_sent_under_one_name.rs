use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://api.example.com/login")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
    #[oauth(param = "tenant")]
    pub tenant_id: i64,
    #[oauth(param = "tenant")]
    pub tenant_name: String,
}

fn main() {}
