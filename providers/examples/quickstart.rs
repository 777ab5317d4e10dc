//! Gets a token from iAdvize's declaration, end to end, with no account anywhere: a local
//! server on 127.0.0.1 stands in for `api.iadvize.com`, and the client is pointed at it with
//! the origin override. Everything else is what a real integration runs.
//!
//! Run it with `cargo run -p providers --example quickstart`.

use auth_runtime::{Client, Origin, Provider, SecretString, Validity};
use providers::IAdvize;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = local_iadvize().await;

    // What a user writes: the provider from its settings, and a client.
    let iadvize = IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("correct horse"),
    };
    let client = Client::builder()
        .origin(Origin::parse(&server.uri())?)
        .build()?;

    println!(
        "provider  {} ({:?} grant, {:?} encoding)",
        IAdvize::INFO.name(),
        IAdvize::INFO.grant(),
        IAdvize::INFO.encoding()
    );
    println!("settings  {iadvize:?}");
    let token = client.login(&iadvize).await?;
    println!("token     {token:?}");
    println!(
        "          refresh token \"none\" read as: {:?}",
        token.refresh_token().map(|_| "a token")
    );

    let validity = client.check_validity(&iadvize, &token).await?;
    println!("validity  {validity:?}");
    assert_eq!(validity, Validity::Valid);

    let wrong = IAdvize {
        password: SecretString::from("wrong"),
        ..iadvize
    };
    match client.login(&wrong).await {
        Err(error) => println!("bad login {error}"),
        Ok(_) => return Err("a wrong password was accepted".into()),
    }
    Ok(())
}

/// A loopback server that answers like iAdvize's documentation says it does.
async fn local_iadvize() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(body_string("grant_type=password&username=agent%40shop.example&password=correct+horse"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token": "BMU9FSlOV-local-demo-token", "expires_in": 86400, "token_type": "Bearer", "refresh_token": "none"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"error": "invalid_grant", "error_description": "Invalid username and password combination"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/_authenticated"))
        .and(header("authorization", "Bearer BMU9FSlOV-local-demo-token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"authenticated": true}"#, "application/json"),
        )
        .mount(&server)
        .await;
    server
}
