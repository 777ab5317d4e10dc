use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "https://login.example.com/token")]
#[oauth(authorize_endpoint = "https://login.example.com/authorize")]
pub struct Example {
    #[oauth(client_id)]
    pub client_id: String,
}

fn main() {}
