use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
#[oauth(client_auth = "basic")]
pub struct Example {
    #[oauth(client_id)]
    pub client_id: String,
}

fn main() {}
