//! Building a provider from its settings given as text (a command line, the environment, a
//! config file): [`FromSetting`] per field type, and the derive's `Provider::from_settings`,
//! which reports every missing or malformed setting at once.

use std::fmt;

use secrecy::SecretString;

/// A field type that can be given as text.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a setting",
    label = "this field's type cannot be given as text",
    note = "use String, SecretString, an integer, bool, url::Url, an enum deriving `Choice`, or an Option of one"
)]
pub trait FromSetting: Sized {
    /// The value for `text`, or `None` when the setting was not given.
    fn from_setting(text: Option<&str>) -> Result<Self, String>;

    /// A value that stands in for a setting that could not be read, so that reading goes on
    /// to the other settings and reports every problem at once. Never returned to a caller:
    /// [`SettingsReader::finish`] drops it with the error.
    #[doc(hidden)]
    fn placeholder() -> Self;
}

fn required(text: Option<&str>) -> Result<&str, String> {
    text.ok_or_else(|| "is required".to_owned())
}

#[diagnostic::do_not_recommend]
impl FromSetting for String {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        required(text).map(str::to_owned)
    }
    fn placeholder() -> Self {
        String::new()
    }
}

#[diagnostic::do_not_recommend]
impl FromSetting for SecretString {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        required(text).map(|t| SecretString::from(t.to_owned()))
    }
    fn placeholder() -> Self {
        SecretString::default()
    }
}

#[diagnostic::do_not_recommend]
impl FromSetting for url::Url {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        url::Url::parse(required(text)?).map_err(|e| format!("is not a URL ({e})"))
    }
    #[allow(clippy::unreachable)] // A constant that parses (tested), not data from outside.
    fn placeholder() -> Self {
        // A URL that always parses: `data:` needs no host.
        url::Url::parse("data:,").unwrap_or_else(|_| unreachable!("a constant URL"))
    }
}

#[diagnostic::do_not_recommend]
impl FromSetting for bool {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        match required(text)?.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err("must be true or false".into()),
        }
    }
    fn placeholder() -> Self {
        false
    }
}

#[diagnostic::do_not_recommend]
impl<T: FromSetting> FromSetting for Option<T> {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        text.map(|t| T::from_setting(Some(t))).transpose()
    }
    fn placeholder() -> Self {
        None
    }
}

macro_rules! integer_from_setting {
    ($($ty:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl FromSetting for $ty {
            fn from_setting(text: Option<&str>) -> Result<Self, String> {
                required(text)?
                    .trim()
                    .parse()
                    .map_err(|_| format!("must be a whole number ({})", stringify!($ty)))
            }
            fn placeholder() -> Self {
                0
            }
        }
    )*};
}
integer_from_setting!(i8, i16, i32, i64, u8, u16, u32, u64);

/// The JSON key file a provider issues (`settings_file`), given as one setting: an object
/// whose members named as the declaration's settings fill those not given on their own.
/// Members the declaration has no setting for (Google's `project_id`, `auth_uri`) are the
/// provider's business and are ignored.
pub(crate) struct KeyFile(serde_json::Map<String, serde_json::Value>);

impl KeyFile {
    /// The file given as the declaration's `settings_file` setting; `None` when it declares
    /// none or it was not given; an error, naming the setting and never quoting the file,
    /// when it is not a JSON object.
    pub(crate) fn read(
        info: &'static crate::info::ProviderInfo,
        source: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<KeyFile>, SettingsError> {
        let Some(name) = info.settings_file() else {
            return Ok(None);
        };
        let Some(text) = source(name) else {
            return Ok(None);
        };
        match serde_json::from_str(&text) {
            Ok(serde_json::Value::Object(members)) => Ok(Some(KeyFile(members))),
            _ => Err(SettingsError {
                provider: info.name(),
                problems: vec![(
                    name,
                    "is not a JSON object (the provider's key file)".into(),
                )],
            }),
        }
    }

    /// The member `name` as setting text: a string as it is, a number or boolean written out;
    /// `None` for a member absent, null, or not a scalar.
    pub(crate) fn member(&self, name: &str) -> Option<String> {
        match self.0.get(name)? {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Every setting that was missing or malformed, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The provider's name.
    pub provider: &'static str,
    /// `(setting, what is wrong)`, in field order.
    pub problems: Vec<(&'static str, String)>,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.provider)?;
        let listed: Vec<String> = self
            .problems
            .iter()
            .map(|(name, problem)| format!("setting `{name}` {problem}"))
            .collect();
        f.write_str(&listed.join("; "))
    }
}

impl std::error::Error for SettingsError {}

/// Reads a provider's settings for generated `from_settings`, one field at a time: a problem
/// is recorded and a placeholder stands in, so that every setting is looked at and the
/// generated code is one struct expression, without a branch per field.
#[doc(hidden)]
pub struct SettingsReader<'s> {
    source: &'s dyn Fn(&str) -> Option<String>,
    problems: Vec<(&'static str, String)>,
}

impl<'s> SettingsReader<'s> {
    /// Reads from `source`, by setting name.
    pub fn new(source: &'s dyn Fn(&str) -> Option<String>) -> Self {
        SettingsReader {
            source,
            problems: Vec::new(),
        }
    }

    /// `value` if every setting was read, or every problem.
    pub fn finish<T>(self, provider: &'static str, value: T) -> Result<T, SettingsError> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(SettingsError {
                provider,
                problems: self.problems,
            })
        }
    }
}

/// The setting `name` from `reader`, or a placeholder and a problem recorded. A function, not
/// a method, so that a field type that cannot be a setting is reported on the type alone.
pub fn read_setting<T: FromSetting>(reader: &mut SettingsReader<'_>, name: &'static str) -> T {
    let text = (reader.source)(name);
    T::from_setting(text.as_deref()).unwrap_or_else(|problem| {
        reader.problems.push((name, problem));
        T::placeholder()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_type_and_says_what_is_wrong() {
        assert_eq!(i64::from_setting(Some(" 42 ")), Ok(42));
        assert_eq!(
            i64::from_setting(Some("x")),
            Err("must be a whole number (i64)".into())
        );
        assert_eq!(i64::from_setting(None), Err("is required".into()));
        assert_eq!(Option::<i64>::from_setting(None), Ok(None));
        assert_eq!(Option::<u8>::from_setting(Some("7")), Ok(Some(7)));
        assert_eq!(bool::from_setting(Some("Yes")), Ok(true));
        assert!(url::Url::from_setting(Some("not a url")).is_err());
        assert_eq!(url::Url::placeholder().as_str(), "data:,");
    }

    #[test]
    fn a_reader_reads_every_setting_and_reports_every_problem() {
        let source = |name: &str| (name == "tenant_id").then(|| "x".to_owned());
        let mut reader = SettingsReader::new(&source);
        let tenant: i64 = read_setting(&mut reader, "tenant_id");
        let user: String = read_setting(&mut reader, "username");
        let note: Option<String> = read_setting(&mut reader, "note");
        let error = reader.finish("p", (tenant, user, note)).unwrap_err();
        assert_eq!(
            error.problems,
            [
                ("tenant_id", "must be a whole number (i64)".to_owned()),
                ("username", "is required".to_owned()),
            ]
        );
        let all = |name: &str| Some(if name == "n" { "7" } else { "v" }.to_owned());
        let mut reader = SettingsReader::new(&all);
        let read: (u8, String) = (
            read_setting(&mut reader, "n"),
            read_setting(&mut reader, "s"),
        );
        assert_eq!(reader.finish("p", read), Ok((7, "v".to_owned())));
    }
}
