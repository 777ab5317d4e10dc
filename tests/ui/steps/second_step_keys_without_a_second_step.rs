use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(client_auth = "body", second_param = "vault=main", second_token_param = "subject_token")]
struct NoSecondStep {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

fn main() {}
