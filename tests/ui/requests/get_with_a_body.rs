use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", method = "get", endpoint = "https://api.example.com/auth")]
struct Get {
    #[oauth(param)]
    client: String,
}

#[derive(Provider)]
#[oauth(grant = "login", encoding = "query", method = "put", endpoint = "https://api.example.com/auth")]
struct Put {
    #[oauth(param)]
    client: String,
}

fn main() {}
