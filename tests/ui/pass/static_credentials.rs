//! Every static credential and every place a credential goes compiles, and says so in INFO.
use auth_runtime::{AuthFormat, AuthPlace, Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "api_key", auth_header = "X-Api-Key", api_base = "https://api.example.com")]
#[oauth(api_header = "Example-Version: 2024-01-01", api_header = "X-App: app-{app_id}")]
struct Key {
    #[oauth(api_key)]
    key: SecretString,
    app_id: String,
}

#[derive(Provider)]
#[oauth(grant = "api_key", auth_query = "api_token", api_base = "https://{company}.example.com/v1")]
struct QueryKey {
    #[oauth(api_key)]
    key: Option<SecretString>,
    company: String,
}

#[derive(Provider)]
#[oauth(grant = "basic", validity_endpoint = "https://api.example.com/me")]
struct Basic {
    #[oauth(username)]
    user: SecretString,
    #[oauth(password)]
    password: Option<SecretString>,
}

#[derive(Provider)]
#[oauth(grant = "password", encoding = "json", endpoint = "https://api.example.com/login")]
#[oauth(auth_format = "Zoho-oauthtoken {token}", token_header = "X-Client: {client}")]
struct OAuthWithScheme {
    #[oauth(username)]
    user: String,
    #[oauth(password)]
    password: SecretString,
    client: String,
}

fn main() {
    assert_eq!(Key::INFO.token_endpoint(), None);
    assert_eq!(Key::INFO.api_headers(), ["Example-Version", "X-App"]);
    assert_eq!(Key::INFO.api_auth().place(), AuthPlace::Header("X-Api-Key"));
    assert_eq!(Key::INFO.api_auth().format(), [AuthFormat::Token]);
    assert_eq!(QueryKey::INFO.api_auth().place(), AuthPlace::Query("api_token"));
    assert_eq!(Basic::INFO.api_auth().render("Basic", "x"), "Basic x");
    assert_eq!(OAuthWithScheme::INFO.api_auth().render("Bearer", "t"), "Zoho-oauthtoken t");
    assert_eq!(OAuthWithScheme::INFO.token_headers(), ["X-Client"]);
}
