//! Endpoint URLs: filling a declared template's `{placeholders}` from the provider's fields,
//! joining relative paths onto a base URL setting, the origin override, and the rule that
//! credentials go only over https or to a loopback address.
//!
//! Templates were checked when the provider was compiled, so a template that does not parse is
//! a bug in the derive; a value that does not fit is the user's setting and gets
//! [`Error::InvalidSetting`].

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use arc_swap::ArcSwapOption;

use auth_vocab::loopback;
use auth_vocab::template::{Part, Piece};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use url::Url;

use crate::error::Error;
use crate::wire::WireValue;

/// Characters percent-encoded when a value fills a path or query placeholder: everything but
/// RFC 3986's unreserved characters, so a value can never add a path segment or a parameter.
const COMPONENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b',')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'\'');

/// A placeholder's value, named by the field it comes from.
pub struct Binding<'a> {
    /// The placeholder (and field) name.
    pub name: &'static str,
    /// Its value; `None` when the field is an unset `Option`.
    pub value: Option<&'a WireValue>,
}

/// A declared endpoint template, split into its pieces by the derive at compile time (the
/// grammar is `auth_vocab::template`'s), so that filling it parses nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    text: &'static str,
    pieces: &'static [Piece<'static>],
}

impl Template {
    /// The template `text`, already split into `pieces`.
    pub const fn new(text: &'static str, pieces: &'static [Piece<'static>]) -> Template {
        Template { text, pieces }
    }

    /// The template as declared.
    pub const fn text(&self) -> &'static str {
        self.text
    }

    /// The fields its placeholders name, in order.
    pub(crate) fn placeholders(&self) -> impl Iterator<Item = &'static str> {
        self.pieces.iter().filter_map(|piece| match *piece {
            Piece::Field { name, .. } => Some(name),
            Piece::Text(_) => None,
        })
    }

    /// Whether it is a path, joined onto the base-URL setting (`/oauth/token`).
    pub(crate) fn is_relative(&self) -> bool {
        auth_vocab::template::is_relative(self.text)
    }

    /// Whether it is the same URL whatever the fields hold: absolute, without placeholders.
    pub(crate) fn is_fixed(&self) -> bool {
        !self.is_relative() && self.placeholders().next().is_none()
    }
}

/// Fills `template` and, when it is a relative path, joins it onto `base` (the provider's
/// base-URL setting). The result is absolute.
pub fn fill(
    template: &Template,
    base: Option<Binding<'_>>,
    bindings: &[Binding<'_>],
) -> Result<Url, Error> {
    let mut out = String::with_capacity(template.text.len().saturating_add(32));
    for piece in template.pieces {
        match *piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field { name, part } => out.push_str(&fill_one(name, part, bindings)?),
        }
    }
    match base {
        None => {
            Url::parse(&out).map_err(|e| Error::config_caused_by(format!("endpoint `{out}`"), e))
        }
        Some(Binding {
            name,
            value: Some(base),
        }) => join(name, base, &out),
        Some(Binding { name, value: None }) => Err(invalid(name, "is required but not set")),
    }
}

/// The URL of a template without placeholders or a base (see [`Template::is_fixed`]), parsed
/// once per process and cloned after that: parsing a URL with a domain in it (its IDNA check,
/// its path) costs more than all the rest of building a token request. Declared templates are
/// `'static` and finite, so the cache is bounded by the declarations linked in.
pub(crate) fn fixed(text: &'static str) -> Result<Url, Error> {
    type Parsed = HashMap<&'static str, Result<Url, url::ParseError>>;
    static PARSED: OnceLock<RwLock<Parsed>> = OnceLock::new();
    let parsed = PARSED.get_or_init(RwLock::default);
    let known = parsed
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(text)
        .cloned();
    let result = known.unwrap_or_else(|| {
        let result = Url::parse(text);
        let mut cache = parsed.write().unwrap_or_else(PoisonError::into_inner);
        cache.insert(text, result.clone());
        result
    });
    result.map_err(|e| Error::config_caused_by(format!("endpoint `{text}`"), e))
}

fn fill_one(name: &str, part: Part, bindings: &[Binding<'_>]) -> Result<String, Error> {
    let binding = bindings
        .iter()
        .find(|b| b.name == name)
        .ok_or_else(|| Error::config(format!("placeholder `{{{name}}}` has no field")))?;
    let Some(value) = binding.value else {
        return Err(invalid(
            binding.name,
            "is required by the endpoint but not set",
        ));
    };
    if value.is_secret() {
        return Err(invalid(binding.name, "a secret cannot be part of a URL"));
    }
    let text = value.expose_text();
    if part == Part::Host {
        host_label(binding.name, value, &text)
    } else if part == Part::Path && matches!(&*text, "" | "." | "..") {
        // Encoding cannot help: `%2E%2E` is a dot segment to URL parsers too (WHATWG URL).
        Err(invalid(
            binding.name,
            "cannot be empty, `.` or `..`: it would change which path is requested",
        ))
    } else {
        Ok(utf8_percent_encode(&text, COMPONENT).to_string())
    }
}

/// A user's value in a host name must be one DNS label, so that an account name cannot point
/// the request at another domain. Values fixed by the declaration (a `Choice`) are trusted.
fn host_label(name: &'static str, value: &WireValue, text: &str) -> Result<String, Error> {
    let fixed = matches!(value, WireValue::Fixed(_));
    let label_ok = !text.is_empty()
        && text.len() <= 63
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if fixed || label_ok {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(invalid(
            name,
            "must be a host name label: letters, digits and '-' only",
        ))
    }
}

fn join(setting: &'static str, base: &WireValue, path: &str) -> Result<Url, Error> {
    let base_text = base.expose_text();
    let mut url =
        Url::parse(&base_text).map_err(|e| invalid(setting, &format!("not a URL ({e})")))?;
    if url.cannot_be_a_base() || url.host_str().is_none() {
        return Err(invalid(setting, "must be an http(s) URL with a host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(setting, "must not have a query or fragment"));
    }
    // A fixed query in the template (`/token?grant_type=x`) stays a query, not part of the path.
    let (path, query) = match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    };
    let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
    url.set_path(&joined);
    url.set_query(query);
    Ok(url)
}

fn invalid(setting: &'static str, reason: &str) -> Error {
    Error::InvalidSetting {
        setting,
        reason: reason.to_owned(),
    }
}

/// A scheme, host and port that replace those of every endpoint of a provider, keeping paths:
/// how tests and local emulators stand in for the real provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(Url);

impl Origin {
    /// Parses `http://127.0.0.1:8080`-style origins. A path other than `/`, a query, a
    /// fragment or credentials are refused: an origin is only where to connect.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let url =
            Url::parse(text).map_err(|e| Error::config_caused_by(format!("origin `{text}`"), e))?;
        let bare = url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none();
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || !bare {
            return Err(Error::config(format!(
                "origin `{text}` must be scheme://host[:port] and nothing else"
            )));
        }
        Ok(Origin(url))
    }

    /// The origin as a URL (`http://127.0.0.1:8080/`).
    pub fn url(&self) -> &Url {
        &self.0
    }

    /// Moves `url` to this origin, keeping its path and query.
    pub fn apply(&self, url: &mut Url) {
        let mut moved = self.0.clone();
        moved.set_path(url.path());
        if url.query().is_some() {
            moved.set_query(url.query());
        }
        *url = moved;
    }
}

/// An origin override with the last endpoint it moved, and where to: moving a URL re-parses its
/// path, and a client sends its token requests to the same few endpoints over and over.
#[derive(Debug)]
pub(crate) struct Relocation {
    origin: Origin,
    last: ArcSwapOption<(Url, Url)>,
}

impl Relocation {
    pub(crate) fn new(origin: Origin) -> Self {
        Relocation {
            origin,
            last: ArcSwapOption::empty(),
        }
    }

    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Moves `url` to the origin, as [`Origin::apply`] does.
    pub(crate) fn apply(&self, url: &mut Url) {
        if let Some(last) = &*self.last.load() {
            if last.0 == *url {
                url.clone_from(&last.1);
                return;
            }
        }
        let declared = url.clone();
        self.origin.apply(url);
        self.last.store(Some(Arc::new((declared, url.clone()))));
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str().trim_end_matches('/'))
    }
}

impl std::str::FromStr for Origin {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Origin::parse(text)
    }
}

/// Refuses to send credentials anywhere but https or a loopback address (the rule of
/// `auth_vocab::loopback`, which the derive applies to declared endpoints too).
pub(crate) fn ensure_secure(url: &Url) -> Result<(), Error> {
    if loopback::may_carry_credentials(url.scheme(), url.host_str().unwrap_or("")) {
        return Ok(());
    }
    Err(Error::InsecureEndpoint {
        url: format!(
            "{}://{}{}",
            url.scheme(),
            url.host_str().unwrap_or(""),
            url.path()
        ),
    })
}

/// `text` parsed as the derive would, for tests that write templates as text.
#[cfg(test)]
pub(crate) fn template(text: &'static str) -> Template {
    let pieces = auth_vocab::template::parse(text).expect("a valid template");
    Template::new(text, Vec::leak(pieces))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> WireValue {
        WireValue::Text(value.to_owned())
    }

    #[test]
    fn a_fixed_url_is_what_fill_gives_every_time() {
        let template = "https://api.example.com/oauth2/token";
        assert!(super::template(template).is_fixed());
        let filled = fill(&super::template(template), None, &[]).unwrap();
        assert_eq!(fixed(template).unwrap(), filled);
        assert_eq!(fixed(template).unwrap(), filled);
    }

    #[test]
    fn a_fixed_url_that_does_not_parse_is_an_error_every_time() {
        for _ in 0..2 {
            let error = fixed("not a url").unwrap_err();
            assert!(error.to_string().contains("not a url"), "{error}");
        }
    }

    #[test]
    fn a_template_with_placeholders_or_a_base_is_not_fixed() {
        assert!(!super::template("https://{site}.example.com/token").is_fixed());
        assert!(!super::template("/oauth/token").is_fixed());
    }

    #[test]
    fn fills_host_and_path_placeholders() {
        let account = text("Acme-1");
        let region = WireValue::Fixed("talkdeskid.eu");
        let id = text("a b/c?d");
        let url = fill(
            &template("https://{account}.{region}/users/{id}/token"),
            None,
            &[
                Binding {
                    name: "account",
                    value: Some(&account),
                },
                Binding {
                    name: "region",
                    value: Some(&region),
                },
                Binding {
                    name: "id",
                    value: Some(&id),
                },
            ],
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://acme-1.talkdeskid.eu/users/a%20b%2Fc%3Fd/token"
        );
    }

    #[test]
    fn refuses_a_host_value_that_leaves_its_label() {
        for hostile in ["evil.com/x", "evil.com", "a@b", "", "a b"] {
            let value = text(hostile);
            let err = fill(
                &template("https://{account}.talkdeskid.com/oauth/token"),
                None,
                &[Binding {
                    name: "account",
                    value: Some(&value),
                }],
            )
            .unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidSetting {
                        setting: "account",
                        ..
                    }
                ),
                "{hostile}"
            );
        }
    }

    /// A tenant endpoint with `{tenant}` filled with `value`.
    fn tenant_endpoint(value: &str) -> Result<Url, Error> {
        let value = text(value);
        fill(
            &template("https://login.example.com/tenants/{tenant}/oauth/token"),
            None,
            &[Binding {
                name: "tenant",
                value: Some(&value),
            }],
        )
    }

    #[test]
    fn a_path_placeholder_cannot_change_the_path() {
        for hostile in ["..", ".", ""] {
            let err = tenant_endpoint(hostile).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidSetting {
                        setting: "tenant",
                        ..
                    }
                ),
                "{hostile:?}: {err}"
            );
        }
        for kept in ["...", "a..b", "%2e%2e", "../x", "./", "%2E."] {
            let url = tenant_endpoint(kept).unwrap();
            assert_eq!(url.host_str(), Some("login.example.com"), "{kept}");
            let segments: Vec<&str> = url.path_segments().unwrap().collect();
            assert_eq!(segments.len(), 4, "{kept}: {url}");
            assert_eq!(
                (segments[0], segments[2], segments[3]),
                ("tenants", "oauth", "token"),
                "{kept}: {url}"
            );
        }
    }

    #[test]
    fn a_placeholder_in_the_query_fills_a_value_even_without_a_path() {
        let tenant = text("Acme.. &x=1");
        for (template, expected) in [
            (
                "https://login.example.com?tenant={tenant}",
                "https://login.example.com/?tenant=Acme..%20%26x%3D1",
            ),
            (
                "https://login.example.com/token?v=2&tenant={tenant}",
                "https://login.example.com/token?v=2&tenant=Acme..%20%26x%3D1",
            ),
        ] {
            let url = fill(
                &super::template(template),
                None,
                &[Binding {
                    name: "tenant",
                    value: Some(&tenant),
                }],
            )
            .unwrap();
            assert_eq!(url.as_str(), expected, "{template}");
            assert_eq!(url.query_pairs().count(), template.matches('=').count());
        }
        for dots in ["", ".", ".."] {
            let value = text(dots);
            let url = fill(
                &template("https://login.example.com/token?tenant={tenant}"),
                None,
                &[Binding {
                    name: "tenant",
                    value: Some(&value),
                }],
            )
            .unwrap();
            assert_eq!(url.path(), "/token", "{dots:?} is only a query value");
        }
    }

    #[test]
    fn a_fixed_query_under_a_base_url_stays_a_query() {
        let base = text("https://tali.example/api");
        let url = fill(
            &template("/oauth/token?grant_type=account_credentials"),
            Some(Binding {
                name: "base_url",
                value: Some(&base),
            }),
            &[],
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://tali.example/api/oauth/token?grant_type=account_credentials"
        );
    }

    #[test]
    fn joins_relative_paths_onto_the_base_url() {
        for (base, expected) in [
            ("https://tali.example", "https://tali.example/oauth/token"),
            ("https://tali.example/", "https://tali.example/oauth/token"),
            (
                "https://tali.example/api/",
                "https://tali.example/api/oauth/token",
            ),
        ] {
            let base = text(base);
            let url = fill(
                &template("/oauth/token"),
                Some(Binding {
                    name: "base_url",
                    value: Some(&base),
                }),
                &[],
            )
            .unwrap();
            assert_eq!(url.as_str(), expected);
        }
        let bad = text("not a url");
        assert!(matches!(
            fill(
                &template("/oauth/token"),
                Some(Binding {
                    name: "base_url",
                    value: Some(&bad)
                }),
                &[]
            ),
            Err(Error::InvalidSetting {
                setting: "base_url",
                ..
            })
        ));
    }

    #[test]
    fn origin_keeps_path_and_query() {
        let origin = Origin::parse("http://127.0.0.1:8080").unwrap();
        let mut url = Url::parse("https://api.auth.altrata.com/oauth2/token?grant_type=x").unwrap();
        origin.apply(&mut url);
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8080/oauth2/token?grant_type=x"
        );
        for bad in [
            "127.0.0.1:80",
            "http://h/path",
            "ftp://h",
            "http://u:p@h",
            "http://h/?q",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_relocation_moves_as_the_origin_does_each_time_and_for_each_endpoint() {
        let origin = Origin::parse("http://127.0.0.1:8080").unwrap();
        let relocation = Relocation::new(origin.clone());
        let endpoints = [
            "https://a.example.com/oauth2/token",
            "https://b.example.com/v1/login?grant_type=x",
            "https://a.example.com/oauth2/token",
        ];
        for _ in 0..2 {
            for endpoint in endpoints {
                let (mut moved, mut expected) =
                    (Url::parse(endpoint).unwrap(), Url::parse(endpoint).unwrap());
                relocation.apply(&mut moved);
                origin.apply(&mut expected);
                assert_eq!(moved, expected);
            }
        }
    }

    #[test]
    fn credentials_go_only_over_https_or_loopback() {
        for ok in [
            "https://x.com/t",
            "http://127.0.0.1:9/t",
            "http://127.8.0.1/t",
            "http://localhost/t",
            "http://[::1]:80/t",
        ] {
            assert!(ensure_secure(&Url::parse(ok).unwrap()).is_ok(), "{ok}");
        }
        for bad in [
            "http://x.com/t",
            "http://10.0.0.1/t",
            "http://localhost.evil.com/t",
            "ftp://127.0.0.1/t",
        ] {
            assert!(ensure_secure(&Url::parse(bad).unwrap()).is_err(), "{bad}");
        }
    }
}
