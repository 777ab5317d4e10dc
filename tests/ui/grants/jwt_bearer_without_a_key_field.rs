use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "jwt_bearer", encoding = "form", endpoint = "https://oauth2.example.com/token")]
struct ServiceAccount {
    #[oauth(claim = "iss")]
    client_email: String,
}

fn main() {}
