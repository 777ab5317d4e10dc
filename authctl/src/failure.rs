//! Why a command failed, and its exit status:
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | `check` found the token invalid |
//! | 2 | usage or settings error |
//! | 3 | the provider refused (bad credentials, `invalid_grant`, `invalid_client`, a refusal in its own words) |
//! | 4 | transport or server failure (connect, timeout, 5xx, unreadable response) |
//! | 5 | local failure: the token cache (a file under `--cache` that cannot be created, read, written or locked, or is refused as unsafe), or the shared store of `--store` (unreachable, its lease not had in time, a record that does not open with the key) |
//!
//! A failure prints as its message followed by the causes behind it, `top: cause: cause`, so
//! that a refused connection says "Connection refused" and not only "error sending request".

use std::fmt;
use std::process::ExitCode;

use auth_runtime::Error;

/// A command's failure.
#[derive(Debug)]
pub enum Failure {
    /// The command line or the settings are wrong.
    Usage(String),
    /// The token request, or the request made with the token, failed.
    Auth(Error),
    /// The API answered a request with a status that is not 2xx.
    Status(reqwest::StatusCode),
}

impl Failure {
    /// The exit status for this failure: the table above, in one place.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Auth(error) => auth_code(error),
            Failure::Status(status) if status.is_client_error() => 3,
            Failure::Status(_) => 4,
        }
    }

    /// The same, for `main`.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }
}

fn auth_code(error: &Error) -> u8 {
    match error {
        Error::OAuth { .. }
        | Error::Refused { .. }
        | Error::AuthorizationDenied { .. }
        | Error::DeviceCodeExpired { .. }
        | Error::ReauthorizationRequired { .. }
        | Error::StateMismatch { .. }
        | Error::InvalidCallback { .. } => 3,
        Error::Http { status, .. } if status.is_client_error() => 3,
        Error::InsecureEndpoint { .. }
        | Error::InvalidSetting { .. }
        | Error::Config { .. }
        | Error::Unsupported { .. } => 2,
        // The cache (or the shared store) is the user's: neither the command line nor the
        // provider is at fault, and trying again may not help until it is fixed.
        Error::Store { .. }
        | Error::UnsafeStoreFile { .. }
        | Error::LeaseUnavailable { .. }
        | Error::SealedRecord { .. } => 5,
        _ => 4,
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Auth(error)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) => f.write_str(message),
            Failure::Auth(error) => {
                write_chain(f, error)?;
                if let Error::ReauthorizationRequired { provider, .. } = error {
                    write!(f, " (run `authctl login {provider}`)")?;
                }
                Ok(())
            }
            Failure::Status(status) => write!(f, "the API answered HTTP {}", status.as_u16()),
        }
    }
}

/// `error`, then every cause behind it, each after `: ` (the form of anyhow's `{:#}`). The
/// runtime's messages already end with the text of their immediate cause (`cannot reach
/// iadvize: error sending request`, whose source is that `error sending request`), so a cause
/// the text written so far ends with is not written again; the causes behind it still are.
///
/// No secret reaches the output this way: a source is never unscrubbed text from the network
/// (see `auth_runtime::Error`), only the error of a connection, a file, a parser of local
/// settings, or a runtime error scrubbed like the rest.
fn write_chain(
    f: &mut fmt::Formatter<'_>,
    error: &(dyn std::error::Error + 'static),
) -> fmt::Result {
    let mut written = error.to_string();
    let mut cause = error.source();
    while let Some(current) = cause {
        let text = current.to_string();
        if !written.ends_with(&text) {
            written.push_str(": ");
            written.push_str(&text);
        }
        cause = current.source();
    }
    f.write_str(&written)
}
