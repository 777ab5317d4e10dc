use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "jwt_bearer", encoding = "form", endpoint = "https://oauth2.example.com/token")]
#[oauth(claim = "iss=issuer", claim = "exp=0", claim = "iss=again")]
struct ServiceAccount {
    #[oauth(claim = "aud")]
    audience: String,
    #[oauth(claim = "jti")]
    id: String,
    #[oauth(private_key)]
    private_key: SecretString,
}

fn main() {}
