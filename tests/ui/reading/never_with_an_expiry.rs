use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(expiry = "never", expiry_path = "expiresAt", lifetime = "1h")]
struct Never {
    #[oauth(client_id)]
    client_id: String,
}

fn main() {}
