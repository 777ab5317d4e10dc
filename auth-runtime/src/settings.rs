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
}

fn required(text: Option<&str>) -> Result<&str, String> {
    text.ok_or_else(|| "is required".to_owned())
}

#[diagnostic::do_not_recommend]
impl FromSetting for String {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        required(text).map(str::to_owned)
    }
}

#[diagnostic::do_not_recommend]
impl FromSetting for SecretString {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        required(text).map(|t| SecretString::from(t.to_owned()))
    }
}

#[diagnostic::do_not_recommend]
impl FromSetting for url::Url {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        url::Url::parse(required(text)?).map_err(|e| format!("is not a URL ({e})"))
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
}

#[diagnostic::do_not_recommend]
impl<T: FromSetting> FromSetting for Option<T> {
    fn from_setting(text: Option<&str>) -> Result<Self, String> {
        text.map(|t| T::from_setting(Some(t))).transpose()
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
        }
    )*};
}
integer_from_setting!(i8, i16, i32, i64, u8, u16, u32, u64);

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

/// Reads one setting for generated `from_settings`; a problem is recorded, not returned, so
/// that every setting is looked at.
pub fn read_setting<T: FromSetting>(
    name: &'static str,
    source: &dyn Fn(&str) -> Option<String>,
    problems: &mut Vec<(&'static str, String)>,
) -> Option<T> {
    let text = source(name);
    match T::from_setting(text.as_deref()) {
        Ok(value) => Some(value),
        Err(problem) => {
            problems.push((name, problem));
            None
        }
    }
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
    }
}
