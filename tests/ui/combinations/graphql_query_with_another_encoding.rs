use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://api.example.com/graphql")]
#[oauth(graphql_query = "mutation($username: String) { login(username: $username) { token } }")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
