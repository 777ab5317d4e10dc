//! Why a command failed, and its exit status:
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | `check` found the token invalid |
//! | 2 | usage or settings error |
//! | 3 | the provider refused (bad credentials, `invalid_grant`, `invalid_client`, a refusal in its own words) |
//! | 4 | transport or server failure (connect, timeout, 5xx, unreadable response) |

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
    /// The exit status for this failure.
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
        | Error::ReauthorizationRequired { .. }
        | Error::StateMismatch { .. }
        | Error::InvalidCallback { .. } => 3,
        Error::Http { status, .. } if status.is_client_error() => 3,
        Error::InsecureEndpoint { .. }
        | Error::InvalidSetting { .. }
        | Error::Config { .. }
        | Error::Unsupported { .. }
        | Error::Store { .. } => 2,
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
            Failure::Auth(error) => write!(f, "{error}"),
            Failure::Status(status) => write!(f, "the API answered HTTP {}", status.as_u16()),
        }
    }
}
