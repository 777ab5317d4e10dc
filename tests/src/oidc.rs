//! A real authorization server for the tests: oidc-provider from the npm registry, run by
//! Node on 127.0.0.1 (`tests/oidc/server.mjs`), and a scripted browser that signs in and
//! consents through its development interactions.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use url::Url;

/// The folder holding the server script and its npm package.
fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oidc")
}

/// Installs the server's npm dependencies from the lock file, once per test binary, when a
/// fresh checkout does not have them yet.
fn ensure_installed() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        if folder().join("node_modules/oidc-provider").exists() {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(folder())
            .status()
            .expect("npm is on the machine (Node.js comes with it)");
        assert!(status.success(), "npm ci in tests/oidc failed");
    });
}

/// A running oidc-provider; stopped when dropped.
pub struct OidcServer {
    child: Child,
    /// Its issuer, `http://127.0.0.1:PORT`: every endpoint lives under it.
    pub issuer: String,
}

impl OidcServer {
    /// Starts a server and waits until it listens.
    pub fn start() -> OidcServer {
        Self::start_in(None)
    }

    /// Starts a server on https with `ca`'s server certificate, asking each client for a
    /// certificate that `ca` signed (mutual TLS).
    pub fn start_tls(ca: &crate::servers::TestCa) -> OidcServer {
        Self::start_in(Some(ca.dir()))
    }

    fn start_in(tls: Option<&std::path::Path>) -> OidcServer {
        ensure_installed();
        let mut command = Command::new("node");
        if let Some(dir) = tls {
            command.env("OIDC_TLS_DIR", dir);
        }
        let mut child = command
            .arg(folder().join("server.mjs"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node is on the machine");
        let stdout = child.stdout.take().expect("piped");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) {
                    if let Some(issuer) = value["issuer"].as_str() {
                        let _ = sender.send(issuer.to_owned());
                    }
                }
            }
        });
        let issuer = receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("oidc-provider printed its issuer");
        OidcServer { child, issuer }
    }
}

impl Drop for OidcServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser, as far as the development interactions need one: it follows redirects, keeps
/// cookies, and submits the sign-in and consent forms.
pub struct Browser {
    http: reqwest::Client,
}

impl Default for Browser {
    fn default() -> Self {
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("browser builds"),
        }
    }
}

impl Browser {
    /// Opens `authorize_url`, signs in as `login`, consents, and follows the redirect to the
    /// application's callback; returns the final page's status.
    pub async fn authorize(&self, authorize_url: &Url, login: &str) -> reqwest::StatusCode {
        let page = self
            .http
            .get(authorize_url.clone())
            .send()
            .await
            .expect("authorize page");
        self.interact(page, login).await
    }

    /// Opens a device flow's `verification_uri_complete`, submits the user code, confirms it
    /// (or aborts, when `approve` is false), then signs in as `login` and consents; returns
    /// the final page's text.
    pub async fn confirm_device(
        &self,
        verification_uri_complete: &str,
        login: &str,
        approve: bool,
    ) -> String {
        let url = Url::parse(verification_uri_complete).expect("a verification URL");
        let input = self
            .http
            .get(url.clone())
            .send()
            .await
            .expect("the code page");
        let html = input.text().await.expect("page text");
        let confirm = self.device_form(&url, &html, &[]).await;
        let decision = if approve {
            ("confirm", "yes")
        } else {
            ("abort", "yes")
        };
        let page = self
            .device_form(&url, &confirm.text().await.expect("page text"), &[decision])
            .await;
        if !approve {
            return page.text().await.expect("page text");
        }
        let final_page = self.interact(page, login).await;
        assert!(
            final_page.is_success(),
            "the device flow ended on {final_page}"
        );
        "approved".to_owned()
    }

    /// Posts a device-flow form of `html` (its `xsrf` and `user_code`), with `extra` fields.
    async fn device_form(&self, at: &Url, html: &str, extra: &[(&str, &str)]) -> reqwest::Response {
        let action = between(html, "action=\"", "\"").expect("a device form");
        let xsrf = between(html, "name=\"xsrf\" value=\"", "\"").expect("its xsrf");
        let user_code = between(html, "name=\"user_code\"", ">")
            .and_then(|input| between(input, "value=\"", "\""))
            .expect("its user code");
        let mut fields = vec![
            ("xsrf", xsrf.to_owned()),
            ("user_code", user_code.to_owned()),
        ];
        fields.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
        let target = at.join(action).expect("form action is a URL");
        self.http
            .post(target)
            .form(&fields)
            .send()
            .await
            .expect("form posts")
    }

    /// Answers the sign-in and consent prompts from `page` on; the last page's status.
    async fn interact(&self, page: reqwest::Response, login: &str) -> reqwest::StatusCode {
        let mut page = page;
        for _ in 0..5 {
            let at = page.url().clone();
            let status = page.status();
            let html = page.text().await.expect("page text");
            let Some(form) = Form::find(&html) else {
                return status;
            };
            let mut fields = vec![("prompt", form.prompt.clone())];
            if form.prompt == "login" {
                fields.push(("login", login.to_owned()));
                fields.push(("password", "any password".to_owned()));
            }
            let target = at.join(&form.action).expect("form action is a URL");
            page = self
                .http
                .post(target)
                .form(&fields)
                .send()
                .await
                .expect("form posts");
        }
        panic!("the interactions did not end in five forms");
    }
}

/// A development-interaction form: where it posts, and which prompt it answers.
struct Form {
    action: String,
    prompt: String,
}

impl Form {
    fn find(html: &str) -> Option<Form> {
        let action = between(html, "action=\"", "\"")?;
        let prompt = between(html, "name=\"prompt\" value=\"", "\"")?;
        Some(Form {
            action: action.replace("&amp;", "&"),
            prompt: prompt.to_owned(),
        })
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(&text[from..to])
}
