//! Spotify, added by following the README's "Add a provider in one struct": the request its
//! documentation describes, and the response it shows.

use std::time::Duration;

use auth_runtime::{ExposeSecret, Provider, SecretString};
use auth_tests::*;
use providers::Spotify;

fn spotify() -> Spotify {
    Spotify {
        client_id: "CLIENT_ID".into(),
        client_secret: SecretString::from("CLIENT_SECRET"),
    }
}

#[tokio::test]
async fn the_token_request_is_the_documented_one() {
    let server = server_answering(json_response(
        200,
        r#"{"access_token": "NgCXRKc...MzYjw", "token_type": "bearer", "expires_in": 3600}"#,
    ))
    .await;
    let token = client_for(&server).login(&spotify()).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/token");
    assert_eq!(
        header(&request, "authorization"),
        Some(basic("CLIENT_ID", "CLIENT_SECRET"))
    );
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(body_text(&request), "grant_type=client_credentials");

    assert_eq!(token.access_token().expose_secret(), "NgCXRKc...MzYjw");
    assert_eq!(token.token_type(), "Bearer");
    assert_eq!(token.lifetime(), Some(Duration::from_secs(3600)));
}

#[test]
fn the_declaration_points_at_spotify() {
    assert_eq!(
        Spotify::INFO.token_endpoint(),
        Some("https://accounts.spotify.com/api/token")
    );
    assert_eq!(Spotify::INFO.api_base(), Some("https://api.spotify.com/v1"));
    assert_eq!(Spotify::INFO.name(), "spotify");
}
