//! Refresh tokens that lapse unused (`refresh_idle_lifetime`): the emulator refuses one idle
//! for longer, and a grant is refreshed before then by the session's background renewal, or
//! by its pool, even after the pool evicted the session from memory.
//!
//! The idle lifetime here is two seconds: a grant is due for a refresh 1.6 s after its token
//! arrived, and a pool looks every 200 ms.

use std::sync::Arc;
use std::time::Duration;

use auth_runtime::testkit::Emulator;
use auth_runtime::{MemoryStore, Provider, SecretString, Session, Sessions, TokenStore};
use auth_tests::until;

#[derive(Provider, Clone)]
#[oauth(
    grant = "password",
    encoding = "form",
    endpoint = "https://login.lapsing.example/oauth/token",
    renew = "refresh",
    refresh_idle_lifetime = "2s"
)]
struct Lapsing {
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

fn user() -> Lapsing {
    Lapsing {
        username: "ada".into(),
        password: SecretString::from("pw"),
    }
}

/// The grant types of the token requests the emulator received, in order.
fn grants(emulator: &Emulator<Lapsing>) -> Vec<String> {
    emulator
        .requests()
        .iter()
        .filter_map(|request| {
            url::form_urlencoded::parse(&request.body)
                .find(|(name, _)| name == "grant_type")
                .map(|(_, value)| value.into_owned())
        })
        .collect()
}

fn logins(emulator: &Emulator<Lapsing>) -> usize {
    grants(emulator).iter().filter(|g| *g == "password").count()
}

fn refreshes(emulator: &Emulator<Lapsing>) -> usize {
    grants(emulator)
        .iter()
        .filter(|g| *g == "refresh_token")
        .count()
}

#[test]
fn the_declared_idle_lifetime_is_in_the_providers_info() {
    assert_eq!(
        Lapsing::INFO.refresh_idle_lifetime(),
        Some(Duration::from_secs(2))
    );
}

#[tokio::test]
async fn the_emulator_refuses_a_refresh_token_left_unused_past_its_idle_lifetime() {
    let emulator = Emulator::start(user()).await.unwrap();
    let session = Session::builder(user())
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    session.token().await.unwrap();
    session.renew().await.unwrap();
    assert_eq!(grants(&emulator), ["password", "refresh_token"]);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    // The refresh is refused as lapsed; the session logs in again, as it would for any
    // refresh token the provider no longer takes.
    session.renew().await.unwrap();
    assert_eq!(
        grants(&emulator),
        ["password", "refresh_token", "refresh_token", "password"]
    );
}

#[tokio::test]
async fn a_background_renewal_refreshes_before_the_grant_lapses() {
    let emulator = Emulator::start(user()).await.unwrap();
    // The access token lasts an hour: only the idle lifetime makes it renew.
    let session = Session::builder(user())
        .client(emulator.client().unwrap())
        .renew_in_background()
        .build()
        .unwrap();
    session.token().await.unwrap();
    until("a refresh ahead of the idle lifetime", || {
        refreshes(&emulator) >= 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    session.renew().await.unwrap();
    assert_eq!(logins(&emulator), 1, "{:?}", grants(&emulator));
}

#[tokio::test]
async fn a_pool_keeps_alive_the_grant_of_a_session_that_renews_on_its_callers_path() {
    let emulator = Emulator::start(user()).await.unwrap();
    let client = emulator.client().unwrap();
    let pool = Sessions::builder(move |builder| builder.client(client.clone()))
        .build()
        .unwrap();
    let session = pool.get(user()).unwrap();
    session.token().await.unwrap();
    // Nobody calls for three seconds, past the idle lifetime.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(refreshes(&emulator) >= 1, "{:?}", grants(&emulator));
    session.renew().await.unwrap();
    assert_eq!(logins(&emulator), 1, "{:?}", grants(&emulator));
}

#[tokio::test]
async fn a_pool_keeps_alive_the_grant_of_a_session_it_evicted() {
    let emulator = Emulator::start(user()).await.unwrap();
    let client = emulator.client().unwrap();
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    let pool_store = Arc::clone(&store);
    let pool = Sessions::builder(move |builder| {
        builder
            .client(client.clone())
            .store(Arc::clone(&pool_store))
    })
    .idle_after(Duration::from_millis(500))
    .build()
    .unwrap();
    pool.get(user()).unwrap().token().await.unwrap();
    until("the eviction", || pool.is_empty() && pool.dormant() == 1).await;
    // Evicted, the session is made again to refresh its grant, then evicted again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(refreshes(&emulator) >= 1, "{:?}", grants(&emulator));
    let session = pool.get(user()).unwrap();
    session.renew().await.unwrap();
    assert_eq!(
        logins(&emulator),
        1,
        "the grant never lapsed: {:?}",
        grants(&emulator)
    );
}
