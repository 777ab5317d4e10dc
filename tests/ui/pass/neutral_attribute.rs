//! `#[auth(...)]` is `#[oauth(...)]` under a neutral name, for providers that are not OAuth:
//! one vocabulary under both, even mixed on one struct.

use auth_runtime::{Choice, Grant, Provider, Role, SecretString};

#[derive(Provider)]
#[auth(grant = "api_key", auth_header = "x-api-key")]
#[auth(api_base = "https://api.{region}.example.com/v1")]
struct Keyed {
    #[auth(api_key)]
    api_key: SecretString,
    region: Region,
}

#[derive(Clone, Copy, Choice)]
enum Region {
    #[auth(value = "eu")]
    Eu,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form")]
#[auth(endpoint = "https://login.example.com/token", client_auth = "basic")]
struct Mixed {
    #[auth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

fn main() {
    assert_eq!(Keyed::INFO.grant(), Grant::ApiKey);
    assert_eq!(Keyed::INFO.api_auth().place(), auth_runtime::AuthPlace::Header("x-api-key"));
    assert_eq!(Keyed::INFO.settings()[0].role(), Some(Role::ApiKey));
    assert_eq!(Keyed::INFO.settings()[1].choices(), ["eu"]);
    assert_eq!(Mixed::INFO.grant(), Grant::ClientCredentials);
    assert_eq!(Mixed::INFO.token_endpoint(), Some("https://login.example.com/token"));
}
