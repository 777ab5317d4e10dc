//! The fleet tests' processes: each a `fleet_worker` (this crate's binary) holding one session
//! on a shared store, started, released at once, and read back by the test.
//!
//! A worker prints `ready` once its session is built, waits for a line on its standard input,
//! then runs its job and prints one JSON line: how many calls were served, the typed errors it
//! got (by variant), and a fingerprint of each distinct token it was handed (a truncated
//! SHA-256, never the token).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use auth_runtime::{Saved, SecretString, StoreKey, TokenStore};
use providers::{Altrata, Tali};

/// The sealing key every worker of a test shares, base64.
pub const FLEET_KEY: &str = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio";

/// The Altrata identity of the fleet tests: a new token revokes the old one.
pub fn altrata() -> Altrata {
    Altrata {
        username: "fleet".into(),
        password: SecretString::from("pw"),
        api_key: SecretString::from("key"),
    }
}

/// The Tali identity of the fleet tests: an authorization code's token, whose refresh token
/// rotates at every refresh. A lost refresh token cannot be made up for by a login: only the
/// user could authorize again.
pub fn tali() -> Tali {
    Tali {
        base_url: "https://tali.example.com".into(),
        client_id: "fleet".into(),
        client_secret: SecretString::from("cs"),
        redirect_uri: "https://app.example/cb".into(),
    }
}

/// The sealing cipher of the fleet tests' stores.
pub fn cipher() -> auth_runtime::StoreCipher {
    auth_runtime::StoreCipher::from_base64("fleet", &SecretString::from(FLEET_KEY)).unwrap()
}

/// A token's fingerprint, for reports that must not carry the token: 64 bits of its SHA-256,
/// in hex.
pub fn fingerprint(token: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(token.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Makes the token stored under `key` expired, so that every process that starts finds it due.
pub async fn expire_stored(store: &dyn TokenStore, key: &StoreKey) {
    let stored = store.load(key).await.unwrap().expect("a stored token");
    let mut expired = stored.token.clone();
    expired.expires_at = std::time::SystemTime::now() - Duration::from_secs(10);
    let saved = store.save_if(key, &expired, stored.version).await.unwrap();
    assert!(matches!(saved, Saved::Stored { .. }), "{saved:?}");
}

/// What a worker does once released.
#[derive(Debug, Clone)]
pub struct Job {
    /// `altrata` or `tali`.
    pub provider: &'static str,
    /// The emulator's origin.
    pub origin: String,
    /// The store's URL: `redis://…` or `postgres://…`.
    pub store: String,
    /// The store's namespace.
    pub namespace: String,
    /// `herd:<tasks>` (that many concurrent `token()` calls), or `renew:<n>` (`n` forced
    /// renewals in a row, each followed by a `token()`), or `background:<ms>` (a session renewing
    /// in the background with a one-second margin, read every 5 ms for that long).
    pub mode: String,
    /// The renewal lease's time to live.
    pub lease_ttl: Duration,
}

/// A running worker.
pub struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    /// Starts `program` (`env!("CARGO_BIN_EXE_fleet_worker")`, which only a test knows) on
    /// `job`, and waits until its session is built.
    pub fn start(program: &str, job: &Job) -> Worker {
        let mut child = Command::new(program)
            .args([
                job.provider,
                &job.origin,
                &job.store,
                &job.namespace,
                &job.mode,
            ])
            .arg(job.lease_ttl.as_millis().to_string())
            .env("FLEET_KEY", FLEET_KEY)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the fleet worker starts");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut worker = Worker {
            child,
            stdin,
            stdout,
        };
        assert_eq!(worker.line(), "ready");
        worker
    }

    /// Releases it.
    pub fn go(&mut self) {
        let stdin = self.stdin.as_mut().expect("released once");
        writeln!(stdin, "go").expect("the worker reads its input");
        stdin.flush().expect("the worker reads its input");
    }

    /// Its report, once it is done.
    pub fn report(mut self) -> serde_json::Value {
        let line = self.line();
        let _ = self.child.wait();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("a worker said {line:?}: {e}"))
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills it (SIGKILL), wherever it is.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("the worker writes its output");
        line.trim().to_owned()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
