use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "login", encoding = "graphql", endpoint = "https://api.example.com/graphql")]
#[oauth(envelope = "login.data")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
