use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
pub struct Example {
    #[oauth(scope)]
    pub scope: Option<String>,
}

fn main() {}
