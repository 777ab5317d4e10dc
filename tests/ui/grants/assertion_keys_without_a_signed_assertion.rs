use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://oauth2.example.com/token")]
#[oauth(client_auth = "body", claim = "tier=3", assertion_audience = "https://oauth2.example.com")]
#[oauth(assertion_lifetime = "2min", assertion_alg = "ES256")]
struct App {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(claim = "sub")]
    user: String,
    #[oauth(key_id)]
    kid: String,
}

fn main() {}
