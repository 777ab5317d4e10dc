//! Every request and response word compiles, and says so in INFO.
use std::time::Duration;

use auth_runtime::{Expiry, Method, Provider, ResponseBody, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", method = "get", endpoint = "https://api.example.com/token")]
#[oauth(grant_type = "account_credentials", client_auth = "basic", param = "audience=x")]
#[oauth(access_token_path = "data.accessToken", expiry = "rfc3339", expiry_path = "data.expiresAt")]
#[oauth(api_base_from = "instance_url", success_flag = "ok")]
struct Everything {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://api.example.com/token")]
#[oauth(response = "text", lifetime = "30min")]
struct Text {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

fn main() {
    let info = Everything::INFO;
    assert_eq!(info.login_grant_type(), Some("account_credentials"));
    assert_eq!(info.method(), Method::Get);
    assert_eq!(info.reading().access_token(), ["data", "accessToken"]);
    assert_eq!(info.reading().expiry(), Expiry::Rfc3339);
    assert_eq!(info.api_base_from(), ["instance_url"]);
    assert_eq!(Text::INFO.reading().body(), ResponseBody::Text);
    assert_eq!(Text::INFO.reading().lifetime(), Some(Duration::from_secs(1800)));
}
