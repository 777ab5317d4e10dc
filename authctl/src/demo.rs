//! `authctl demo`: every flow of the seed providers (Talkdesk twice: with its shared secret,
//! and as a marketplace app signing client assertions), through the public API, against
//! offline emulators generated from their declarations. No account anywhere, no network
//! beyond 127.0.0.1.
//!
//! Which providers it shows, with what demo settings and which emulator quirks (Tali's
//! `expires_in` as a string, Altrata's revocation of older tokens), is this file's: a showcase,
//! not a registry. `demo --all` adds every other provider of the provider crate, with settings
//! made up from its declaration (each setting's role and type): a provider added there needs
//! nothing here; each row's name and grant come from its declaration.

use std::future::Future;
use std::time::{Duration, Instant};

use auth_runtime::testkit::{Emulator, EmulatorConfig};
use auth_runtime::{
    AuthorizeOptions, Client, ClientAuth, Error, ExposeSecret, LoopbackListener, Provider,
    ProviderInfo, Renew, Role, SecretString, Session, SessionBuilder, Token, Validity,
};
use auth_vocab::Word;
use providers::{Altrata, IAdvize, Tali, Talkdesk, TalkdeskApp, TalkdeskRegion, Talview};

use crate::failure::Failure;

/// One step's outcome: what happened, or why it failed; and how long it took.
enum Step {
    Done(String, Duration),
    Skipped(&'static str),
    Failed(String),
}

impl Step {
    fn cell(&self) -> String {
        match self {
            Step::Done(what, took) => format!("{what} ({} ms)", took.as_millis()),
            Step::Skipped(why) => format!("- ({why})"),
            Step::Failed(why) => format!("FAILED: {why}"),
        }
    }
}

/// One provider's row.
struct Row {
    provider: &'static str,
    grant: String,
    steps: Vec<(&'static str, Step)>,
}

const COLUMNS: [&str; 6] = [
    "login",
    "cached read",
    "renewal",
    "API call",
    "validity check",
    "code flow",
];

/// Runs the demo (with `all`, for every declared provider too); exits 1 if any step failed.
pub async fn run(all: bool) -> Result<u8, Failure> {
    let started = Instant::now();
    let mut rows = vec![
        provider_row(talview(), EmulatorConfig::default()).await,
        provider_row(
            tali(),
            config(|c| {
                c.expires_in_as_string = true;
                c.token_lifetime = Duration::from_secs(86400);
            }),
        )
        .await,
        provider_row(iadvize(), EmulatorConfig::default()).await,
        provider_row(
            altrata(),
            config(|c| {
                c.revoke_older_tokens = true;
                c.api_path = Some("/graphql".into());
            }),
        )
        .await,
        provider_row(talkdesk(), config(|c| c.api_path = Some("/users".into()))).await,
        provider_row(
            talkdesk_app(),
            config(|c| c.api_path = Some("/users".into())),
        )
        .await,
    ];
    if all {
        let shown: Vec<&str> = rows.iter().map(|r| r.provider).collect();
        macro_rules! every_provider {
            ($($provider:ty),+) => {{
                let mut more = Vec::new();
                $(
                    if !shown.contains(&<$provider as Provider>::INFO.name()) {
                        more.push(demo_row::<$provider>().await);
                    }
                )+
                more
            }};
        }
        rows.extend(providers::for_each_provider!(every_provider));
    }
    print_table(&rows);
    let failed = rows
        .iter()
        .flat_map(|r| &r.steps)
        .any(|(_, s)| matches!(s, Step::Failed(_)));
    println!(
        "\n{} in {} ms: every request went to an emulator on 127.0.0.1 generated from the provider's declaration.",
        if failed { "FAILED" } else { "all flows passed" },
        started.elapsed().as_millis()
    );
    Ok(if failed { 1 } else { 0 })
}

fn config(change: impl FnOnce(&mut EmulatorConfig)) -> EmulatorConfig {
    let mut config = EmulatorConfig::default();
    change(&mut config);
    config
}

fn talview() -> Talview {
    Talview {
        username: "demo@example.com".into(),
        password: SecretString::from("demo-password"),
        tenant_id: 1,
    }
}
fn tali() -> Tali {
    Tali {
        base_url: "https://tali.example.com".into(),
        client_id: "demo-client".into(),
        client_secret: SecretString::from("demo-secret"),
        redirect_uri: "https://app.example.com/callback".into(),
    }
}
fn iadvize() -> IAdvize {
    IAdvize {
        username: "demo@example.com".into(),
        password: SecretString::from("demo-password"),
    }
}
fn altrata() -> Altrata {
    Altrata {
        username: "demo".into(),
        password: SecretString::from("demo-password"),
        api_key: SecretString::from("demo-key"),
    }
}
fn talkdesk() -> Talkdesk {
    Talkdesk {
        account: "demo".into(),
        region: TalkdeskRegion::Us,
        client_id: "demo-client".into(),
        client_secret: SecretString::from("demo-secret"),
        scope: Some("users:read".into()),
    }
}

/// The marketplace app's private key: a copy of the repository's RSA test key
/// (`tests/keys/rsa.pem`), which protects nothing (`tests/keys/README.md`), kept inside the
/// crate so that it is published with it. Generating one per run would cost seconds in a debug
/// build, and the emulator derives the public key it checks assertions with from this one.
const DEMO_APP_KEY: &str = include_str!("demo-key.pem");

fn talkdesk_app() -> TalkdeskApp {
    TalkdeskApp {
        account: "demo".into(),
        region: TalkdeskRegion::Us,
        client_id: "demo-app".into(),
        private_key: SecretString::from(DEMO_APP_KEY),
        scope: Some("users:read".into()),
    }
}

/// A provider's row with settings made up from its declaration alone (`demo --all`).
async fn demo_row<P: Provider + Clone>() -> Row {
    match P::from_settings(&|name| demo_setting(P::INFO, name)) {
        // Device polls a second apart, not RFC 8628's five: the demo plays a quick user.
        Ok(provider) => {
            let config = config(|c| c.device_interval = Duration::from_secs(1));
            provider_row(provider, config).await
        }
        Err(error) => Row {
            provider: P::INFO.name(),
            grant: grant_cell(P::INFO),
            steps: vec![("login", Step::Failed(format!("no demo settings: {error}")))],
        },
    }
}

/// A made-up value for every setting, by its role and type: what any provider's emulator
/// accepts, since it expects exactly the settings it was started with.
fn demo_setting(info: &ProviderInfo, name: &str) -> Option<String> {
    let setting = info.settings().iter().find(|s| s.name() == name)?;
    let value = match setting.role() {
        Some(Role::PrivateKey) => DEMO_APP_KEY,
        // Left unset when it cannot be made: the row says the setting is missing.
        Some(Role::ClientCertificate) => return demo_certificate().map(|(pem, _)| pem.clone()),
        Some(Role::ClientKey) => {
            return demo_certificate().map(|(_, key)| key.expose_secret().to_owned())
        }
        Some(Role::RedirectUri) => "https://app.example.com/callback",
        Some(Role::BaseUrl) => "https://demo.example.com",
        Some(Role::Username) => "demo-user",
        Some(Role::ClientId) => "demo-client",
        Some(role) if role.is_secret() => "demo-secret",
        // Optional settings too: an endpoint may need one (QuickBooks' realm id).
        Some(_) => "demo",
        None => match (setting.choices().first(), setting.rust_type()) {
            (Some(choice), _) => choice,
            (None, "bool") => "false",
            (None, ty) if ty.starts_with('i') || ty.starts_with('u') && ty != "url::Url" => "1",
            (None, ty) if ty.ends_with("Url") => "https://demo.example.com",
            (None, _) => "demo",
        },
    };
    Some(value.to_owned())
}

/// The demo's client certificate and key (PEM), made once per run: mutual TLS needs a real
/// pair, and one that the emulator, started with the same settings, expects.
fn demo_certificate() -> Option<&'static (String, SecretString)> {
    static PAIR: std::sync::OnceLock<Option<(String, SecretString)>> = std::sync::OnceLock::new();
    PAIR.get_or_init(|| auth_runtime::testkit::self_signed_certificate("authctl demo").ok())
        .as_ref()
}

/// One provider's row: each step in turn, against an emulator of its declaration. A step that
/// needs a session is not run without one.
async fn provider_row<P: Provider + Clone>(provider: P, config: EmulatorConfig) -> Row {
    let info = P::INFO;
    let mut row = Row {
        provider: info.name(),
        grant: grant_cell(info),
        steps: Vec::new(),
    };
    let api_path = config.api_path.clone();
    let (emulator, client) = match start(provider.clone(), config).await {
        Ok(started) => started,
        Err(failed) => {
            row.steps.push(("login", failed));
            return row;
        }
    };
    let builder = Session::builder(provider.clone()).client(client);
    let Some(session) = first_token(&provider, &emulator, builder, &mut row.steps).await else {
        return row;
    };
    row.steps
        .push(("cached read", cached_read(&session, &emulator).await));
    row.steps.push(("renewal", renewal(&session).await));
    row.steps
        .push(("API call", api_call(&session, &emulator, api_path).await));
    row.steps
        .push(("validity check", validity_check(&session).await));
    if info.grant().can_login() {
        // A code-flow-only provider's code flow was its first token.
        let flow = code_flow_if_declared(&provider, &emulator).await;
        row.steps.push(("code flow", flow));
    }
    row
}

/// The grant column: the first token's grant as a declaration spells it, and whether its login
/// sends a `grant_type`.
fn grant_cell(info: &ProviderInfo) -> String {
    let grant = info.grant();
    match info.login_grant_type() {
        _ if grant.is_static() => format!("{} (static)", grant.spelling()),
        Some(sent) if sent != grant.spelling() => {
            format!("{} (grant_type={sent})", grant.spelling())
        }
        Some(_) => grant.spelling().to_owned(),
        None => format!("{} (no grant_type)", grant.spelling()),
    }
}

/// The provider's emulator and a client sending everything to it; a failure is the login's.
async fn start<P: Provider + Clone>(
    provider: P,
    config: EmulatorConfig,
) -> Result<(Emulator<P>, Client), Step> {
    let emulator = Emulator::start_with(provider, config)
        .await
        .map_err(|error| Step::Failed(format!("the emulator did not start: {error}")))?;
    let client = emulator
        .client()
        .map_err(|_| Step::Failed("no client".into()))?;
    Ok((emulator, client))
}

/// The first token, and the session holding it: a login where the grant logs in, else the
/// code flow (shown in its own column, the login being skipped).
async fn first_token<P: Provider + Clone>(
    provider: &P,
    emulator: &Emulator<P>,
    builder: SessionBuilder<P>,
    steps: &mut Vec<(&'static str, Step)>,
) -> Option<Session<P>> {
    if P::INFO.grant().can_login() {
        let (session, login) = login(builder, emulator).await;
        steps.push(("login", login));
        return session;
    }
    if P::INFO.grant() == auth_runtime::Grant::DeviceCode {
        let flow = step(P::INFO.name(), "device flow", async {
            let token = device_flow(provider, emulator)
                .await
                .map_err(|e| e.to_string())?;
            Ok(format!("user code approved, {}", describe(&token)))
        })
        .await;
        steps.push(("login", flow));
        let token = device_flow(provider, emulator).await.ok();
        return token.and_then(|t| builder.token(t).build().ok());
    }
    let flow = code_flow_step(provider, emulator).await;
    steps.push(("login", Step::Skipped("needs the user: see code flow")));
    steps.push(("code flow", flow));
    let token = emulator_token(provider, emulator).await;
    token.and_then(|t| builder.token(t).build().ok())
}

/// The login step: a session, and its first token from the declared grant.
async fn login<P: Provider>(
    builder: SessionBuilder<P>,
    emulator: &Emulator<P>,
) -> (Option<Session<P>>, Step) {
    let session = builder.build().map_err(|e| e.to_string());
    let login = step(P::INFO.name(), "login", async {
        let session = session.clone()?;
        session.token().await.map_err(|e| e.to_string())?;
        if P::INFO.grant().is_static() {
            return Ok("the key from the settings, nothing sent".into());
        }
        Ok(format!(
            "{} issued{}",
            plural(emulator.issued(), "token"),
            client_auth_note(P::INFO.client_auth())
        ))
    })
    .await;
    (session.ok(), login)
}

/// The cached-read step: a second read sends no request.
async fn cached_read<P: Provider>(session: &Session<P>, emulator: &Emulator<P>) -> Step {
    let issued = emulator.issued();
    step(P::INFO.name(), "cached read", async {
        session.token().await.map_err(|e| e.to_string())?;
        if emulator.issued() == issued {
            Ok("from the cache, no request".into())
        } else {
            Err("a request was sent".into())
        }
    })
    .await
}

/// The renewal step: renews now, by the declared plan.
async fn renewal<P: Provider>(session: &Session<P>) -> Step {
    let before = session.token().await.ok();
    step(P::INFO.name(), "renewal", async {
        let renewed = session.renew().await.map_err(|e| e.to_string())?;
        if P::INFO.grant().is_static() {
            return Ok("read again from the settings".into());
        }
        Ok(renewal_story(P::INFO.renew(), before.as_deref(), &renewed))
    })
    .await
}

/// The API-call step: a POST through the session to the emulator's API route, at `path` or
/// else the declared API base's path.
async fn api_call<P: Provider>(
    session: &Session<P>,
    emulator: &Emulator<P>,
    path: Option<String>,
) -> Step {
    let declared = || Some(session.api_base()?.ok()?.path().to_owned());
    let Some(path) = path.or_else(declared) else {
        return Step::Skipped("no API declared");
    };
    step(P::INFO.name(), "API call", async {
        let response = session
            .send(session.client().http().post(emulator.url(&path)))
            .await
            .map_err(|e| e.to_string())?;
        if response.status().is_success() {
            Ok(format!("POST {path}: HTTP {}", response.status().as_u16()))
        } else {
            Err(format!("HTTP {}", response.status()))
        }
    })
    .await
}

/// The validity-check step, where the declaration has a validity endpoint.
async fn validity_check<P: Provider>(session: &Session<P>) -> Step {
    if P::INFO.validity_endpoint().is_none() {
        return Step::Skipped("not declared");
    }
    step(P::INFO.name(), "validity check", async {
        match session.check_validity().await.map_err(|e| e.to_string())? {
            Validity::Valid => Ok("valid".into()),
            Validity::Invalid { reason } => Err(reason),
        }
    })
    .await
}

/// The code-flow step of a provider that logs in, where it also declares a code flow.
async fn code_flow_if_declared<P: Provider + Clone>(provider: &P, emulator: &Emulator<P>) -> Step {
    if !P::INFO.has_code_flow() {
        return Step::Skipped("not declared");
    }
    code_flow_step(provider, emulator).await
}

/// The code-flow step: an authorization code through the loopback listener, exchanged.
async fn code_flow_step<P: Provider + Clone>(provider: &P, emulator: &Emulator<P>) -> Step {
    step(P::INFO.name(), "code flow", async {
        let token = code_flow(provider, emulator)
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!("code exchanged, {}", describe(&token)))
    })
    .await
}

/// A token for a code-flow-only provider to seed its session with: the code flow once more
/// (codes are single-use, so the demo's first flow cannot be reused).
async fn emulator_token<P: Provider + Clone>(
    provider: &P,
    emulator: &Emulator<P>,
) -> Option<Token> {
    code_flow(provider, emulator).await.ok()
}

/// The authorization code flow through the loopback listener; the demo plays the browser.
async fn code_flow<P: Provider + Clone>(
    provider: &P,
    emulator: &Emulator<P>,
) -> Result<Token, Error> {
    let client = emulator.client()?;
    let listener = LoopbackListener::bind(0).await?;
    let pending = client.authorize_url(
        provider,
        AuthorizeOptions::default().redirect_uri(listener.redirect_uri()),
    )?;
    let waiting = tokio::spawn(listener.wait_for(&pending, Duration::from_secs(10)));
    let browser = reqwest::Client::new();
    browser
        .get(pending.url().as_str())
        .send()
        .await
        .map_err(|e| demo_failure("the demo's browser failed", e))?;
    let callback = waiting
        .await
        .map_err(|e| demo_failure("the listener failed", e))??;
    let code = pending.complete(&callback)?;
    client.exchange_code(provider, code).await
}

/// The device flow: the codes asked for, the user code approved at once (the demo plays the
/// user), and the token polled for.
async fn device_flow<P: Provider + Clone>(
    provider: &P,
    emulator: &Emulator<P>,
) -> Result<Token, Error> {
    let client = emulator.client()?;
    let device = client.start_device_authorization(provider).await?;
    emulator.approve_device(device.user_code());
    client.poll_device_authorization(provider, &device).await
}

/// A failure of the demo's own machinery, its cause kept as the source.
fn demo_failure(what: &str, cause: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Config {
        reason: what.into(),
        source: Some(std::sync::Arc::new(cause)),
    }
}

fn describe(token: &Token) -> String {
    let refresh = if token.refresh_token().is_some() {
        "with a refresh token"
    } else {
        "no refresh token"
    };
    match token.lifetime() {
        _ if token.never_expires() => format!("never expires, {refresh}"),
        Some(lifetime) => format!("expires in {} s, {refresh}", lifetime.as_secs()),
        None => format!("no lifetime given, {refresh}"),
    }
}

fn renewal_story(plan: Renew, before: Option<&Token>, after: &Token) -> String {
    let old_refresh = before
        .and_then(|t| t.refresh_token())
        .map(|t| t.expose_secret().to_owned());
    let new_refresh = after.refresh_token().map(|t| t.expose_secret().to_owned());
    match (plan, old_refresh) {
        (Renew::Refresh, Some(old)) if new_refresh.as_deref() != Some(old.as_str()) => {
            "refresh grant, refresh token rotated".into()
        }
        (Renew::Refresh, Some(_)) => "refresh grant".into(),
        (Renew::Token, _) => "the token presented for a new one".into(),
        _ => "logged in again".into(),
    }
}

/// What the login proved besides the grant, when that is worth saying.
fn client_auth_note(auth: ClientAuth) -> &'static str {
    match auth {
        ClientAuth::PrivateKeyJwt => ", signed assertion verified",
        ClientAuth::TlsClientAuth | ClientAuth::SelfSignedTlsClientAuth => {
            ", client certificate verified"
        }
        _ => "",
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Runs one step, timing it and printing its progress to stderr.
async fn step(
    provider: &str,
    name: &str,
    work: impl Future<Output = Result<String, String>>,
) -> Step {
    let started = Instant::now();
    let outcome = work.await;
    let took = started.elapsed();
    let step = match outcome {
        Ok(what) => Step::Done(what, took),
        Err(why) => Step::Failed(why),
    };
    eprintln!("{provider:>12} {name:<15} {}", step.cell());
    step
}

fn print_table(rows: &[Row]) {
    let mut lines = vec![["provider".to_owned(), "grant".to_owned()]
        .into_iter()
        .chain(COLUMNS.iter().map(|c| (*c).to_owned()))
        .collect::<Vec<_>>()];
    for row in rows {
        let mut line = vec![row.provider.to_owned(), row.grant.to_owned()];
        for column in COLUMNS {
            let cell = row
                .steps
                .iter()
                .find(|(n, _)| *n == column)
                .map_or("-".to_owned(), |(_, s)| s.cell());
            line.push(cell);
        }
        lines.push(line);
    }
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    println!();
    for (index, line) in lines.iter().enumerate() {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("| {} |", cells.join(" | "));
        if index == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            println!("|-{}-|", rule.join("-|-"));
        }
    }
}
