use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(response = "text", access_token_path = "data.token", expiry = "epoch_seconds")]
struct Text {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

fn main() {}
