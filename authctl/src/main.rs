//! `authctl`: get a token from a terminal for any declared provider, script against it, and
//! see why a login fails. Tokens are cached between runs in a file store (mode 0600).

mod catalogue;
mod cli;
mod commands;
#[cfg_attr(not(feature = "demo"), path = "no_demo.rs")]
mod demo;
mod failure;
mod registry;
mod settings;
mod store;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use commands::Context;
use failure::Failure;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.verbose {
        init_logging();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("authctl: cannot start: {error}");
            return ExitCode::from(4);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("authctl: {failure}");
            failure.exit_code()
        }
    }
}

async fn run(cli: Cli) -> Result<u8, Failure> {
    let context = Context {
        cache: cache_dir(cli.cache)?,
        store: cli.store,
        namespace: cli.namespace,
    };
    match cli.command {
        Command::Providers { format } => {
            commands::list(&registry::all(), format);
            Ok(0)
        }
        Command::Demo { all } => demo::run(all).await,
        command => {
            let name = match &command {
                Command::Token { target, .. }
                | Command::Header { target }
                | Command::Check { target }
                | Command::Login { target, .. }
                | Command::Request { target, .. }
                | Command::Logout { target } => target.provider.clone(),
                Command::Providers { .. } | Command::Demo { .. } => {
                    unreachable!("handled above")
                }
            };
            registry::dispatch(&name, command, &context).await
        }
    }
}

fn cache_dir(given: Option<PathBuf>) -> Result<PathBuf, Failure> {
    given
        .or_else(|| dirs::cache_dir().map(|dir| dir.join("authctl")))
        .ok_or_else(|| {
            Failure::Usage("no cache directory is known: give --cache DIR or AUTHCTL_CACHE".into())
        })
}

/// `-v`: what the runtime and authctl do, to stderr. Only their own events: the HTTP
/// libraries' are left out, and neither logs a secret.
fn init_logging() {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    let targets = Targets::new()
        .with_target("auth_runtime", tracing::Level::DEBUG)
        .with_target("authctl", tracing::Level::DEBUG);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .without_time(),
        )
        .with(targets)
        .init();
}
