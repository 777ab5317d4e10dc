use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(expiry = "epoch", lifetime = "1 week", access_token_path = "data..token")]
#[oauth(api_base = "https://api.example.com", api_base_from = "instance_url")]
struct Mistakes {
    #[oauth(client_id)]
    client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(lifetime = "400d", response = "xml")]
struct TooLong {
    #[oauth(client_id)]
    client_id: String,
}

fn main() {}
