//! A [`TokenStore`] in files: one JSON file per identity under a directory of the user's, so
//! that tokens survive between runs of a program (and of `authctl`).
//!
//! - Files are created with mode 0600 from the start (never chmod-ed afterwards), in a
//!   directory created 0700. They hold access and refresh tokens in clear: anyone who can read
//!   them can use the tokens, exactly like the owner.
//! - Writes are atomic: a temporary file in the same directory, fsync, rename, fsync of the
//!   directory. A crash leaves the old content or the new, never a torn one.
//! - Renewals are serialised across processes by an exclusive lock on a `.lock` file beside
//!   the token's.
//! - Token and lock files are never opened through a symbolic link (`O_NOFOLLOW`): a link
//!   planted in the directory by another local user cannot make a renewal create or overwrite
//!   a file elsewhere, nor feed the session a token of its choosing. Such a file is
//!   [`Error::UnsafeStoreFile`].
//! - A file is named by a hash of its key (provider, origin, non-secret identity); the key is
//!   kept inside to detect collisions. A corrupt or unreadable file is reported and replaced
//!   at the next save, never a crash.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{RenewalLock, StoreKey, StoredToken, TokenStore};
use crate::error::Error;

/// Tokens in files under one directory.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

/// The file's content. Secrets are exposed here, on purpose: this is what the file holds.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    access_token: String,
    token_type: String,
    received_at: u64,
    expires_at: u64,
    lifetime_known: bool,
    #[serde(default)]
    never_expires: bool,
    refresh_token: Option<String>,
    scope: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

impl FileStore {
    /// A store in `dir`, created (mode 0700) if it does not exist.
    pub fn new(dir: impl Into<PathBuf>) -> Result<FileStore, Error> {
        let dir = dir.into();
        create_private_dir(&dir)?;
        Ok(FileStore { dir })
    }

    /// The directory tokens are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file holding `key`'s token.
    pub fn path_for(&self, key: &StoreKey) -> PathBuf {
        self.dir.join(format!("{}.json", file_stem(key)))
    }

    fn lock_path(&self, key: &StoreKey) -> PathBuf {
        self.dir.join(format!("{}.lock", file_stem(key)))
    }

    fn read(&self, key: &StoreKey) -> Result<Option<StoredToken>, Error> {
        let path = self.path_for(key);
        let bytes = match read_no_follow(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(store_error("cannot read", &path, e)),
        };
        let entry: Entry = match serde_json::from_slice(&bytes) {
            Ok(entry) => entry,
            Err(_) => {
                tracing::warn!(path = %path.display(), "token file is corrupt; it will be replaced");
                return Ok(None);
            }
        };
        if entry.key != key.to_string() {
            return Ok(None);
        }
        if !entry.access_token.bytes().all(|b| b.is_ascii_graphic()) {
            tracing::warn!(path = %path.display(), "token file holds a token that is no header value; it will be replaced");
            return Ok(None);
        }
        Ok(Some(stored(entry)))
    }

    fn write(&self, key: &StoreKey, token: &StoredToken) -> Result<(), Error> {
        let path = self.path_for(key);
        let body = serde_json::to_vec_pretty(&entry(key, token))
            .map_err(|e| Error::store("cannot encode the token", e))?;
        let temporary = self.dir.join(format!(
            ".{}.{}.{}.tmp",
            file_stem(key),
            std::process::id(),
            crate::random::random_token(6)?
        ));
        let result = write_new_private(&temporary, &body)
            .and_then(|()| std::fs::rename(&temporary, &path))
            .and_then(|()| sync_dir(&self.dir));
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        result.map_err(|e| store_error("cannot write", &path, e))
    }
}

#[async_trait]
impl TokenStore for FileStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<StoredToken>, Error> {
        let (store, key) = (self.clone(), key.clone());
        blocking(move || store.read(&key)).await
    }

    async fn save(&self, key: &StoreKey, token: &StoredToken) -> Result<(), Error> {
        let (store, key, token) = (self.clone(), key.clone(), token.clone());
        blocking(move || store.write(&key, &token)).await
    }

    async fn remove(&self, key: &StoreKey) -> Result<(), Error> {
        let path = self.path_for(key);
        blocking(move || match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(store_error("cannot remove", &path, e))
            }
            _ => Ok(()),
        })
        .await
    }

    async fn lock_renewal(&self, key: &StoreKey) -> Result<RenewalLock, Error> {
        let path = self.lock_path(key);
        blocking(move || {
            let file =
                open_private(&path, false).map_err(|e| store_error("cannot open", &path, e))?;
            file.lock()
                .map_err(|e| store_error("cannot lock", &path, e))?;
            Ok(RenewalLock::held(file))
        })
        .await
    }
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::store("file task failed", e))?
}

/// A name for `key` that says nothing of it: the first 128 bits of its SHA-256, in hex.
fn file_stem(key: &StoreKey) -> String {
    let digest = Sha256::digest(key.to_string().as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn store_error(what: &str, path: &Path, error: std::io::Error) -> Error {
    if is_symlink_refusal(path, &error) {
        return Error::UnsafeStoreFile {
            path: path.display().to_string(),
            reason: "it is a symbolic link, which the store never follows",
        };
    }
    Error::store(format!("{what} {}", path.display()), error)
}

/// Whether opening `path` failed because it is a symbolic link (`ELOOP` under `O_NOFOLLOW`).
fn is_symlink_refusal(path: &Path, error: &std::io::Error) -> bool {
    #[cfg(unix)]
    if error.raw_os_error() == Some(libc::ELOOP) {
        return true;
    }
    let _ = error;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Options that never follow a symbolic link at the last component of the path.
fn no_follow(options: &mut OpenOptions) {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(options, libc::O_NOFOLLOW);
    let _ = options;
}

/// Reads a whole file, refusing a symbolic link.
fn read_no_follow(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut options = OpenOptions::new();
    options.read(true);
    no_follow(&mut options);
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut options.open(path)?, &mut bytes)?;
    Ok(bytes)
}

fn create_private_dir(dir: &Path) -> Result<(), Error> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| store_error("cannot create", dir, e))
}

/// Opens `path` for writing, creating it with mode 0600 (and, with `new`, failing if it
/// exists): the permissions are right from the first byte.
fn open_private(path: &Path, new: bool) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true).truncate(false);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    no_follow(&mut options);
    options.open(path)
}

fn write_new_private(path: &Path, body: &[u8]) -> std::io::Result<()> {
    let mut file = open_private(path, true)?;
    file.write_all(body)?;
    file.sync_all()
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    let _ = dir;
    Ok(())
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

fn from_unix_seconds(seconds: u64) -> SystemTime {
    // A file's time far in the future is clamped (a year 2500 expiry is as good as never).
    let seconds = seconds.min(u64::from(u32::MAX).saturating_mul(4));
    UNIX_EPOCH
        .checked_add(Duration::from_secs(seconds))
        .unwrap_or(UNIX_EPOCH)
}

fn entry(key: &StoreKey, token: &StoredToken) -> Entry {
    Entry {
        key: key.to_string(),
        access_token: token.access_token.expose_secret().to_owned(),
        token_type: token.token_type.clone(),
        received_at: unix_seconds(token.received_at),
        expires_at: unix_seconds(token.expires_at),
        lifetime_known: token.lifetime_known,
        never_expires: token.never_expires,
        refresh_token: token
            .refresh_token
            .as_ref()
            .map(|t| t.expose_secret().to_owned()),
        scope: token.scope.clone(),
        extra: token.extra.clone(),
    }
}

fn stored(entry: Entry) -> StoredToken {
    StoredToken {
        access_token: SecretString::from(entry.access_token),
        token_type: entry.token_type,
        received_at: from_unix_seconds(entry.received_at),
        expires_at: from_unix_seconds(entry.expires_at),
        lifetime_known: entry.lifetime_known,
        never_expires: entry.never_expires,
        refresh_token: entry.refresh_token.map(SecretString::from),
        scope: entry.scope,
        extra: entry.extra,
    }
}
