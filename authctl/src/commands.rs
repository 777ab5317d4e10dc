//! The commands, written once for any provider.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use auth_runtime::{
    AuthorizeOptions, Client, ExposeSecret, Grant, LoopbackListener, Origin, Provider,
    ProviderInfo, Session, Token, TokenStore, Validity,
};
use auth_vocab::Word;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};

use crate::cli::{Command, ListFormat, Target, TokenFormat};
use crate::failure::Failure;
use crate::settings::Settings;

/// What every command shares.
pub struct Context {
    /// Where tokens are cached.
    pub cache: PathBuf,
    /// A shared store's URL, instead of the file cache.
    pub store: Option<String>,
    /// The shared store's namespace.
    pub namespace: String,
}

/// Runs `command` for provider `P`; returns the exit status.
pub async fn run<P: Provider>(command: Command, context: &Context) -> Result<u8, Failure> {
    let Some(target) = command.target() else {
        return Err(Failure::Usage("this command names no provider".into()));
    };
    let client = client(target.origin.as_deref())?;
    let settings = Settings::from_args(P::INFO, &target.set)?;
    let provider =
        P::from_settings(&|name| settings.value(name)).map_err(|e| settings.explain(e))?;
    let store =
        crate::store::open(&context.cache, context.store.as_deref(), &context.namespace).await?;
    let session = Session::builder(provider)
        .client(client)
        .store(Arc::clone(&store))
        .build()?;
    match command {
        Command::Token { format, .. } => token(&session, format).await,
        Command::Header { .. } => header(&session).await,
        Command::Check { .. } => check(&session).await,
        Command::Login { device: true, .. } if !P::INFO.has_device_flow() => {
            Err(Failure::Usage(format!(
                "{} has no device flow: it declares no device_endpoint",
                P::INFO.name()
            )))
        }
        Command::Login {
            device, timeout, ..
        } if device || P::INFO.grant() == Grant::DeviceCode => {
            device_login(&session, store.as_ref(), Duration::from_secs(timeout)).await
        }
        Command::Login {
            port,
            no_browser,
            timeout,
            ..
        } => {
            login(
                &session,
                store.as_ref(),
                port,
                no_browser,
                Duration::from_secs(timeout),
            )
            .await
        }
        Command::Request {
            url,
            method,
            data,
            headers,
            ..
        } => request(&session, &url, &method, data, &headers).await,
        Command::Logout { .. } => {
            session.forget().await?;
            eprintln!("forgot the cached token of {}", P::INFO.name());
            Ok(0)
        }
        Command::Providers { .. } | Command::Demo { .. } => {
            Err(Failure::Usage("this command names no provider".into()))
        }
    }
}

impl Command {
    fn target(&self) -> Option<&Target> {
        match self {
            Command::Providers { .. } | Command::Demo { .. } => None,
            Command::Token { target, .. }
            | Command::Header { target }
            | Command::Check { target }
            | Command::Login { target, .. }
            | Command::Request { target, .. }
            | Command::Logout { target } => Some(target),
        }
    }
}

fn client(origin: Option<&str>) -> Result<Client, Failure> {
    let mut builder = Client::builder().user_agent(concat!("authctl/", env!("CARGO_PKG_VERSION")));
    if let Some(origin) = origin {
        let parsed = Origin::parse(origin)?;
        let url = auth_runtime::Url::parse(origin).map_err(|e| Failure::Usage(e.to_string()))?;
        let host = url.host_str().unwrap_or_default();
        if !auth_vocab::loopback::may_carry_credentials(url.scheme(), host) {
            return Err(Failure::Usage(format!(
                "--origin {origin}: plain http is accepted only for a loopback address"
            )));
        }
        builder = builder.origin(parsed);
    }
    Ok(builder.build()?)
}

async fn token<P: Provider>(session: &Session<P>, format: TokenFormat) -> Result<u8, Failure> {
    let token = session.token().await?;
    // Built as an API call would carry it: a token that is no header value fails here, so
    // nothing prints a line break that would start a header of the provider's choosing.
    let headers = session.client().api_headers(session.provider(), &token)?;
    let secret = token.access_token().expose_secret();
    match format {
        TokenFormat::Raw => println!("{secret}"),
        TokenFormat::Header => {
            let authorization = headers.iter().filter(|(name, _)| **name == AUTHORIZATION);
            print_headers(authorization)?;
        }
        TokenFormat::Json => println!("{}", token_json(&token)),
    }
    Ok(0)
}

fn token_json(token: &Token) -> serde_json::Value {
    // A token that never expires (an API key, `expiry = "never"`) has no expiry to print, not
    // the year a session keeps it for.
    let (expires_in, expires_at) = if token.never_expires() {
        (serde_json::Value::Null, serde_json::Value::Null)
    } else {
        let left = token.time_left();
        let at = humantime::format_rfc3339_seconds(SystemTime::now() + left);
        (left.as_secs().into(), at.to_string().into())
    };
    serde_json::json!({
        "access_token": token.access_token().expose_secret(),
        "token_type": token.token_type(),
        "expires_in": expires_in,
        "expires_at": expires_at,
        "never_expires": token.never_expires(),
        "scope": token.scope(),
        "has_refresh_token": token.refresh_token().is_some(),
    })
}

/// Prints the headers exactly as an API call through the session carries them.
async fn header<P: Provider>(session: &Session<P>) -> Result<u8, Failure> {
    let token = session.token().await?;
    let headers = session.client().api_headers(session.provider(), &token)?;
    print_headers(&headers)?;
    Ok(0)
}

/// Prints `headers` as `Name: value` lines, all or none: a value that is not visible ASCII is
/// refused, never printed empty. `Authorization` is spelt as HTTP documents write it; the other
/// names as declared (header names are case-insensitive, and the runtime keeps them in lower
/// case).
fn print_headers<'h>(
    headers: impl IntoIterator<Item = (&'h HeaderName, &'h HeaderValue)>,
) -> Result<(), Failure> {
    let mut lines = Vec::new();
    for (name, value) in headers {
        let name = if *name == AUTHORIZATION {
            "Authorization"
        } else {
            name.as_str()
        };
        lines.push(format!("{name}: {}", header_text(value)?));
    }
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

/// A header value as text; one that is not visible ASCII is refused.
fn header_text(value: &HeaderValue) -> Result<&str, Failure> {
    value.to_str().map_err(|_| {
        Failure::Auth(auth_runtime::Error::Config {
            reason: "the token holds characters that are not allowed in an HTTP header".into(),
            source: None,
        })
    })
}

async fn check<P: Provider>(session: &Session<P>) -> Result<u8, Failure> {
    let name = P::INFO.name();
    // A static credential is never cached: it is the key from the settings, read without a
    // request.
    let held = if P::INFO.grant().is_static() {
        Some(session.token().await?.to_arc())
    } else {
        session.stored_token().await?
    };
    let Some(token) = held else {
        println!("invalid: no token is cached for {name}; get one with `authctl token {name}`");
        return Ok(1);
    };
    if token.is_expired() {
        println!("invalid: the cached token has expired");
        return Ok(1);
    }
    if P::INFO.validity_endpoint().is_none() {
        let expiry = if token.never_expires() {
            "never expires".to_owned()
        } else {
            format!("expires in {} s", token.time_left().as_secs())
        };
        println!(
            "valid: {expiry} ({name} declares no validity endpoint: only the expiry was checked)"
        );
        return Ok(0);
    }
    match session
        .client()
        .check_validity(session.provider(), &token)
        .await?
    {
        Validity::Valid => {
            println!("valid: {name} accepted the token");
            Ok(0)
        }
        Validity::Invalid { reason } => {
            println!("invalid: {reason}");
            Ok(1)
        }
    }
}

async fn login<P: Provider>(
    session: &Session<P>,
    store: &dyn TokenStore,
    port: u16,
    no_browser: bool,
    timeout: Duration,
) -> Result<u8, Failure> {
    let listener = LoopbackListener::bind(port).await?;
    let options = AuthorizeOptions::default().redirect_uri(listener.redirect_uri());
    let pending = session
        .client()
        .authorize_url(session.provider(), options)?;
    eprintln!(
        "Open this URL to authorize {}:\n{}",
        P::INFO.name(),
        pending.url()
    );
    if !no_browser {
        open_browser(pending.url().as_str());
    }
    let callback = listener.wait_for(&pending, timeout).await?;
    let code = pending.complete(&callback)?;
    let token = session
        .client()
        .exchange_code(session.provider(), code)
        .await?;
    cache(session, store, &token).await
}

/// `login --device`: the device flow, with a progress line until the user decides.
async fn device_login<P: Provider>(
    session: &Session<P>,
    store: &dyn TokenStore,
    timeout: Duration,
) -> Result<u8, Failure> {
    let client = session.client();
    let device = client
        .start_device_authorization(session.provider())
        .await?;
    eprintln!(
        "To authorize {}, open {} and enter the code {}",
        P::INFO.name(),
        device.verification_uri(),
        device.user_code()
    );
    if let Some(complete) = device.verification_uri_complete() {
        eprintln!("(or open {complete})");
    }
    let polling = client.poll_device_authorization(session.provider(), &device);
    let waited = tokio::time::Instant::now();
    let progress = async {
        let mut ticks = tokio::time::interval(Duration::from_secs(1));
        loop {
            ticks.tick().await;
            eprint!(
                "\rwaiting for the approval… {} s ",
                waited.elapsed().as_secs()
            );
        }
    };
    let token = tokio::select! {
        token = polling => token,
        () = progress => unreachable!("the progress line never ends"),
        () = tokio::time::sleep(timeout) => {
            eprintln!();
            return Err(Failure::Usage(format!(
                "no approval of the code {} within {} s",
                device.user_code(),
                timeout.as_secs()
            )));
        }
    };
    eprintln!();
    cache(session, store, &token?).await
}

/// Caches a token the user authorized, and says what it is.
async fn cache<P: Provider>(
    session: &Session<P>,
    store: &dyn TokenStore,
    token: &Token,
) -> Result<u8, Failure> {
    store.save(session.store_key(), &token.to_stored()).await?;
    let expiry = if token.never_expires() {
        "never expires".to_owned()
    } else {
        format!("expires in {} s", token.time_left().as_secs())
    };
    eprintln!(
        "authorized {}: token cached, {expiry}, {} refresh token",
        P::INFO.name(),
        if token.refresh_token().is_some() {
            "with a"
        } else {
            "no"
        }
    );
    Ok(0)
}

/// Tries the platform's opener; the URL is on stderr anyway.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

async fn request<P: Provider>(
    session: &Session<P>,
    url: &str,
    method: &str,
    data: Option<String>,
    headers: &[String],
) -> Result<u8, Failure> {
    let method = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes())
        .map_err(|_| Failure::Usage(format!("`{method}` is not an HTTP method")))?;
    let url = auth_runtime::Url::parse(url).map_err(|e| Failure::Usage(format!("{url}: {e}")))?;
    let url = session.client().endpoint(url)?;
    let mut builder = session.client().http().request(method, url);
    for header in headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(Failure::Usage(format!(
                "--header takes 'Name: value', not `{header}`"
            )));
        };
        builder = builder.header(name.trim(), value.trim());
    }
    if let Some(data) = data {
        builder = builder.body(data);
    }
    let response = session.send(builder).await?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| Failure::Usage(format!("cannot read the response: {e}")))?;
    use std::io::Write;
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(&body);
    let _ = stdout.flush();
    if status.is_success() {
        Ok(0)
    } else {
        Err(Failure::Status(status))
    }
}

/// `authctl providers`.
pub fn list(infos: &[&'static ProviderInfo], format: ListFormat) {
    match format {
        ListFormat::Markdown => print!("{}", crate::catalogue::markdown(infos)),
        ListFormat::Json => {
            let all: Vec<serde_json::Value> =
                infos.iter().map(|info| provider_json(info)).collect();
            println!("{}", serde_json::Value::Array(all));
        }
        ListFormat::Text => {
            for info in infos {
                println!(
                    "{}  ({})  grants: {}",
                    info.name(),
                    info.type_name(),
                    grants(info).join(", ")
                );
                for s in info.settings() {
                    let mut notes = vec![if s.required() { "required" } else { "optional" }];
                    if s.secret() {
                        notes.push("secret");
                    }
                    let choices = if s.choices().is_empty() {
                        String::new()
                    } else {
                        format!(", one of {}", s.choices().join("|"))
                    };
                    println!(
                        "    {:<14} {:<16} {}{choices}",
                        s.name(),
                        s.rust_type(),
                        notes.join(", ")
                    );
                }
                if let Some(file) = info.settings_file() {
                    println!(
                        "    {file:<14} {:<16} optional; the provider's JSON key file, filling the settings above",
                        "path"
                    );
                }
            }
        }
    }
}

/// The grants a provider takes, as their declarations and `grant_type`s spell them: its own
/// login (unless it only has the code flow), the code flow, the refresh grant.
fn grants(info: &ProviderInfo) -> Vec<&'static str> {
    let mut grants = Vec::new();
    if info.grant().can_login() {
        grants.push(info.grant().spelling());
    }
    if info.has_code_flow() {
        grants.push(Grant::AuthorizationCode.spelling());
    }
    if info.has_device_flow() {
        grants.push(Grant::DeviceCode.spelling());
    }
    grants.extend(info.renew().grant_type());
    grants
}

fn provider_json(info: &ProviderInfo) -> serde_json::Value {
    let settings: Vec<serde_json::Value> = info
        .settings()
        .iter()
        .map(|s| {
            serde_json::json!({
                "name": s.name(), "type": s.rust_type(), "required": s.required(),
                "secret": s.secret(), "choices": s.choices(),
            })
        })
        .collect();
    serde_json::json!({
        "name": info.name(), "type": info.type_name(), "grants": grants(info), "settings": settings,
        "settings_file": info.settings_file(),
    })
}
