use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "jwt_bearer", encoding = "form", endpoint = "https://oauth2.example.com/token")]
#[oauth(client_auth = "private_key_jwt", assertion_lifetime = "2h", claim = "no-value")]
#[oauth(settings_file = "client_id")]
struct ServiceAccount {
    #[oauth(client_id, claim = "iss")]
    client_id: String,
    #[oauth(param, claim = "sub")]
    user: String,
    #[oauth(claim = " scope")]
    scope: String,
    #[oauth(private_key)]
    private_key: SecretString,
}

fn main() {}
