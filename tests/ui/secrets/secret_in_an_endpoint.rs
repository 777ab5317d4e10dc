use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/{tenant_key}/token")]
pub struct SecretInThePath {
    pub tenant_key: SecretString,
    #[oauth(client_id)] pub client_id: String,
}

fn main() {}
