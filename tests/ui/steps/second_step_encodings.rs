use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://api.example.com/token")]
#[oauth(client_auth = "basic", second_step = "https://api.example.com/exchange")]
#[oauth(second_token_param = "subject_token")]
struct TokenInTheQuery {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "graphql", endpoint = "https://api.example.com/graphql")]
#[oauth(graphql_query = "mutation Login($username: String, $password: String) { login }")]
#[oauth(envelope = "login")]
#[oauth(second_step = "https://api.example.com/exchange")]
struct AfterGraphql {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

fn main() {}
