use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(second_step = "https://api.example.com/exchange", renew = "refresh")]
struct Refreshed {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

fn main() {}
