// Only a token exchange takes its subject token from another session: chaining a client
// credentials login on one is a compile error naming the missing grant.
use auth_runtime::{Provider, SecretString, Session};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", client_auth = "basic", endpoint = "https://auth.example.com/token")]
struct Service {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

fn service() -> Service {
    Service {
        client_id: "id".into(),
        client_secret: SecretString::from("secret"),
    }
}

fn main() {
    let upstream = Session::new(service()).unwrap();
    let _ = Session::builder(service()).subject_from(upstream);
}
