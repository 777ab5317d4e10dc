//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Get, inspect and use tokens of every declared provider.
#[derive(Parser, Debug)]
#[command(name = "authctl", version, about)]
pub struct Cli {
    /// Log what is happening (requests, renewals, cache hits) to stderr; never a secret.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Where tokens are cached [default: the user's cache directory, under authctl/].
    #[arg(long, global = true, env = "AUTHCTL_CACHE", value_name = "DIR")]
    pub cache: Option<PathBuf>,

    /// A store that several machines share, instead of the file cache: `redis://HOST:PORT/DB`
    /// or `postgres://USER@HOST:PORT/DB` (in plain to loopback or a Unix socket only). Its records
    /// are sealed with the key in AUTHCTL_STORE_KEY (32 bytes, base64), named by
    /// AUTHCTL_STORE_KEY_ID (default `k1`); the key is never taken from the command line.
    /// Over TLS (rediss://, sslmode=require), the server's certificate is checked against the
    /// system's roots, or the CA certificates of the PEM file AUTHCTL_STORE_CA names.
    #[arg(long, global = true, env = "AUTHCTL_STORE", value_name = "URL")]
    pub store: Option<String>,

    /// The shared store's namespace, so that several applications can share one server.
    #[arg(
        long,
        global = true,
        env = "AUTHCTL_STORE_NAMESPACE",
        default_value = "authctl",
        value_name = "NAME"
    )]
    pub namespace: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List every declared provider with its settings and grants.
    Providers {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print a valid token: from the cache while valid, renewing or logging in when needed.
    Token {
        #[command(flatten)]
        target: Target,
        #[arg(long, value_enum, default_value_t = TokenFormat::Raw)]
        format: TokenFormat,
    },
    /// Print every header an API call carries, one per line: `Authorization` and the
    /// provider's declared API headers (Altrata's `x-api-key`).
    Header {
        #[command(flatten)]
        target: Target,
    },
    /// Exit 0 when the cached token is valid (asking the provider's validity endpoint where it
    /// declares one), 1 when it is not.
    Check {
        #[command(flatten)]
        target: Target,
    },
    /// Run the authorization code flow through a loopback redirect listener and cache the token.
    Login {
        #[command(flatten)]
        target: Target,
        /// The loopback port to listen on [default: one the system picks].
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Do not try to open a browser; the URL is printed to stderr either way.
        #[arg(long)]
        no_browser: bool,
        /// Seconds to wait for the redirect, or for the user to approve the device code.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// The device flow (RFC 8628) instead of a browser: print a code and a URL to open on
        /// any device, and wait for the approval. The default for a device-code provider.
        #[arg(long)]
        device: bool,
    },
    /// Send an authenticated request and print the response body.
    Request {
        #[command(flatten)]
        target: Target,
        /// The URL to request.
        url: String,
        /// The HTTP method.
        #[arg(long, default_value = "GET")]
        method: String,
        /// The request body.
        #[arg(long)]
        data: Option<String>,
        /// An extra header, 'Name: value' (repeatable).
        #[arg(long = "header", value_name = "NAME: VALUE")]
        headers: Vec<String>,
    },
    /// Run every flow of the seed providers against offline emulators, and print what
    /// happened.
    // Without the `demo` feature there are no emulators: hidden, and it says how to get them.
    #[cfg_attr(not(feature = "demo"), command(hide = true))]
    Demo {
        /// Every declared provider, each with demo settings, not only the seed providers.
        #[arg(long)]
        all: bool,
    },
    /// Forget the cached tokens of this identity.
    Logout {
        #[command(flatten)]
        target: Target,
    },
}

/// Which provider identity a command is about.
#[derive(Args, Debug)]
pub struct Target {
    /// The provider's name (see `authctl providers`).
    pub provider: String,

    /// A non-secret setting, NAME=VALUE (repeatable); also read from PROVIDER_NAME in the
    /// environment. Secrets come only from the environment or a prompt.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,

    /// Send every request to this `scheme://host[:port]` instead, keeping paths (plain http only
    /// to a loopback address).
    #[arg(long, env = "AUTHCTL_ORIGIN", value_name = "URL")]
    pub origin: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ListFormat {
    Text,
    Json,
    /// The README's table of providers and its count of authentication kinds.
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum TokenFormat {
    /// The access token alone.
    Raw,
    /// The `Authorization: Bearer …` line alone (`authctl header` prints every header).
    Header,
    /// One JSON object: the token, its type, `expires_in` and `expires_at` (null for a token
    /// that never expires, with `never_expires`), its scope and whether a refresh token is held.
    Json,
}
