//! Where authctl keeps tokens: the file cache by default, or a store several machines share
//! (`--store redis://…`, `--store postgres://…`), so that their scripts renew one identity's
//! token once between them.

use std::path::Path;
use std::sync::Arc;

use auth_runtime::{FileStore, PostgresStore, RedisStore, SecretString, StoreCipher, TokenStore};

use crate::failure::Failure;

/// The environment variable holding a shared store's sealing key (32 bytes, base64): a key on
/// the command line would be visible to every user of the machine (`ps`).
pub const KEY_VARIABLE: &str = "AUTHCTL_STORE_KEY";
/// The environment variable naming that key (default `k1`).
pub const KEY_ID_VARIABLE: &str = "AUTHCTL_STORE_KEY_ID";
/// The environment variable naming a PEM file of the CA certificates to trust for a store over
/// TLS (`rediss://`, `sslmode=require`) instead of the system's: a private CA.
pub const CA_VARIABLE: &str = "AUTHCTL_STORE_CA";

/// The shared store at `url`, under `namespace`, or else the file cache in `cache`.
pub async fn open(
    cache: &Path,
    url: Option<&str>,
    namespace: &str,
) -> Result<Arc<dyn TokenStore>, Failure> {
    let Some(url) = url else {
        return Ok(Arc::new(FileStore::new(cache)?));
    };
    let cipher = cipher()?;
    let roots = roots()?;
    if url.starts_with("redis://") || url.starts_with("rediss://") || url.starts_with("unix://") {
        let store = match &roots {
            Some(roots) => RedisStore::open_with_roots(url, namespace, cipher, roots)?,
            None => RedisStore::open(url, namespace, cipher)?,
        };
        return Ok(Arc::new(store));
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = match &roots {
            Some(roots) => PostgresStore::open_with_roots(url, namespace, cipher, roots)?,
            None => PostgresStore::open(url, namespace, cipher)?,
        };
        store.migrate().await?;
        return Ok(Arc::new(store));
    }
    Err(Failure::Usage(
        "--store takes a redis:// or postgres:// URL (the file cache is the default)".into(),
    ))
}

/// The CA certificates of [`CA_VARIABLE`]'s file, if it is set.
fn roots() -> Result<Option<Vec<u8>>, Failure> {
    let Some(path) = std::env::var_os(CA_VARIABLE) else {
        return Ok(None);
    };
    std::fs::read(&path).map(Some).map_err(|e| {
        Failure::Usage(format!(
            "{CA_VARIABLE}: cannot read {}: {e}",
            Path::new(&path).display()
        ))
    })
}

fn cipher() -> Result<StoreCipher, Failure> {
    let key = std::env::var(KEY_VARIABLE).map_err(|_| {
        Failure::Usage(format!(
            "a shared store seals tokens with a key: set {KEY_VARIABLE} to 32 random bytes in base64 (e.g. `openssl rand -base64 32`)"
        ))
    })?;
    let id = std::env::var(KEY_ID_VARIABLE).unwrap_or_else(|_| "k1".into());
    Ok(StoreCipher::from_base64(&id, &SecretString::from(key))?)
}
