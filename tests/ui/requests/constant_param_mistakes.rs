use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(client_auth = "body", param = "audience", param = "grant_type=jwt")]
#[oauth(param = "resource=a", param = "resource=b", param = "tenant=x")]
struct Constants {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(param)]
    tenant: String,
}

fn main() {}
