//! Keeping secrets out of everything that came from the network before it reaches an error, a
//! log line or a panic message.
//!
//! Two layers, because servers echo what they were sent (`"invalid password: hunter2"`):
//!
//! 1. A [`Redactor`] knows the exact secrets of one request (the credentials it sent, the tokens
//!    the session holds, the tokens the answer carried) and replaces each of them in every
//!    encoding it may have travelled in: as is, percent-encoded for a form or a query (`+` or
//!    `%20` for a space, either case of hex), JSON-escaped (with or without `\/`), and base64
//!    (HTTP Basic's `id:secret` is added as its header carries it). A text that holds none of
//!    them is kept whole: it is what a user debugs with.
//! 2. [`excerpt`] then cuts a body short and redacts what merely *looks* like a credential: the
//!    value after a key that names one (`password=`, `"access_token":`, `authorization:`, every
//!    declared header name), whole, up to its closing quote or the end of its field; and any
//!    run of 16 or more token characters (a JWT, an opaque token).

use std::borrow::Cow;

use std::sync::OnceLock;

use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use secrecy::{ExposeSecret, SecretString};

/// What replaces a secret.
pub(crate) const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for: a two-letter "secret" would blank out every
/// occurrence of two letters in a message, and is not worth hiding.
const MIN_SECRET_CHARS: usize = 3;

/// The secrets of one request, searched for in every encoding they may come back in.
///
/// The encodings are computed on the first search, not when a secret is added: a request that
/// succeeds never searches, and pays only for keeping its secrets here.
#[derive(Default, Clone)]
pub(crate) struct Redactor {
    /// The secrets, as given.
    secrets: Vec<SecretString>,
    /// Every form of every secret, longest first, so that a longer form is replaced before a
    /// shorter one that it contains; computed on first use.
    needles: OnceLock<Vec<String>>,
    /// Header names whose values are credentials, lower case (`x-api-key`).
    header_names: Vec<&'static str>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor")
            .field("secrets", &self.secrets.len())
            .field("header_names", &self.header_names)
            .finish()
    }
}

impl Redactor {
    /// An empty redactor: only the heuristics of [`excerpt`] apply.
    pub(crate) fn new() -> Self {
        Redactor::default()
    }

    /// Adds a secret, to be searched for in every encoding it may travel in.
    pub(crate) fn secret(&mut self, secret: &str) {
        if secret.chars().count() < MIN_SECRET_CHARS
            || self.secrets.iter().any(|s| s.expose_secret() == secret)
        {
            return;
        }
        self.secrets.push(SecretString::from(secret));
        self.needles = OnceLock::new();
    }

    /// Adds a header whose value is a credential: an excerpt redacts what follows its name.
    pub(crate) fn header_name(&mut self, name: &'static str) {
        if !self.header_names.contains(&name) {
            self.header_names.push(name);
        }
    }

    /// Adds every secret of `other`.
    pub(crate) fn extend(&mut self, other: &Redactor) {
        for secret in &other.secrets {
            self.secret(secret.expose_secret());
        }
        for name in &other.header_names {
            self.header_name(name);
        }
    }

    /// Every form of every secret, longest first.
    fn needles(&self) -> &[String] {
        self.needles.get_or_init(|| {
            let mut needles: Vec<String> = self
                .secrets
                .iter()
                .flat_map(|secret| encodings(secret.expose_secret()))
                .collect();
            needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
            needles.dedup();
            needles
        })
    }

    /// `text` with every known secret replaced by `[redacted]`; borrowed when it held none.
    pub(crate) fn scrub<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        for needle in self.needles() {
            if out.contains(needle.as_str()) {
                out = Cow::Owned(out.replace(needle.as_str(), REDACTED));
            }
        }
        out
    }

    /// [`Self::scrub`] in place.
    pub(crate) fn scrub_in_place(&self, text: &mut String) {
        if let Cow::Owned(scrubbed) = self.scrub(text) {
            *text = scrubbed;
        }
    }

    /// An excerpt of `body`, its known secrets scrubbed first (see [`excerpt`]).
    pub(crate) fn excerpt(&self, body: &[u8]) -> String {
        // Scrub a little more than the excerpt reads, so a secret cut by the limit still goes.
        let longest = self.needles().first().map_or(0, String::len);
        let head = body
            .get(..EXCERPT_BYTES.saturating_add(longest))
            .unwrap_or(body);
        let text = String::from_utf8_lossy(head);
        excerpt_of(&self.scrub(&text), &self.header_names)
    }
}

/// A redactor built only when an error needs one: a request that succeeds builds none.
pub(crate) struct LazyRedactor<'a> {
    build: &'a dyn Fn() -> Redactor,
    built: Option<Redactor>,
}

impl<'a> LazyRedactor<'a> {
    /// A redactor that `build` makes on first use.
    pub(crate) fn new(build: &'a dyn Fn() -> Redactor) -> Self {
        LazyRedactor { build, built: None }
    }

    /// The redactor, built now if it was not yet.
    pub(crate) fn get(&mut self) -> &mut Redactor {
        self.built.get_or_insert_with(self.build)
    }
}

/// The forms a secret may take on the way back: raw, percent-encoded (form and query, upper and
/// lower hex), JSON-escaped, and base64 (standard and URL-safe, padded or not).
fn encodings(secret: &str) -> Vec<String> {
    let mut forms = vec![secret.to_owned()];
    let query = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
    let unreserved = unreserve(&query);
    for encoded in [query.clone(), unreserved.clone()] {
        forms.push(encoded.replace("%20", "+"));
        forms.push(lower_hex(&encoded));
        forms.push(lower_hex(&encoded.replace("%20", "+")));
        forms.push(encoded);
    }
    forms.push(url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>());
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or(&json)
        .to_owned();
    forms.push(json.replace('/', "\\/"));
    forms.push(json);
    let engines = [
        &base64::engine::general_purpose::STANDARD,
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    for engine in engines {
        forms.push(engine.encode(secret));
    }
    forms.retain(|f| f.chars().count() >= MIN_SECRET_CHARS);
    forms.sort();
    forms.dedup();
    forms
}

/// A percent-encoding with RFC 3986's unreserved punctuation (`-._~`) left as is, as most
/// encoders write it.
fn unreserve(encoded: &str) -> String {
    encoded
        .replace("%2D", "-")
        .replace("%2E", ".")
        .replace("%5F", "_")
        .replace("%7E", "~")
}

/// The same percent-encoding with lower-case hex digits (the two after each `%`).
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut hex_left = 0u8;
    for c in encoded.chars() {
        if hex_left > 0 {
            out.push(c.to_ascii_lowercase());
            hex_left = hex_left.saturating_sub(1);
        } else {
            out.push(c);
            if c == '%' {
                hex_left = 2;
            }
        }
    }
    out
}

/// How much of a body an excerpt reads.
const EXCERPT_BYTES: usize = 1024;

/// The longest excerpt of a body that an error carries, in characters.
pub(crate) const EXCERPT_CHARS: usize = 160;

/// The start of `body` for an error message, with whitespace folded and anything that may be a
/// credential replaced by `[redacted]`: the value after a key that names a token, password,
/// secret, key, code, assertion or authorization (whole, up to its closing quote or the end of
/// its field), and every run of 16 or more token characters.
#[cfg(test)]
pub(crate) fn excerpt(body: &[u8]) -> String {
    Redactor::new().excerpt(body)
}

fn excerpt_of(text: &str, header_names: &[&'static str]) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut shown = 0;
    while !rest.is_empty() {
        if shown >= EXCERPT_CHARS {
            out.push('…');
            break;
        }
        let (piece, tail) = next_piece(rest, header_names);
        rest = tail;
        if piece == " " && (out.is_empty() || out.ends_with(' ')) {
            continue; // Whitespace folds to one space.
        }
        shown = shown.saturating_add(piece.chars().count());
        out.push_str(&piece);
    }
    let out = out.trim_end().to_owned();
    if out.trim().is_empty() {
        "(empty body)".into()
    } else {
        out
    }
}

/// The next piece of an excerpt, redacted as needed, and what is left after it.
fn next_piece<'t>(text: &'t str, header_names: &[&'static str]) -> (Cow<'t, str>, &'t str) {
    let word_len = text
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(text.len(), |(i, _)| i);
    if word_len == 0 {
        let first = text.chars().next().map_or(0, char::len_utf8);
        let (c, tail) = text.split_at(first);
        return (fold(c), tail);
    }
    let (word, tail) = text.split_at(word_len);
    let key_value = secret_key(word, header_names).and_then(|kind| value_after_key(tail, kind));
    if let Some((gap, after)) = key_value {
        let shown = format!("{word}{gap}{REDACTED}{}", closing_quote(gap));
        return (Cow::Owned(shown), after);
    }
    if word.len() >= 16 {
        return (Cow::Borrowed(REDACTED), tail);
    }
    (Cow::Borrowed(word), tail)
}

/// Characters of a token-like word.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/".contains(c)
}

/// Whitespace folded to one space, control characters dropped.
fn fold(c: &str) -> Cow<'_, str> {
    match c.chars().next() {
        Some(c) if c.is_whitespace() => Cow::Borrowed(" "),
        Some(c) if c.is_control() => Cow::Borrowed(""),
        _ => Cow::Borrowed(c),
    }
}

/// What kind of value follows a key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    /// A parameter or field (`password`, `access_token`): its value ends at the field's end.
    Field,
    /// A header (`authorization`, `x-api-key`): its value may hold spaces (`Basic …`).
    Header,
}

/// Whether `word` is a key whose value is a credential, and which kind.
fn secret_key(word: &str, header_names: &[&'static str]) -> Option<KeyKind> {
    let key = word
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_lowercase();
    if key.is_empty() {
        return None;
    }
    let header = [
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "api-key",
        "cookie",
    ]
    .contains(&key.as_str())
        || header_names.iter().any(|h| h.eq_ignore_ascii_case(&key));
    if header {
        return Some(KeyKind::Header);
    }
    [
        "token",
        "password",
        "passwd",
        "secret",
        "key",
        "code",
        "assertion",
        "credential",
        "signature",
    ]
    .iter()
    .any(|needle| key.contains(needle))
    .then_some(KeyKind::Field)
}

/// After a key, the gap to its value (`"`, `:`, `=` and spaces) and what follows the value;
/// `None` when no separator follows, so the word was not a key (`"invalid token"`), or when
/// the value is empty.
fn value_after_key(tail: &str, kind: KeyKind) -> Option<(&str, &str)> {
    let separator = tail
        .char_indices()
        .find(|&(_, c)| !matches!(c, '"' | '\'' | ':' | '=' | ' ' | '\t' | '\\'))
        .map_or(tail.len(), |(i, _)| i);
    let (gap, value) = tail.split_at_checked(separator)?;
    if !gap.contains([':', '=']) {
        return None;
    }
    let len = match opening_quote(gap) {
        Some(quote) => quoted_len(value, quote, gap.trim_end().ends_with("\\\"")),
        None => unquoted_len(value, kind),
    };
    let after = value.get(len..).filter(|_| len > 0)?;
    Some((gap, after))
}

/// The quote a value opens with, if the gap before it ends with one.
fn opening_quote(gap: &str) -> Option<char> {
    let last = gap.trim_end_matches([' ', '\t']).chars().last()?;
    matches!(last, '"' | '\'').then_some(last)
}

/// The closing quote to write back after a redacted quoted value.
fn closing_quote(gap: &str) -> &'static str {
    match opening_quote(gap) {
        Some('"') if gap.trim_end().ends_with("\\\"") => "\\\"",
        Some('"') => "\"",
        Some('\'') => "'",
        _ => "",
    }
}

/// The length of a quoted value through its closing quote. When the opening quote was itself
/// escaped (JSON inside a JSON string: `\"password\":\"…\"`), an escaped quote closes it.
fn quoted_len(value: &str, quote: char, escaped_quotes: bool) -> usize {
    let quote = quote as u8;
    let mut i = 0usize;
    while let Some(rest) = value.as_bytes().get(i..).filter(|r| !r.is_empty()) {
        let (step, closes) = if escaped_quotes {
            // One level down, `\\\"` is a quote inside the value, `\\` a backslash, `\"` the end.
            if rest.starts_with(&[b'\\', b'\\', b'\\', quote]) {
                (4, false)
            } else if rest.starts_with(b"\\\\") {
                (2, false)
            } else if rest.starts_with(&[b'\\', quote]) {
                (2, true)
            } else {
                (1, false)
            }
        } else if rest.first() == Some(&b'\\') {
            (2, false)
        } else {
            (1, rest.first() == Some(&quote))
        };
        i = i.saturating_add(step);
        if closes {
            return i;
        }
    }
    value.len()
}

/// The length of an unquoted value: to the end of its field (`&`, `,`, `;`, a bracket or a
/// line end), or for a field also to a space.
fn unquoted_len(value: &str, kind: KeyKind) -> usize {
    value
        .char_indices()
        .find(|&(_, c)| {
            matches!(c, '&' | ',' | ';' | '}' | ']' | '\n' | '\r' | '"' | '<')
                || (kind == KeyKind::Field && c.is_whitespace())
        })
        .map_or(value.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests;
