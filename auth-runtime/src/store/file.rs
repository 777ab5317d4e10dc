//! A [`TokenStore`] in files: one JSON file per identity under a directory of the user's, so
//! that tokens survive between runs of a program (and of `authctl`).
//!
//! - Files are created with mode 0600 from the start (never chmod-ed afterwards), in a
//!   directory created 0700. They hold access and refresh tokens in clear: anyone who can read
//!   them can use the tokens, exactly like the owner.
//! - Writes are atomic: a temporary file in the same directory, fsync, rename, fsync of the
//!   directory. A crash leaves the old content or the new, never a torn one.
//! - The renewal lease is an exclusive lock on a `.lock` file beside the token's, which the
//!   operating system releases when its process dies: no deadline is needed, and a waiter
//!   polls for it with a backoff. A conditional save compares the version inside the file
//!   under a second, short lock (`.write`), so that a writer outside a renewal (`authctl
//!   authorize`) cannot interleave with a renewer's save.
//! - Token and lock files are never opened through a symbolic link (`O_NOFOLLOW`): a link
//!   planted in the directory by another local user cannot make a renewal create or overwrite
//!   a file elsewhere, nor feed the session a token of its choosing. Such a file is
//!   [`Error::UnsafeStoreFile`].
//! - A file is named by a hash of its key (provider, origin, non-secret identity); the key is
//!   kept inside to detect collisions. A corrupt or unreadable file is reported and replaced
//!   at the next save, never a crash.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;

use super::lease::{acquire, LeaseHolder};
use super::record::{self, stem};
use super::{Lease, LeaseTerms, Saved, StoreKey, StoredToken, TokenStore, Turn, Versioned};
use crate::error::Error;

/// Tokens in files under one directory.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
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
        self.dir.join(format!("{}.json", stem(key)))
    }

    fn lock_path(&self, key: &StoreKey, kind: &str) -> PathBuf {
        self.dir.join(format!("{}.{kind}", stem(key)))
    }

    fn read(&self, key: &StoreKey) -> Result<Option<Versioned>, Error> {
        let path = self.path_for(key);
        let bytes = match read_no_follow(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(store_error("cannot read", &path, e)),
        };
        match record::decode(key, &bytes) {
            // A file from before versions were kept is version 1: it was saved once.
            Ok((token, version)) => Ok(Some(Versioned {
                token,
                version: version.unwrap_or(1).max(1),
            })),
            Err(why) => {
                tracing::warn!(path = %path.display(), "{}", why.describe());
                Ok(None)
            }
        }
    }

    /// Compares and writes under the `.write` lock: the version read is the version replaced.
    fn write_if(&self, key: &StoreKey, token: &StoredToken, expected: u64) -> Result<Saved, Error> {
        let lock_path = self.lock_path(key, "write");
        let lock = open_private(&lock_path, false)
            .map_err(|e| store_error("cannot open", &lock_path, e))?;
        lock.lock()
            .map_err(|e| store_error("cannot lock", &lock_path, e))?;
        let current = self.read(key)?;
        let found = current.as_ref().map_or(0, |stored| stored.version);
        if found != expected {
            return Ok(Saved::Conflict { current });
        }
        let version = found.saturating_add(1);
        self.write(key, &record::encode(key, token, Some(version))?)?;
        Ok(Saved::Stored { version })
    }

    fn write(&self, key: &StoreKey, body: &[u8]) -> Result<(), Error> {
        let path = self.path_for(key);
        let temporary = self.dir.join(format!(
            ".{}.{}.{}.tmp",
            stem(key),
            std::process::id(),
            crate::random::random_token(6)?
        ));
        let result = write_new_private(&temporary, body)
            .and_then(|()| std::fs::rename(&temporary, &path))
            .and_then(|()| sync_dir(&self.dir));
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        result.map_err(|e| store_error("cannot write", &path, e))
    }

    /// One try at the `.lock` file's exclusive lock.
    fn try_lease(path: &Path) -> Result<Option<FileLease>, Error> {
        let file = open_private(path, false).map_err(|e| store_error("cannot open", path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(FileLease(file))),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(store_error("cannot lock", path, e)),
        }
    }
}

/// A held `.lock` file: released when closed, by its process or by the operating system.
struct FileLease(File);

#[async_trait]
impl LeaseHolder for FileLease {
    async fn extend(&self, _ttl: Duration) -> Result<bool, Error> {
        Ok(true) // The lock has no deadline: it lasts as long as its process.
    }

    async fn release(self: Box<Self>) -> Result<(), Error> {
        drop(self.0);
        Ok(())
    }
}

#[async_trait]
impl TokenStore for FileStore {
    async fn load(&self, key: &StoreKey) -> Result<Option<Versioned>, Error> {
        let (store, key) = (self.clone(), key.clone());
        blocking(move || store.read(&key)).await
    }

    async fn save_if(
        &self,
        key: &StoreKey,
        token: &StoredToken,
        expected: u64,
    ) -> Result<Saved, Error> {
        let (store, key, token) = (self.clone(), key.clone(), token.clone());
        blocking(move || store.write_if(&key, &token, expected)).await
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

    async fn lease(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Lease, Error> {
        let path = self.lock_path(key, "lock");
        let held = acquire(
            "file",
            false,
            terms,
            || {
                let path = path.clone();
                blocking(move || FileStore::try_lease(&path))
            },
            None,
        )
        .await?;
        Ok(Lease::held(held, terms.ttl))
    }

    /// Waits for the lock itself: the processes of one machine hear no releases, and taking
    /// a free lock and reading a file cost microseconds, so a herd may queue for it.
    async fn take_turn(&self, key: &StoreKey, terms: LeaseTerms) -> Result<Turn, Error> {
        self.lease(key, terms).await.map(Turn::Leased)
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
