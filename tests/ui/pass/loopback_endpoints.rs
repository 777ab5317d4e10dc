// Plain http is accepted for every loopback address, by the same rule the runtime applies
// before it sends credentials (auth_vocab::loopback): localhost, all of 127.0.0.0/8, and ::1.
use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "http://127.0.0.2:8080/oauth/token")]
#[oauth(validity_endpoint = "http://localhost/check", api_base = "http://[::1]:9000/api")]
pub struct Local {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

fn main() {
    assert_eq!(Local::INFO.token_endpoint(), Some("http://127.0.0.2:8080/oauth/token"));
}
