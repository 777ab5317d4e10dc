use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "login", encoding = "graphql", endpoint = "https://api.example.com/graphql")]
#[oauth(envelope = "login.data", graphql_query = "mutation($username: String) { login(username: $username) { data { access_token } } }")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {}
