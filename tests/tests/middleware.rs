//! The reqwest-middleware layer: every request authenticated through the session, one renewal
//! and one retry on a 401, none on a 403: the rule of `Session::send`, which it shares.

use auth_runtime::{SecretString, Session, SessionMiddleware};
use auth_tests::*;
use providers::Altrata;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn altrata() -> Altrata {
    Altrata {
        username: "user".into(),
        password: SecretString::from("pw"),
        api_key: SecretString::from("key"),
    }
}

/// A token endpoint, an API answering as `api` says (given the issuer), and a client whose
/// requests go through a session.
async fn setup<R: wiremock::Respond + 'static>(
    api: impl FnOnce(&Issuer) -> R,
) -> (MockServer, Issuer, reqwest_middleware::ClientWithMiddleware) {
    let issuer = Issuer::new(28800, false);
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(issuer.clone())
        .mount(&server)
        .await;
    Mock::given(path("/graphql"))
        .respond_with(api(&issuer))
        .mount(&server)
        .await;
    let session = Session::builder(altrata())
        .client(client_for(&server))
        .build()
        .unwrap();
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(SessionMiddleware::new(session))
        .build();
    (server, issuer, client)
}

#[tokio::test]
async fn requests_carry_the_token_and_api_headers_and_a_401_is_retried_once() {
    let (server, issuer, client) = setup(|issuer| LatestTokenOnly(issuer.clone())).await;
    let api = format!("{}/graphql", server.uri());

    assert_eq!(
        client.post(&api).body("{}").send().await.unwrap().status(),
        200
    );
    client_for(&server).login(&altrata()).await.unwrap(); // another login terminates ours
    assert_eq!(
        client.post(&api).body("{}").send().await.unwrap().status(),
        200
    );

    let calls: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/graphql")
        .collect();
    assert_eq!(
        calls.len(),
        3,
        "first call, the rejected call, its one retry"
    );
    assert_eq!(
        header(&calls[0], "authorization").as_deref(),
        Some("Bearer t1")
    );
    assert_eq!(
        header(&calls[1], "authorization").as_deref(),
        Some("Bearer t1")
    );
    assert_eq!(
        header(&calls[2], "authorization").as_deref(),
        Some("Bearer t3")
    );
    assert!(calls
        .iter()
        .all(|c| header(c, "x-api-key").as_deref() == Some("key")));
    assert_eq!(issuer.issued(), 3);
}

#[tokio::test]
async fn a_persistent_401_is_returned_after_one_retry() {
    let (server, issuer, client) = setup(|_| ResponseTemplate::new(401)).await;
    let response = client
        .post(format!("{}/graphql", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(issuer.issued(), 2, "one login, one renewal, no loop");
}

#[tokio::test]
async fn a_403_is_returned_without_renewing() {
    let (server, issuer, client) = setup(|_| ResponseTemplate::new(403)).await;
    let response = client
        .post(format!("{}/graphql", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(issuer.issued(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_401s_renew_once() {
    let (server, issuer, client) = setup(|issuer| LatestTokenOnly(issuer.clone())).await;
    let api = format!("{}/graphql", server.uri());
    assert_eq!(client.post(&api).send().await.unwrap().status(), 200);
    client_for(&server).login(&altrata()).await.unwrap(); // kills t1
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            let api = api.clone();
            tokio::spawn(async move { client.post(api).send().await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().status(), 200);
    }
    assert_eq!(issuer.issued(), 3, "t1, the intruder's t2, and one renewal");
}
