//! Where a provider's settings come from: `--set NAME=VALUE` and `PROVIDER_NAME` in the
//! environment for ordinary settings; the environment or a prompt on a terminal for secrets,
//! never the command line (it ends up in shell histories and process listings).

use std::io::IsTerminal;

use auth_runtime::{ProviderInfo, SettingInfo, SettingsError};

use crate::failure::Failure;

/// The settings given for one provider.
pub struct Settings {
    info: &'static ProviderInfo,
    given: Vec<(String, String)>,
}

impl Settings {
    /// Reads `--set` values, refusing unknown names and secrets.
    pub fn from_args(info: &'static ProviderInfo, set: &[String]) -> Result<Settings, Failure> {
        let mut given = Vec::new();
        for pair in set {
            let Some((name, value)) = pair.split_once('=') else {
                return Err(Failure::Usage(format!(
                    "--set takes NAME=VALUE, not `{pair}`"
                )));
            };
            let setting = find(info, name)?;
            if setting.secret() {
                return Err(Failure::Usage(format!(
                    "refusing `{name}` on the command line: it is a secret; put it in {} or let authctl prompt for it on a terminal",
                    env_name(info, name)
                )));
            }
            given.push((name.to_owned(), value.to_owned()));
        }
        Ok(Settings { info, given })
    }

    /// The value of setting `name`, or `None` when it was not given.
    pub fn value(&self, name: &str) -> Option<String> {
        let secret = self
            .info
            .settings()
            .iter()
            .any(|s| s.name() == name && s.secret());
        if !secret {
            if let Some((_, value)) = self.given.iter().rev().find(|(n, _)| n == name) {
                return Some(value.clone());
            }
        }
        if let Ok(value) = std::env::var(env_name(self.info, name)) {
            return Some(value);
        }
        let required = self
            .info
            .settings()
            .iter()
            .any(|s| s.name() == name && s.required());
        if secret && required && std::io::stdin().is_terminal() {
            return rpassword::prompt_password(format!("{} {name}: ", self.info.name())).ok();
        }
        None
    }

    /// A settings error, with every way to give each missing setting.
    pub fn explain(&self, error: SettingsError) -> Failure {
        let lines: Vec<String> = error
            .problems
            .iter()
            .map(|(name, problem)| {
                let how = if problem != "is required" {
                    String::new()
                } else if self.is_secret(name) {
                    format!(
                        ": set {} in the environment, or run on a terminal to be prompted",
                        env_name(self.info, name)
                    )
                } else {
                    format!(
                        ": give --set {name}=VALUE or set {}",
                        env_name(self.info, name)
                    )
                };
                format!("setting `{name}` {problem}{how}")
            })
            .collect();
        Failure::Usage(format!("{}: {}", self.info.name(), lines.join("; ")))
    }

    fn is_secret(&self, name: &str) -> bool {
        self.info
            .settings()
            .iter()
            .any(|s| s.name() == name && s.secret())
    }
}

/// `PROVIDER_NAME`, in upper case, with `-` as `_`: `TALVIEW_TENANT_ID`.
pub fn env_name(info: &ProviderInfo, name: &str) -> String {
    format!("{}_{}", info.name(), name)
        .replace('-', "_")
        .to_ascii_uppercase()
}

fn find(info: &'static ProviderInfo, name: &str) -> Result<&'static SettingInfo, Failure> {
    info.settings()
        .iter()
        .find(|s| s.name() == name)
        .ok_or_else(|| {
            let known: Vec<&str> = info.settings().iter().map(|s| s.name()).collect();
            Failure::Usage(format!(
                "{} has no setting `{name}`; its settings are {}",
                info.name(),
                known.join(", ")
            ))
        })
}
