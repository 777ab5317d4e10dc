use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "token_exchange", encoding = "form", endpoint = "https://sts.example.com/token")]
#[oauth(actor_token_type = "urn:ietf:params:oauth:token-type:jwt")]
struct Sts {
    #[oauth(param)]
    audience: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://sts.example.com/token")]
#[oauth(subject_token_type = "urn:ietf:params:oauth:token-type:jwt")]
struct NotAnExchange {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(subject_token)]
    subject: SecretString,
}

fn main() {}
