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
    /// The provider's key file (`settings_file`), read from the path given.
    key_file: Option<String>,
}

impl Settings {
    /// Reads `--set` values, refusing unknown names and secrets.
    pub fn from_args(info: &'static ProviderInfo, set: &[String]) -> Result<Settings, Failure> {
        let mut given = Vec::new();
        let mut key_file_path = None;
        for pair in set {
            let Some((name, value)) = pair.split_once('=') else {
                return Err(Failure::Usage(format!(
                    "--set takes NAME=VALUE, not `{pair}`"
                )));
            };
            if Some(name) == info.settings_file() {
                // A path is not a secret; the file it names is, and is never printed.
                key_file_path = Some(value.to_owned());
                continue;
            }
            let setting = find(info, name)?;
            if setting.secret() {
                return Err(Failure::Usage(format!(
                    "refusing `{name}` on the command line: it is a secret; put it in {} or let authctl prompt for it on a terminal",
                    env_name(info, name)
                )));
            }
            given.push((name.to_owned(), value.to_owned()));
        }
        let key_file = read_key_file(info, key_file_path)?;
        Ok(Settings {
            info,
            given,
            key_file,
        })
    }

    /// The value of setting `name`, or `None` when it was not given.
    pub fn value(&self, name: &str) -> Option<String> {
        if Some(name) == self.info.settings_file() {
            return self.key_file.clone();
        }
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
        // A secret the key file holds is read from it, not asked for.
        if secret && required && !self.in_key_file(name) && std::io::stdin().is_terminal() {
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
                let key_file = self
                    .info
                    .settings_file()
                    .filter(|_| self.key_file.is_none() && self.is_secret(name));
                let how = if problem != "is required" {
                    String::new()
                } else if let Some(file) = key_file {
                    format!(
                        ": give the provider's key file with --set {file}=PATH or {}, or set {}",
                        env_name(self.info, file),
                        env_name(self.info, name)
                    )
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

    /// Whether the key file given has a member `name`.
    fn in_key_file(&self, name: &str) -> bool {
        let Some(text) = &self.key_file else {
            return false;
        };
        serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|file| file.get(name).is_some_and(|member| !member.is_null()))
    }

    fn is_secret(&self, name: &str) -> bool {
        self.info
            .settings()
            .iter()
            .any(|s| s.name() == name && s.secret())
    }
}

/// The key file of a provider that declares `settings_file`, from the path given with `--set`
/// or in `PROVIDER_KEY_FILE`: its content, or a usage error naming the path (never the
/// content).
fn read_key_file(
    info: &'static ProviderInfo,
    path: Option<String>,
) -> Result<Option<String>, Failure> {
    let Some(name) = info.settings_file() else {
        return Ok(None);
    };
    let Some(path) = path.or_else(|| std::env::var(env_name(info, name)).ok()) else {
        return Ok(None);
    };
    std::fs::read_to_string(&path).map(Some).map_err(|e| {
        Failure::Usage(format!(
            "{}: cannot read the key file `{path}` ({name}): {}",
            info.name(),
            e.kind()
        ))
    })
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
