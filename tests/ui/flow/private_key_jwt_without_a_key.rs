use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://login.example.com/token")]
#[oauth(client_auth = "private_key_jwt")]
pub struct Example {
    #[oauth(client_id)]
    pub client_id: String,
}

fn main() {}
