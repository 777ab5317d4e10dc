use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
pub enum Example {
    A,
    B,
}

fn main() {}
