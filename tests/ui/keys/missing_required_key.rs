use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
