//! A service's common case: one shared session per identity, many tasks making authenticated
//! API calls through it. A local server on 127.0.0.1 plays Altrata (whose new tokens terminate
//! the old ones), so this runs with no account anywhere.
//!
//! Run it with `cargo run -p providers --example service`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use auth_runtime::{Client, Origin, SecretString, Session};
use providers::Altrata;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (server, issued) = local_altrata().await;
    let altrata = Altrata {
        username: "analyst".into(),
        password: SecretString::from("correct horse"),
        api_key: SecretString::from("api-key"),
    };
    let client = Client::builder()
        .origin(Origin::parse(&server.uri())?)
        .build()?;
    // One session for this identity, shared by every task (clones share everything).
    let session = Session::builder(altrata).client(client).build()?;
    let api = format!("{}/graphql", server.uri());

    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (session, api) = (session.clone(), api.clone());
            tokio::spawn(async move {
                let request = session
                    .client()
                    .http()
                    .post(api)
                    .body(r#"{"query": "{ me { id } }"}"#);
                session.send(request).await.map(|r| r.status())
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await??, 200);
    }
    println!(
        "50 concurrent API calls, {} token request(s)",
        issued.load(Ordering::SeqCst)
    );

    // Another login for the same identity terminates our token: the next call meets a 401,
    // renews once and retries once.
    issued.fetch_add(1, Ordering::SeqCst);
    let status = session
        .send(session.client().http().post(&api))
        .await?
        .status();
    println!(
        "after the token was terminated elsewhere: HTTP {status}; tokens issued: {} (ours, the other login's, our one renewal)",
        issued.load(Ordering::SeqCst)
    );
    Ok(())
}

/// A token endpoint issuing `t1`, `t2`, … and an API that accepts only the latest.
async fn local_altrata() -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&issued);
    Mock::given(path("/oauth2/token"))
        .respond_with(move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            let body = format!(
                r#"{{"access_token": "t{n}", "expires_in": 28800, "token_type": "bearer"}}"#
            );
            ResponseTemplate::new(200).set_body_raw(body, "application/json")
        })
        .mount(&server)
        .await;
    let latest = Arc::clone(&issued);
    Mock::given(path("/graphql"))
        .respond_with(move |request: &Request| {
            let expected = format!("Bearer t{}", latest.load(Ordering::SeqCst));
            let given = request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok());
            let key = request
                .headers
                .get("x-api-key")
                .and_then(|v| v.to_str().ok());
            if given == Some(expected.as_str()) && key == Some("api-key") {
                ResponseTemplate::new(200)
                    .set_body_raw(r#"{"data": {"me": {"id": 1}}}"#, "application/json")
            } else {
                ResponseTemplate::new(401)
            }
        })
        .mount(&server)
        .await;
    (server, issued)
}
