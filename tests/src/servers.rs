//! Private Redis and PostgreSQL servers for the store tests: each started by the test itself on
//! an ephemeral loopback port, in a temporary directory, so that a test may kill or restart it.
//!
//! `.ci/run` installs `redis-server` (Debian's package) where it is missing; PostgreSQL's
//! `initdb`, `pg_ctl` and `postgres` come from the machine image (or Debian's `postgresql`).
//! PostgreSQL refuses to run as root: where the tests run as root, its directory is given to
//! the `postgres` user (or `nobody`) and the server runs as that user (`setpriv`).

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A port free on 127.0.0.1 at the moment of asking.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

/// Waits until `127.0.0.1:port` accepts connections, or panics after `limit`.
fn wait_for_port(port: u16, limit: Duration, what: &str) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < limit,
            "{what} did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn find(program: &str, also: &[&str]) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .chain(also.iter().map(PathBuf::from))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("{program} is not installed (.ci/run installs it)"))
}

/// A private certificate authority and a server certificate it signed, for `localhost` and
/// 127.0.0.1, in PEM files of a temporary directory.
pub struct TestCa {
    dir: tempfile::TempDir,
    /// The CA's certificate: what a client trusts.
    pub root_pem: String,
    /// The CA itself, to sign client certificates (mutual TLS).
    issuer: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
}

impl TestCa {
    /// A new CA and server certificate.
    pub fn new() -> TestCa {
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "auth-tests private CA");
        let ca_key = rcgen::KeyPair::generate().expect("a CA key");
        let ca = rcgen::CertifiedIssuer::self_signed(ca, ca_key).expect("the CA certificate");
        let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
        let server = rcgen::CertificateParams::new(names).expect("server parameters");
        let server_key = rcgen::KeyPair::generate().expect("a server key");
        let certificate = server
            .signed_by(&server_key, &ca)
            .expect("the server certificate");
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("server.pem"), certificate.pem()).expect("written");
        std::fs::write(dir.path().join("server.key"), server_key.serialize_pem()).expect("written");
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).expect("written");
        TestCa {
            dir,
            root_pem: ca.pem(),
            issuer: ca,
        }
    }

    /// A client certificate for the common name `name`, signed by this CA, and its key: both
    /// PEM, for mutual TLS.
    pub fn client_certificate(&self, name: &str) -> (String, String) {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("parameters");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
        let key = rcgen::KeyPair::generate().expect("a client key");
        let certificate = params
            .signed_by(&key, &self.issuer)
            .expect("the client certificate");
        (certificate.pem(), key.serialize_pem())
    }

    /// The directory holding `ca.pem`, `server.pem` and `server.key`.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn certificate(&self) -> PathBuf {
        self.dir.path().join("server.pem")
    }

    fn key(&self) -> PathBuf {
        self.dir.path().join("server.key")
    }
}

impl Default for TestCa {
    fn default() -> Self {
        TestCa::new()
    }
}

/// A private `redis-server`, durable (an append-only file) so that a restart loses nothing
/// saved.
pub struct RedisServer {
    dir: tempfile::TempDir,
    port: u16,
    fsync: &'static str,
    /// Served over TLS only, with this CA's certificate.
    tls: Option<TestCa>,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts one that syncs its append-only file at every write (`appendfsync always`): not
    /// even a power loss loses an acknowledged save.
    pub fn start() -> RedisServer {
        RedisServer::start_syncing("always")
    }

    /// Starts one with another `appendfsync` policy: `everysec` (Redis' default for its
    /// append-only file) still loses nothing when only the process dies, as every write reaches
    /// the operating system before it is acknowledged.
    pub fn start_syncing(fsync: &'static str) -> RedisServer {
        let mut server = RedisServer {
            dir: tempfile::tempdir().expect("temporary directory"),
            port: free_port(),
            fsync,
            tls: None,
            child: None,
        };
        server.launch();
        server
    }

    /// Starts one that speaks TLS only (its plain port is off), with a certificate of a
    /// private CA: [`RedisServer::tls_url`], [`RedisServer::root_pem`].
    pub fn start_tls() -> RedisServer {
        let mut server = RedisServer {
            dir: tempfile::tempdir().expect("temporary directory"),
            port: free_port(),
            fsync: "always",
            tls: Some(TestCa::new()),
            child: None,
        };
        server.launch();
        server
    }

    /// `rediss://127.0.0.1:port/`, for a server started with [`RedisServer::start_tls`].
    pub fn tls_url(&self) -> String {
        format!("rediss://127.0.0.1:{}/", self.port)
    }

    /// The certificate of the CA a TLS server's certificate is signed by.
    pub fn root_pem(&self) -> &str {
        &self.tls.as_ref().expect("a TLS server").root_pem
    }

    fn launch(&mut self) {
        let mut command = Command::new(find("redis-server", &["/usr/bin/redis-server"]));
        match &self.tls {
            None => command.args(["--port", &self.port.to_string()]),
            Some(ca) => command
                .args(["--port", "0", "--tls-port", &self.port.to_string()])
                .arg("--tls-cert-file")
                .arg(ca.certificate())
                .arg("--tls-key-file")
                .arg(ca.key())
                .args(["--tls-auth-clients", "no"]),
        };
        let child = command
            .args(["--bind", "127.0.0.1"])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                self.fsync,
            ])
            .args(["--protected-mode", "no", "--daemonize", "no"])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        wait_for_port(self.port, Duration::from_secs(10), "redis-server");
    }

    /// `redis://127.0.0.1:port/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kills it (SIGKILL): connections break, nothing is answered.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and data.
    pub fn restart(&mut self) {
        self.kill();
        self.launch();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A private PostgreSQL server, with trust authentication on loopback for the user `auth`.
pub struct PostgresServer {
    dir: tempfile::TempDir,
    port: u16,
    bin: PathBuf,
    user: Option<String>,
    /// Also served over TLS, with this CA's certificate.
    tls: Option<TestCa>,
    child: Option<Child>,
}

impl PostgresServer {
    /// Creates a cluster and starts it.
    pub fn start() -> PostgresServer {
        PostgresServer::create(None)
    }

    /// The same, with TLS on (beside plain connections), its certificate signed by a private
    /// CA: [`PostgresServer::tls_url`], [`PostgresServer::root_pem`].
    pub fn start_tls() -> PostgresServer {
        PostgresServer::create(Some(TestCa::new()))
    }

    /// `postgres://auth@127.0.0.1:port/postgres?sslmode=require`.
    pub fn tls_url(&self) -> String {
        format!("{}?sslmode=require", self.url())
    }

    /// The certificate of the CA the server's certificate is signed by.
    pub fn root_pem(&self) -> &str {
        &self.tls.as_ref().expect("a TLS server").root_pem
    }

    fn create(tls: Option<TestCa>) -> PostgresServer {
        let bin = postgres_bin();
        let dir = tempfile::tempdir().expect("temporary directory");
        let user = run_as();
        if let Some(user) = &user {
            give_to(dir.path(), user);
        }
        let data = dir.path().join("data");
        let status = as_user(&user, &bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", "auth", "--auth=trust", "-E", "UTF8", "--no-sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("initdb runs");
        assert!(status.success(), "initdb failed");
        if let Some(ca) = &tls {
            // TLS only: every `host` line of the authentication rules becomes `hostssl`.
            let rules = data.join("pg_hba.conf");
            let text = std::fs::read_to_string(&rules).expect("pg_hba.conf");
            let text = text.replace("\nhost ", "\nhostssl ");
            std::fs::write(&rules, text).expect("pg_hba.conf written");
            // The server reads its key only if it owns it, and nobody else may read it.
            for (from, to) in [(ca.certificate(), "server.pem"), (ca.key(), "server.key")] {
                let to = dir.path().join(to);
                std::fs::copy(from, &to).expect("copied");
                let private = std::fs::Permissions::from_mode(0o600);
                std::fs::set_permissions(&to, private).expect("made private");
                if let Some(user) = &user {
                    give_to(&to, user);
                }
            }
        }
        let mut server = PostgresServer {
            dir,
            port: free_port(),
            bin,
            user,
            tls,
            child: None,
        };
        server.launch();
        server
    }

    fn launch(&mut self) {
        let mut command = as_user(&self.user, &self.bin.join("postgres"));
        if self.tls.is_some() {
            let file = |name: &str| self.dir.path().join(name).display().to_string();
            command.args(["-c", "ssl=on"]);
            command.args(["-c", &format!("ssl_cert_file={}", file("server.pem"))]);
            command.args(["-c", &format!("ssl_key_file={}", file("server.key"))]);
        }
        let child = command
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-p", &self.port.to_string(), "-h", "127.0.0.1"])
            .arg("-k")
            .arg(self.dir.path())
            .args(["-c", "fsync=off", "-c", "max_connections=200"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("postgres starts");
        self.child = Some(child);
        wait_for_port(self.port, Duration::from_secs(30), "postgres");
        self.wait_until_ready();
    }

    /// Waits until the server accepts queries (it listens before it has finished starting).
    fn wait_until_ready(&self) {
        let start = Instant::now();
        loop {
            let ready = Command::new(self.bin.join("pg_isready"))
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    "auth",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "postgres never became ready"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `postgres://auth@127.0.0.1:port/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://auth@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops it at once (SIGINT, a fast shutdown: connections are cut, nothing is lost).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id().to_string();
            let _ = Command::new("kill").args(["-INT", &pid]).status();
            let _ = child.wait();
        }
    }

    /// Stops it and starts it again on the same port and data.
    pub fn restart(&mut self) {
        self.stop();
        self.launch();
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn postgres_bin() -> PathBuf {
    let initdb = find("initdb", &[]).canonicalize().ok();
    if let Some(dir) = initdb.as_deref().and_then(Path::parent) {
        return dir.to_path_buf();
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("PostgreSQL is not installed (.ci/run installs it)")
}

/// Who runs PostgreSQL: nobody else unless the tests run as root.
fn run_as() -> Option<String> {
    let uid = Command::new("id").arg("-u").output().ok();
    let root = uid.is_some_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    if !root {
        return None;
    }
    let exists = |user: &str| {
        Command::new("id")
            .arg(user)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    ["postgres", "nobody"]
        .into_iter()
        .find(|u| exists(u))
        .map(str::to_owned)
}

fn give_to(dir: &Path, user: &str) {
    let status = Command::new("chown")
        .arg(format!("{user}:"))
        .arg(dir)
        .status()
        .expect("chown runs");
    assert!(status.success(), "cannot give {} to {user}", dir.display());
}

fn as_user(user: &Option<String>, program: &Path) -> Command {
    match user {
        Some(user) => {
            let mut command = Command::new("setpriv");
            command
                .arg(format!("--reuid={user}"))
                .arg(format!("--regid={user}"))
                .arg("--init-groups")
                .arg(program);
            command
        }
        None => Command::new(program),
    }
}
