use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(authorize_endpoint = "https://api.example.com/authorize", grant_type = "urn:x")]
struct Code {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(redirect_uri)]
    redirect_uri: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(grant_type = "two words")]
struct Spaced {
    #[oauth(client_id)]
    client_id: String,
}

fn main() {}
