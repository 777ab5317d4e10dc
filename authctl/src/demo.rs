//! `authctl demo`: every flow of the seed providers (Talkdesk twice: with its shared secret,
//! and as a marketplace app signing client assertions), through the public API, against
//! offline emulators generated from their declarations. No account anywhere, no network
//! beyond 127.0.0.1.

use std::future::Future;
use std::time::{Duration, Instant};

use auth_runtime::testkit::{Emulator, EmulatorConfig};
use auth_runtime::{
    AuthorizeOptions, ClientAuth, Error, ExposeSecret, LoopbackListener, Provider, Renewal,
    SecretString, Session, Token, Validity,
};
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
    grant: &'static str,
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

/// Runs the demo; exits 1 if any step failed.
pub async fn run() -> Result<u8, Failure> {
    let started = Instant::now();
    let rows = vec![
        provider_row(talview(), EmulatorConfig::default(), "talview").await,
        provider_row(
            tali(),
            config(|c| {
                c.expires_in_as_string = true;
                c.token_lifetime = Duration::from_secs(86400);
            }),
            "tali",
        )
        .await,
        provider_row(iadvize(), EmulatorConfig::default(), "iadvize").await,
        provider_row(
            altrata(),
            config(|c| {
                c.revoke_older_tokens = true;
                c.api_path = Some("/graphql".into());
            }),
            "altrata",
        )
        .await,
        provider_row(
            talkdesk(),
            config(|c| c.api_path = Some("/users".into())),
            "talkdesk",
        )
        .await,
        provider_row(
            talkdesk_app(),
            config(|c| c.api_path = Some("/users".into())),
            "talkdesk-app",
        )
        .await,
    ];
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

async fn provider_row<P: Provider + Clone>(
    provider: P,
    config: EmulatorConfig,
    name: &'static str,
) -> Row {
    let info = P::INFO;
    let grant = match (info.grant.can_login(), info.grant.wire_name()) {
        (true, Some(grant)) => grant,
        (true, None) => "login (no grant_type)",
        (false, _) => "authorization_code",
    };
    let mut row = Row {
        provider: name,
        grant,
        steps: Vec::new(),
    };
    let api_path = config.api_path.clone();
    let emulator = match Emulator::start_with(provider.clone(), config).await {
        Ok(emulator) => emulator,
        Err(error) => {
            row.steps.push((
                "login",
                Step::Failed(format!("the emulator did not start: {error}")),
            ));
            return row;
        }
    };
    let Ok(client) = emulator.client() else {
        row.steps.push(("login", Step::Failed("no client".into())));
        return row;
    };
    let builder = Session::builder(provider.clone()).client(client.clone());
    let session = if info.grant.can_login() {
        let session = builder.build().map_err(|e| e.to_string());
        let login = step(name, "login", async {
            let session = session.clone()?;
            session.token().await.map_err(|e| e.to_string())?;
            Ok(format!(
                "{} issued{}",
                plural(emulator.issued(), "token"),
                client_auth_note(info.client_auth)
            ))
        })
        .await;
        row.steps.push(("login", login));
        session.ok()
    } else {
        let flow = step(name, "code flow", async {
            let token = code_flow(&provider, &emulator)
                .await
                .map_err(|e| e.to_string())?;
            Ok(format!("code exchanged, {}", describe(&token)))
        })
        .await;
        row.steps
            .push(("login", Step::Skipped("needs the user: see code flow")));
        row.steps.push(("code flow", flow));
        let token = emulator_token(&provider, &emulator).await;
        token.and_then(|t| builder.token(t).build().ok())
    };
    let Some(session) = session else {
        return row;
    };

    let issued = emulator.issued();
    row.steps.push((
        "cached read",
        step(name, "cached read", async {
            session.token().await.map_err(|e| e.to_string())?;
            if emulator.issued() == issued {
                Ok("from the cache, no request".into())
            } else {
                Err("a request was sent".into())
            }
        })
        .await,
    ));

    let before = session.token().await.ok();
    row.steps.push((
        "renewal",
        step(name, "renewal", async {
            let renewed = session.renew().await.map_err(|e| e.to_string())?;
            Ok(renewal_story(info.renewal, before.as_deref(), &renewed))
        })
        .await,
    ));

    let api = api_path.or_else(|| {
        info.api_base
            .and_then(|_| session.provider().api_base()?.ok())
            .map(|u| u.path().to_owned())
    });
    row.steps.push((
        "API call",
        match api {
            None => Step::Skipped("no API declared"),
            Some(path) => {
                step(name, "API call", async {
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
        },
    ));

    row.steps.push((
        "validity check",
        match info.validity_endpoint {
            None => Step::Skipped("not declared"),
            Some(_) => {
                step(name, "validity check", async {
                    match session.check_validity().await.map_err(|e| e.to_string())? {
                        Validity::Valid => Ok("valid".into()),
                        Validity::Invalid { reason } => Err(reason),
                    }
                })
                .await
            }
        },
    ));

    if info.grant.can_login() {
        row.steps.push((
            "code flow",
            if info.has_code_flow() {
                step(name, "code flow", async {
                    let token = code_flow(&provider, &emulator)
                        .await
                        .map_err(|e| e.to_string())?;
                    Ok(format!("code exchanged, {}", describe(&token)))
                })
                .await
            } else {
                Step::Skipped("not declared")
            },
        ));
    }
    row
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
        .map_err(|e| Error::Config(format!("the demo's browser failed: {e}")))?;
    let callback = waiting
        .await
        .map_err(|e| Error::Config(format!("the listener failed: {e}")))??;
    let code = pending.complete(&callback)?;
    client.exchange_code(provider, code).await
}

fn describe(token: &Token) -> String {
    let refresh = if token.refresh_token().is_some() {
        "with a refresh token"
    } else {
        "no refresh token"
    };
    format!(
        "expires in {} s, {refresh}",
        token.lifetime().map_or(0, |l| l.as_secs())
    )
}

fn renewal_story(plan: Renewal, before: Option<&Token>, after: &Token) -> String {
    let old_refresh = before
        .and_then(|t| t.refresh_token())
        .map(|t| t.expose_secret().to_owned());
    let new_refresh = after.refresh_token().map(|t| t.expose_secret().to_owned());
    match (plan, old_refresh) {
        (Renewal::Refresh, Some(old)) if new_refresh.as_deref() != Some(old.as_str()) => {
            "refresh grant, refresh token rotated".into()
        }
        (Renewal::Refresh, Some(_)) => "refresh grant".into(),
        _ => "logged in again".into(),
    }
}

/// What the login proved besides the grant, when that is worth saying.
fn client_auth_note(auth: ClientAuth) -> &'static str {
    match auth {
        ClientAuth::PrivateKeyJwt(_) => ", signed assertion verified",
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
