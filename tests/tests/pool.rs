//! A pool of sessions keyed by identity (`Sessions`): one session per identity, made on first
//! use; idle ones dropped from memory and their tokens reloaded from the store; a bound on the
//! background renewals in flight at once across the pool.

use std::sync::Arc;
use std::time::Duration;

use auth_runtime::testkit::Emulator;
use auth_runtime::{
    ExposeSecret, HealthState, MemoryStore, Provider, SecretString, Session, Sessions, TokenStore,
};
use auth_tests::*;
use providers::IAdvize;

fn agent(n: usize) -> IAdvize {
    IAdvize {
        username: format!("agent{n}@shop.example"),
        password: SecretString::from("pw"),
    }
}

async fn secret(session: &Session<IAdvize>) -> String {
    let token = session.token().await.unwrap();
    token.access_token().expose_secret().to_owned()
}

#[tokio::test]
async fn one_session_per_identity_made_on_first_use() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let client = client_for(&server);
    let pool = Sessions::builder(move |builder| builder.client(client.clone()))
        .build()
        .unwrap();
    assert_eq!(secret(&pool.get(agent(1)).unwrap()).await, "t1");
    assert_eq!(secret(&pool.get(agent(1)).unwrap()).await, "t1");
    assert_eq!(secret(&pool.get(agent(2)).unwrap()).await, "t2");
    assert_eq!(issuer.issued(), 2);
    for n in 3..1003 {
        pool.get(agent(n)).unwrap();
    }
    assert_eq!(pool.len(), 1002);
    // Each identity finds its own session, among neighbours that share its prefix (agent1,
    // agent10, agent100…) and, across 16 shards, its hash's bits.
    for n in 1..1003 {
        let key = Sessions::key_of(&agent(n));
        let found = pool.find(&key).expect("made above");
        assert_eq!(found.store_key().identity, key);
    }
    assert!(pool.find(&Sessions::key_of(&agent(5000))).is_none());
    assert_eq!(
        issuer.issued(),
        2,
        "a session logs in when first asked, not when made"
    );
}

#[tokio::test]
async fn an_evicted_session_comes_back_with_its_stored_token() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let client = client_for(&server);
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    let pool =
        Sessions::builder(move |builder| builder.client(client.clone()).store(Arc::clone(&store)))
            .build()
            .unwrap();
    assert_eq!(secret(&pool.get(agent(1)).unwrap()).await, "t1");
    assert_eq!(pool.evict_idle(Duration::ZERO), 1);
    assert!(pool.is_empty());
    assert_eq!(secret(&pool.get(agent(1)).unwrap()).await, "t1");
    assert_eq!(
        issuer.issued(),
        1,
        "reloaded from the store, not logged in again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_sessions_are_swept_from_memory() {
    let issuer = Issuer::new(3600, false);
    let server = issuing(&issuer).await;
    let client = client_for(&server);
    let pool = Sessions::builder(move |builder| builder.client(client.clone()))
        .idle_after(Duration::from_secs(1))
        .build()
        .unwrap();
    pool.get(agent(1)).unwrap();
    until("the sweep", || pool.is_empty()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_renewals_across_the_pool_are_bounded() {
    let issuer = Issuer::new(3600, false).delay(Duration::from_millis(400));
    let server = issuing(&issuer).await;
    let client = client_for(&server);
    let pool =
        Sessions::builder(move |builder| builder.client(client.clone()).renew_in_background())
            .max_concurrent_renewals(2)
            .build()
            .unwrap();
    let sessions: Vec<_> = (0..10).map(|n| pool.get(agent(n)).unwrap()).collect();
    // Ten first logins wait for two turns: within the first answer's 400 ms, two have started.
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(issuer.issued() <= 2, "{} logins at once", issuer.issued());
    until("every session's token", || {
        sessions
            .iter()
            .all(|s| s.health().state == HealthState::Fresh)
    })
    .await;
    assert_eq!(issuer.issued(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_on_the_callers_path_take_the_same_turns() {
    let issuer = Issuer::new(3600, false).delay(Duration::from_millis(400));
    let server = issuing(&issuer).await;
    let client = client_for(&server);
    let pool = Sessions::builder(move |builder| builder.client(client.clone()))
        .max_concurrent_renewals(2)
        .build()
        .unwrap();
    // Ten callers of ten identities at once, none renewing in the background: two at a time
    // send their login, whoever sends it.
    let callers: Vec<_> = (0..10)
        .map(|n| {
            let session = pool.get(agent(n)).unwrap();
            tokio::spawn(async move { session.token().await.map(drop) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(issuer.issued() <= 2, "{} logins at once", issuer.issued());
    for caller in callers {
        caller.await.unwrap().unwrap();
    }
    assert_eq!(issuer.issued(), 10);
}

/// A provider that limits each client's logins, whichever user logs in.
#[derive(Provider, Clone)]
#[oauth(
    grant = "password",
    encoding = "form",
    endpoint = "https://login.agency.example/oauth/token",
    login_rate_limit = "2/min",
    login_rate_limit_per = "client"
)]
struct Agency {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(username)]
    username: String,
    #[oauth(password)]
    password: SecretString,
}

fn agency_user(client: &str, n: usize) -> Agency {
    Agency {
        client_id: client.into(),
        username: format!("user{n}"),
        password: SecretString::from(format!("pw{n}")),
    }
}

/// An emulator of `Agency` that admits users 0 to 3 of clients `app` and `other`.
async fn agency() -> Emulator<Agency> {
    let emulator = Emulator::start(agency_user("app", 0)).await.unwrap();
    for (client, n) in [("app", 1), ("app", 2), ("app", 3), ("other", 0)] {
        emulator.admit(agency_user(client, n));
    }
    emulator
}

#[tokio::test]
async fn a_login_limit_counted_per_client_is_one_budget_across_the_pool() {
    let emulator = agency().await;
    let client = emulator.client().unwrap();
    let pool = Sessions::builder(move |builder| builder.client(client.clone()))
        .build()
        .unwrap();
    for n in 0..2 {
        let session = pool.get(agency_user("app", n)).unwrap();
        session.token_without_waiting().await.unwrap();
    }
    let third = pool.get(agency_user("app", 2)).unwrap();
    let refused = third.token_without_waiting().await.unwrap_err();
    assert!(
        matches!(refused, auth_runtime::Error::MustWait { .. }),
        "{refused:?}"
    );
    assert_eq!(emulator.issued(), 2, "the third login was never sent");
    // Another client's users have a budget of their own.
    let elsewhere = pool.get(agency_user("other", 0)).unwrap();
    elsewhere.token_without_waiting().await.unwrap();
    assert_eq!(emulator.issued(), 3);
}

#[tokio::test]
async fn the_emulator_counts_a_clients_logins_together() {
    let emulator = agency().await;
    // Sessions made apart count apart, and the emulator holds them to the client's budget.
    let session = |n| {
        Session::builder(agency_user("app", n))
            .client(emulator.client().unwrap())
            .retries(0, Duration::ZERO)
            .build()
            .unwrap()
    };
    session(0).token().await.unwrap();
    session(1).token().await.unwrap();
    let refused = session(2).token_without_waiting().await.unwrap_err();
    assert!(
        matches!(refused, auth_runtime::Error::RateLimited { .. }),
        "{refused:?}"
    );
    assert_eq!(emulator.issued(), 2);
    // A user the emulator was not told of is refused, not counted.
    let stranger = Session::builder(agency_user("app", 9))
        .client(emulator.client().unwrap())
        .build()
        .unwrap();
    assert!(stranger.token().await.is_err());
}
