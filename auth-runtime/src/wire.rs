//! Values as they travel: how a provider struct's fields become request parameters, headers and
//! URL placeholders, keeping their JSON type (Talview's `tenant_id` is a number) and their
//! secrecy (a password stays a [`SecretString`] until the body is encoded).

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// One value on the wire.
#[derive(Clone)]
#[non_exhaustive]
pub enum WireValue {
    /// Plain text, sent as a JSON string.
    Text(String),
    /// A secret, sent as a JSON string, exposed only when the request body is encoded.
    Secret(SecretString),
    /// A signed integer, sent as a JSON number.
    Integer(i64),
    /// An unsigned integer, sent as a JSON number.
    Unsigned(u64),
    /// A boolean, sent as a JSON boolean.
    Bool(bool),
    /// A value fixed by the declaration (a [`Choice`] variant's wire value): trusted, so it may
    /// fill a host placeholder with dots in it.
    Fixed(&'static str),
}

impl WireValue {
    /// The value as text, for form, query and header encodings. Exposes secrets: call only
    /// where the text goes straight onto the wire.
    pub(crate) fn expose_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            WireValue::Text(text) => text.as_str().into(),
            WireValue::Secret(secret) => secret.expose_secret().into(),
            WireValue::Integer(n) => n.to_string().into(),
            WireValue::Unsigned(n) => n.to_string().into(),
            WireValue::Bool(b) => b.to_string().into(),
            WireValue::Fixed(text) => (*text).into(),
        }
    }

    /// The value as JSON, keeping its type. Exposes secrets, like [`Self::expose_text`].
    pub(crate) fn expose_json(&self) -> serde_json::Value {
        match self {
            WireValue::Integer(n) => (*n).into(),
            WireValue::Unsigned(n) => (*n).into(),
            WireValue::Bool(b) => (*b).into(),
            other => other.expose_text().into_owned().into(),
        }
    }

    /// Whether the value is a secret.
    pub fn is_secret(&self) -> bool {
        matches!(self, WireValue::Secret(_))
    }
}

impl fmt::Debug for WireValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireValue::Secret(_) => f.write_str("[redacted]"),
            other => write!(f, "{:?}", other.expose_text()),
        }
    }
}

/// Whether a credential (an issued access token, an API key) can go in a header as is: RFC
/// 6750's `b64token` and the looser tokens real servers issue are all visible ASCII, with no
/// space or control character that could end the header or start another.
pub(crate) fn is_header_safe(credential: &str) -> bool {
    !credential.is_empty() && credential.bytes().all(|b| b.is_ascii_graphic())
}

/// A field type that can be sent as a request parameter, header or placeholder.
///
/// `None` means "send nothing": an `Option` field that is unset is left out of the request.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as a token request value",
    label = "this field's type cannot be encoded",
    note = "use String, SecretString, an integer, bool, url::Url, an enum deriving `Choice`, or an Option of one"
)]
// Its impls are `do_not_recommend`: the error for a type that is none of them says what to
// write (the note), instead of listing the runtime's impls.
pub trait ToWire {
    /// Whether a value must be given: `false` only for `Option`s.
    const REQUIRED: bool = true;
    /// Whether the value is a secret, hidden from output and refused on command lines.
    const SECRET: bool = false;
    /// The names a user may give, for an enum setting; empty for free-form values.
    const CHOICES: &'static [&'static str] = &[];

    /// The value to send, or `None` to send nothing.
    fn to_wire(&self) -> Option<WireValue>;
}

#[diagnostic::do_not_recommend]
impl ToWire for String {
    fn to_wire(&self) -> Option<WireValue> {
        Some(WireValue::Text(self.clone()))
    }
}

#[diagnostic::do_not_recommend]
impl ToWire for url::Url {
    fn to_wire(&self) -> Option<WireValue> {
        Some(WireValue::Text(self.as_str().to_owned()))
    }
}

#[diagnostic::do_not_recommend]
impl ToWire for SecretString {
    const SECRET: bool = true;
    fn to_wire(&self) -> Option<WireValue> {
        Some(WireValue::Secret(self.clone()))
    }
}

#[diagnostic::do_not_recommend]
impl ToWire for bool {
    fn to_wire(&self) -> Option<WireValue> {
        Some(WireValue::Bool(*self))
    }
}

#[diagnostic::do_not_recommend]
impl<T: ToWire> ToWire for Option<T> {
    const REQUIRED: bool = false;
    const SECRET: bool = T::SECRET;
    const CHOICES: &'static [&'static str] = T::CHOICES;
    fn to_wire(&self) -> Option<WireValue> {
        self.as_ref().and_then(ToWire::to_wire)
    }
}

macro_rules! integer_to_wire {
    ($variant:ident as $wide:ty: $($ty:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl ToWire for $ty {
            fn to_wire(&self) -> Option<WireValue> {
                Some(WireValue::$variant(<$wide>::from(*self)))
            }
        }
    )*};
}
integer_to_wire!(Integer as i64: i8, i16, i32, i64);
integer_to_wire!(Unsigned as u64: u8, u16, u32, u64);

/// A field type that holds a secret. Fields with a secret role (password, client secret) must
/// have such a type, so that no secret is ever a plain `String` that `Debug` would print.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a secret type, but this field holds a secret",
    label = "declare this field as `SecretString`",
    note = "secrets must be `auth_runtime::SecretString` (or an Option of it) so that Debug and logs never show them"
)]
pub trait SecretValue: ToWire {}

#[diagnostic::do_not_recommend]
impl SecretValue for SecretString {}
#[diagnostic::do_not_recommend]
impl SecretValue for Option<SecretString> {}

/// An enum setting with a fixed set of values, such as Talkdesk's region. Implemented by
/// `#[derive(Choice)]`.
pub trait Choice: Sized + Copy + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// The name a user gives for this variant (`us`), in settings and on the command line.
    fn name(&self) -> &'static str;
    /// What this variant puts on the wire (`talkdeskid.com`).
    fn wire_value(&self) -> &'static str;
    /// The variant a user named, if any.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name)
    }
}
