use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(client_auth = "body", second_step = "https://{host}.example.com/exchange/{profile}")]
#[oauth(second_token_param = "subject token", second_param = "vault")]
struct Mistakes {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    host: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(client_auth = "body", second_step = "https://api.example.com/exchange")]
#[oauth(second_token_param = "subject_token", second_param = "subject_token=x")]
#[oauth(second_param = "scope=a", second_param = "scope=b")]
struct Collisions {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

fn main() {}
