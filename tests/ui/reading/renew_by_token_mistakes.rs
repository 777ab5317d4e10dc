use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(renew = "token")]
struct NoEndpoint {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(renew_endpoint = "https://api.example.com/keep-alive")]
struct EndpointWithoutTheWord {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(authorize_endpoint = "https://api.example.com/authorize")]
#[oauth(renew = "token", renew_endpoint = "https://api.example.com/keep-alive")]
struct NoLoginToFallBackOn {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(redirect_uri)]
    redirect_uri: String,
}

fn main() {}
