use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "client_credential", encoding = "form", endpoint = "https://{tenant}.example.com/token")]
#[oauth(client_auth = "basic", refresh_sentinel = "")]
pub struct Example {
    #[oauth(client_id)]
    pub client_id: String,
    #[oauth(client_idd)]
    pub client_secret: String,
}

fn main() {}
