//! Everything a test's code logs, at TRACE level, the dependencies' `log` records included
//! (reqwest and hyper log through `log`), and every form a secret may take in a text: what the
//! no-secret-anywhere tests search the logs, errors and outputs for.

use std::io::Write;
use std::sync::{Arc, Mutex, Once};

use base64::Engine as _;

/// The log text captured on this thread since [`capture`] was called.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// The text so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// Captures every event on this thread, TRACE and up, with every field, until the guard drops.
/// Use it on a current-thread runtime (`#[tokio::test]`), so that the client's tasks log here.
pub fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    static LOG_BRIDGE: Once = Once::new();
    LOG_BRIDGE.call_once(|| {
        // `log` records (reqwest, hyper-util) become tracing events; once per process.
        let _ = tracing_log::LogTracer::init();
    });
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

/// Every form `secret` may take in a text: as is, form- and percent-encoded (either case of
/// hex, `+` or `%20` for a space), JSON-escaped, and base64.
pub fn secret_forms(secret: &str) -> Vec<String> {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let percent = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
    let json = serde_json::to_string(secret).expect("a string serializes");
    let json = json[1..json.len() - 1].to_owned();
    let mut forms = vec![
        secret.to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        percent.clone(),
        percent.to_ascii_lowercase(),
        percent.replace("%20", "+"),
        json.replace('/', "\\/"),
        json,
        base64::engine::general_purpose::STANDARD.encode(secret),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret),
    ];
    forms.sort();
    forms.dedup();
    forms
}

/// Fails the test if any form of any secret appears in `text`, saying which and where.
pub fn assert_no_secret(what: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        for form in secret_forms(secret) {
            if let Some(at) = text.find(&form) {
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .nth(80)
                    .map_or(0, |(i, _)| i);
                panic!(
                    "{what} shows the secret `{secret}` as `{form}`: …{}…",
                    &text[start..(at + form.len()).min(text.len())]
                );
            }
        }
    }
}
