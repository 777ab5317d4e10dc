//! The file store: private files from the first byte, atomic replacement, corrupt files
//! replaced, keys without secrets, and one renewal between two sessions sharing it.

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::time::Duration;

use auth_runtime::{ExposeSecret, FileStore, SecretString, Session, TokenStore};
use auth_tests::*;
use providers::IAdvize;

fn iadvize() -> IAdvize {
    IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("the-password"),
    }
}

async fn session_on(store: &FileStore, server: &wiremock::MockServer) -> Session<IAdvize> {
    Session::builder(iadvize())
        .client(client_for(server))
        .store(Arc::new(store.clone()))
        .build()
        .unwrap()
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn tokens_are_saved_in_private_files_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path().join("tokens")).unwrap();
    assert_eq!(mode(store.dir()), 0o700);
    let issuer = Issuer::new(3600, true);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/unused",
        wiremock::ResponseTemplate::new(404),
    )
    .await;

    let session = session_on(&store, &server).await;
    session.token().await.unwrap();
    let path = store.path_for(session.store_key());
    assert_eq!(mode(&path), 0o600);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("the-password"), "only tokens are stored");
    assert!(
        !path.to_string_lossy().contains("agent"),
        "the file name says nothing of the key"
    );

    let stored = store.load(session.store_key()).await.unwrap().unwrap();
    assert_eq!(stored.token.access_token.expose_secret(), "t1");
    assert_eq!(
        stored
            .token
            .refresh_token
            .as_ref()
            .map(|t| t.expose_secret()),
        Some("r1")
    );
    let left = stored
        .token
        .expires_at
        .duration_since(std::time::SystemTime::now())
        .unwrap();
    assert!(left > Duration::from_secs(3590) && left <= Duration::from_secs(3600));

    // A new session (a new run of a program) reuses it without a request.
    let again = session_on(&store, &server).await;
    assert_eq!(
        again.token().await.unwrap().access_token().expose_secret(),
        "t1"
    );
    assert_eq!(issuer.issued(), 1);
}

#[tokio::test]
async fn replacing_a_token_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path()).unwrap();
    let issuer = Issuer::new(3600, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/unused",
        wiremock::ResponseTemplate::new(404),
    )
    .await;
    let session = session_on(&store, &server).await;
    for _ in 0..5 {
        session.renew().await.unwrap();
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".json") || n.ends_with(".lock") || n.ends_with(".write")),
        "{names:?}"
    );
    let stored = store.load(session.store_key()).await.unwrap().unwrap();
    assert_eq!(stored.token.access_token.expose_secret(), "t5");
}

#[tokio::test]
async fn a_corrupt_file_is_replaced_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path()).unwrap();
    let issuer = Issuer::new(3600, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/unused",
        wiremock::ResponseTemplate::new(404),
    )
    .await;
    let session = session_on(&store, &server).await;
    let path = store.path_for(session.store_key());
    std::fs::write(&path, b"{\"key\": truncated").unwrap();

    assert!(store.load(session.store_key()).await.unwrap().is_none());
    assert_eq!(
        session
            .token()
            .await
            .unwrap()
            .access_token()
            .expose_secret(),
        "t1"
    );
    assert!(
        store.load(session.store_key()).await.unwrap().is_some(),
        "replaced by the new token"
    );
}

#[tokio::test]
async fn forgetting_removes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path()).unwrap();
    let issuer = Issuer::new(3600, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/unused",
        wiremock::ResponseTemplate::new(404),
    )
    .await;
    let session = session_on(&store, &server).await;
    session.token().await.unwrap();
    session.forget().await.unwrap();
    assert!(!store.path_for(session.store_key()).exists());
    session.forget().await.unwrap();
}

#[test]
fn two_sessions_sharing_the_store_renew_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path()).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let issuer = Issuer::new(3600, false).delay(Duration::from_millis(200));
    let server = runtime.block_on(token_and_api(
        "/oauth2/token",
        &issuer,
        "/unused",
        wiremock::ResponseTemplate::new(404),
    ));
    let origin = server.uri();

    // Two "processes": separate runtimes on separate threads, each with its own session.
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let store = store.clone();
            let origin = origin.clone();
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Runtime::new().unwrap();
                runtime.block_on(async {
                    let session = Session::builder(iadvize())
                        .client(client_at(&origin))
                        .store(Arc::new(store))
                        .build()
                        .unwrap();
                    session
                        .token()
                        .await
                        .unwrap()
                        .access_token()
                        .expose_secret()
                        .to_owned()
                })
            })
        })
        .collect();
    let tokens: Vec<String> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    assert_eq!(tokens, ["t1", "t1"]);
    assert_eq!(
        issuer.issued(),
        1,
        "the second waited on the lock and took the stored token"
    );
}

/// A store in a new directory, a token endpoint, and an iAdvize session on both.
async fn iadvize_on_a_new_store() -> (
    tempfile::TempDir,
    FileStore,
    wiremock::MockServer,
    Session<IAdvize>,
) {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path().join("tokens")).unwrap();
    let issuer = Issuer::new(3600, false);
    let server = token_and_api(
        "/oauth2/token",
        &issuer,
        "/unused",
        wiremock::ResponseTemplate::new(404),
    )
    .await;
    let session = session_on(&store, &server).await;
    (dir, store, server, session)
}

/// The lock file beside a token file.
fn lock_path_of(token_path: &std::path::Path) -> std::path::PathBuf {
    token_path.with_extension("lock")
}

#[tokio::test]
async fn a_planted_symlink_for_the_lock_is_refused_and_its_target_never_created() {
    let (dir, store, server, session) = iadvize_on_a_new_store().await;
    let target = dir.path().join("elsewhere-created-by-the-store");
    let lock = lock_path_of(&store.path_for(session.store_key()));
    std::os::unix::fs::symlink(&target, &lock).unwrap();

    let error = session.token().await.unwrap_err();
    assert!(
        matches!(error, auth_runtime::Error::UnsafeStoreFile { .. }),
        "{error:?}"
    );
    assert!(!target.exists(), "the link's target was created");
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "no renewal without the lock"
    );
}

#[tokio::test]
async fn a_planted_symlink_for_the_token_file_is_neither_read_nor_followed() {
    let (dir, store, _server, session) = iadvize_on_a_new_store().await;
    // A token file of the attacker's choosing, linked where the session's belongs.
    let planted = dir.path().join("planted.json");
    let key = session.store_key().to_string();
    std::fs::write(
        &planted,
        format!(r#"{{"key":{key:?},"access_token":"attacker","token_type":"Bearer","received_at":0,"expires_at":99999999999,"lifetime_known":true,"refresh_token":null,"scope":null}}"#),
    )
    .unwrap();
    std::os::unix::fs::symlink(&planted, store.path_for(session.store_key())).unwrap();

    let error = store.load(session.store_key()).await.unwrap_err();
    assert!(
        matches!(error, auth_runtime::Error::UnsafeStoreFile { .. }),
        "{error:?}"
    );
    let shown = match session.token().await {
        Ok(token) => token.access_token().expose_secret().to_owned(),
        Err(error) => format!("{error}"),
    };
    assert_ne!(shown, "attacker", "a planted token was adopted");
}
