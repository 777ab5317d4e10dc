//! Parsing `#[oauth(...)]` attributes, on the struct and on its fields, by hand with
//! `parse_nested_meta` (as serde, thiserror and clap do). Every problem is recorded in the
//! [`Ctxt`] and parsing goes on, so one compile shows every mistake.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{LitStr, Token};

use crate::ctxt::Ctxt;
use crate::suggest::{hint, one_of};
use crate::symbol::*;

/// A value given at most once, with where it was given.
pub struct Attr<T> {
    name: &'static str,
    value: Option<(Span, T)>,
    given: bool,
}

impl<T> Attr<T> {
    fn none(name: &'static str) -> Self {
        Attr {
            name,
            value: None,
            given: false,
        }
    }

    fn set(&mut self, cx: &Ctxt, span: Span, value: T) {
        self.given = true;
        if self.value.is_some() {
            cx.error_at(span, format!("`{}` is given twice", self.name));
        } else {
            self.value = Some((span, value));
        }
    }

    /// The value, if given.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref().map(|(_, v)| v)
    }

    /// Whether the key was written at all, even with a value that was refused.
    pub fn was_given(&self) -> bool {
        self.given
    }

    /// Where the value was given.
    pub fn span(&self) -> Option<Span> {
        self.value.as_ref().map(|(s, _)| *s)
    }
}

/// The struct-level `#[oauth(...)]` keys.
pub struct Container {
    pub grant: Attr<(LitStr, Grant)>,
    pub encoding: Attr<(LitStr, Encoding)>,
    pub endpoint: Attr<LitStr>,
    pub name: Attr<LitStr>,
    pub client_auth: Attr<(LitStr, ClientAuth)>,
    pub authorize_endpoint: Attr<LitStr>,
    pub validity_endpoint: Attr<LitStr>,
    pub api_base: Attr<LitStr>,
    pub envelope: Attr<LitStr>,
    pub success_flag: Attr<LitStr>,
    pub error_message: Attr<LitStr>,
    pub refresh_sentinel: Attr<LitStr>,
    pub renew: Attr<(LitStr, Renew)>,
    pub graphql_query: Attr<LitStr>,
    pub login_rate_limit: Attr<(LitStr, u32, u64)>,
    pub login_rate_limit_per: Attr<(LitStr, LoginRateLimitPer)>,
    pub pkce: Attr<(LitStr, Pkce)>,
    pub scope_separator: Attr<LitStr>,
    pub authorize_params: Attr<(LitStr, Vec<(String, String)>)>,
    pub assertion_alg: Attr<(LitStr, AssertionAlg)>,
    pub basic_encoding: Attr<(LitStr, BasicEncoding)>,
    pub refresh_reuse: Attr<(LitStr, RefreshReuse)>,
    pub refresh_idle_lifetime: Attr<(LitStr, u64)>,
    pub auth_header: Attr<LitStr>,
    pub auth_format: Attr<LitStr>,
    pub auth_query: Attr<LitStr>,
    /// Headers of token requests written out (`"Authorization: Bearer {api_key}"`), in order.
    pub token_headers: Vec<LitStr>,
    /// Headers of API calls written out (`"Notion-Version: 2022-06-28"`), in order.
    pub api_headers: Vec<LitStr>,
    /// Constant parameters of logins (`"audience=https://api.example.com"`), in order.
    pub params: Vec<LitStr>,
    pub grant_type: Attr<LitStr>,
    pub method: Attr<(LitStr, Method)>,
    pub access_token_path: Attr<LitStr>,
    pub refresh_token_path: Attr<LitStr>,
    pub expiry: Attr<(LitStr, Expiry)>,
    pub expiry_path: Attr<LitStr>,
    pub lifetime: Attr<(LitStr, u64)>,
    pub response: Attr<(LitStr, ResponseBody)>,
    pub api_base_from: Attr<LitStr>,
    pub renew_endpoint: Attr<LitStr>,
    pub basic_user: Attr<LitStr>,
    pub basic_password: Attr<LitStr>,
    pub second_step: Attr<LitStr>,
    /// Constant parameters of the second step, in order.
    pub second_params: Vec<LitStr>,
    pub second_token_param: Attr<LitStr>,
    /// Constant claims of the signed assertion (`"box_sub_type=enterprise"`), in order.
    pub claims: Vec<LitStr>,
    pub assertion_audience: Attr<LitStr>,
    pub assertion_lifetime: Attr<(LitStr, u64)>,
    pub settings_file: Attr<LitStr>,
    pub device_endpoint: Attr<LitStr>,
    pub mtls_endpoint: Attr<LitStr>,
    pub subject_token_type: Attr<LitStr>,
    pub actor_token_type: Attr<LitStr>,
}

impl Container {
    /// Reads every `#[oauth(...)]` on the struct.
    pub fn from_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> Self {
        let mut c = Container {
            grant: Attr::none(GRANT),
            encoding: Attr::none(ENCODING),
            endpoint: Attr::none(ENDPOINT),
            name: Attr::none(NAME),
            client_auth: Attr::none(CLIENT_AUTH),
            authorize_endpoint: Attr::none(AUTHORIZE_ENDPOINT),
            validity_endpoint: Attr::none(VALIDITY_ENDPOINT),
            api_base: Attr::none(API_BASE),
            envelope: Attr::none(ENVELOPE),
            success_flag: Attr::none(SUCCESS_FLAG),
            error_message: Attr::none(ERROR_MESSAGE),
            refresh_sentinel: Attr::none(REFRESH_SENTINEL),
            renew: Attr::none(RENEW),
            graphql_query: Attr::none(GRAPHQL_QUERY),
            login_rate_limit: Attr::none(LOGIN_RATE_LIMIT),
            login_rate_limit_per: Attr::none(LOGIN_RATE_LIMIT_PER),
            pkce: Attr::none(PKCE),
            scope_separator: Attr::none(SCOPE_SEPARATOR),
            authorize_params: Attr::none(AUTHORIZE_PARAMS),
            assertion_alg: Attr::none(ASSERTION_ALG),
            basic_encoding: Attr::none(BASIC_ENCODING),
            refresh_reuse: Attr::none(REFRESH_REUSE),
            refresh_idle_lifetime: Attr::none(REFRESH_IDLE_LIFETIME),
            auth_header: Attr::none(AUTH_HEADER),
            auth_format: Attr::none(AUTH_FORMAT),
            auth_query: Attr::none(AUTH_QUERY),
            token_headers: Vec::new(),
            api_headers: Vec::new(),
            params: Vec::new(),
            grant_type: Attr::none(GRANT_TYPE),
            method: Attr::none(METHOD),
            access_token_path: Attr::none(ACCESS_TOKEN_PATH),
            refresh_token_path: Attr::none(REFRESH_TOKEN_PATH),
            expiry: Attr::none(EXPIRY),
            expiry_path: Attr::none(EXPIRY_PATH),
            lifetime: Attr::none(LIFETIME),
            response: Attr::none(RESPONSE),
            api_base_from: Attr::none(API_BASE_FROM),
            renew_endpoint: Attr::none(RENEW_ENDPOINT),
            basic_user: Attr::none(BASIC_USER),
            basic_password: Attr::none(BASIC_PASSWORD),
            second_step: Attr::none(SECOND_STEP),
            second_params: Vec::new(),
            second_token_param: Attr::none(SECOND_TOKEN_PARAM),
            claims: Vec::new(),
            assertion_audience: Attr::none(ASSERTION_AUDIENCE),
            assertion_lifetime: Attr::none(ASSERTION_LIFETIME),
            settings_file: Attr::none(SETTINGS_FILE),
            device_endpoint: Attr::none(DEVICE_ENDPOINT),
            mtls_endpoint: Attr::none(MTLS_ENDPOINT),
            subject_token_type: Attr::none(SUBJECT_TOKEN_TYPE),
            actor_token_type: Attr::none(ACTOR_TOKEN_TYPE),
        };
        for attr in attrs.iter().filter(|a| is_ours(a)) {
            let parsed = attr.parse_nested_meta(|meta| c.parse_key(cx, &meta));
            if let Err(error) = parsed {
                cx.syn_error(error);
            }
        }
        c
    }

    fn parse_key(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let key = key_name(meta);
        let span = meta.path.span();
        self.mark_given(&key);
        let Some(lit) = string_value(cx, meta, &key, CONTAINER_KEYS)? else {
            return Ok(());
        };
        match key.as_str() {
            GRANT => {
                if let Some(v) = choice(cx, &lit) {
                    self.grant.set(cx, span, (lit, v));
                }
            }
            ENCODING => {
                if let Some(v) = choice(cx, &lit) {
                    self.encoding.set(cx, span, (lit, v));
                }
            }
            CLIENT_AUTH => {
                if let Some(v) = choice(cx, &lit) {
                    self.client_auth.set(cx, span, (lit, v));
                }
            }
            RENEW => {
                if let Some(v) = choice(cx, &lit) {
                    self.renew.set(cx, span, (lit, v));
                }
            }
            LOGIN_RATE_LIMIT => {
                if let Some((max, per)) = rate_limit(cx, &lit) {
                    self.login_rate_limit.set(cx, span, (lit, max, per));
                }
            }
            LOGIN_RATE_LIMIT_PER => {
                if let Some(v) = choice(cx, &lit) {
                    self.login_rate_limit_per.set(cx, span, (lit, v));
                }
            }
            ASSERTION_ALG => {
                if let Some(v) = choice(cx, &lit) {
                    self.assertion_alg.set(cx, span, (lit, v));
                }
            }
            PKCE => {
                if let Some(v) = pkce_method(cx, &lit) {
                    self.pkce.set(cx, span, (lit, v));
                }
            }
            BASIC_ENCODING => {
                if let Some(v) = choice(cx, &lit) {
                    self.basic_encoding.set(cx, span, (lit, v));
                }
            }
            REFRESH_REUSE => {
                if let Some(v) = choice(cx, &lit) {
                    self.refresh_reuse.set(cx, span, (lit, v));
                }
            }
            AUTHORIZE_PARAMS => {
                if let Some(pairs) = authorize_params(cx, &lit) {
                    self.authorize_params.set(cx, span, (lit, pairs));
                }
            }
            METHOD => {
                if let Some(v) = choice(cx, &lit) {
                    self.method.set(cx, span, (lit, v));
                }
            }
            EXPIRY => {
                if let Some(v) = choice(cx, &lit) {
                    self.expiry.set(cx, span, (lit, v));
                }
            }
            RESPONSE => {
                if let Some(v) = choice(cx, &lit) {
                    self.response.set(cx, span, (lit, v));
                }
            }
            LIFETIME => {
                if let Some(seconds) = lifetime(cx, &lit, LIFETIME) {
                    self.lifetime.set(cx, span, (lit, seconds));
                }
            }
            REFRESH_IDLE_LIFETIME => {
                if let Some(seconds) = lifetime(cx, &lit, REFRESH_IDLE_LIFETIME) {
                    self.refresh_idle_lifetime.set(cx, span, (lit, seconds));
                }
            }
            ASSERTION_LIFETIME => {
                if let Some(seconds) = assertion_lifetime(cx, &lit) {
                    self.assertion_lifetime.set(cx, span, (lit, seconds));
                }
            }
            // Written once per header, or per parameter.
            TOKEN_HEADER => self.token_headers.push(lit),
            API_HEADER => self.api_headers.push(lit),
            PARAM_CONSTANT => self.params.push(lit),
            SECOND_PARAM => self.second_params.push(lit),
            CLAIM => self.claims.push(lit),
            other => self.text_key(other).set(cx, span, lit),
        }
        Ok(())
    }

    /// The slot of a key whose value is kept as written.
    fn text_key(&mut self, key: &str) -> &mut Attr<LitStr> {
        match key {
            ENDPOINT => &mut self.endpoint,
            NAME => &mut self.name,
            AUTHORIZE_ENDPOINT => &mut self.authorize_endpoint,
            VALIDITY_ENDPOINT => &mut self.validity_endpoint,
            API_BASE => &mut self.api_base,
            ENVELOPE => &mut self.envelope,
            SUCCESS_FLAG => &mut self.success_flag,
            ERROR_MESSAGE => &mut self.error_message,
            REFRESH_SENTINEL => &mut self.refresh_sentinel,
            GRAPHQL_QUERY => &mut self.graphql_query,
            SCOPE_SEPARATOR => &mut self.scope_separator,
            AUTH_HEADER => &mut self.auth_header,
            AUTH_FORMAT => &mut self.auth_format,
            AUTH_QUERY => &mut self.auth_query,
            GRANT_TYPE => &mut self.grant_type,
            ACCESS_TOKEN_PATH => &mut self.access_token_path,
            REFRESH_TOKEN_PATH => &mut self.refresh_token_path,
            EXPIRY_PATH => &mut self.expiry_path,
            API_BASE_FROM => &mut self.api_base_from,
            RENEW_ENDPOINT => &mut self.renew_endpoint,
            BASIC_USER => &mut self.basic_user,
            BASIC_PASSWORD => &mut self.basic_password,
            SECOND_STEP => &mut self.second_step,
            SECOND_TOKEN_PARAM => &mut self.second_token_param,
            ASSERTION_AUDIENCE => &mut self.assertion_audience,
            SETTINGS_FILE => &mut self.settings_file,
            DEVICE_ENDPOINT => &mut self.device_endpoint,
            MTLS_ENDPOINT => &mut self.mtls_endpoint,
            SUBJECT_TOKEN_TYPE => &mut self.subject_token_type,
            ACTOR_TOKEN_TYPE => &mut self.actor_token_type,
            _ => unreachable!("string_value accepts only container keys"),
        }
    }

    /// Notes that a key was written, though its value may be refused, so that it is not also
    /// reported missing, nor taken for its default by the checks that follow.
    fn mark_given(&mut self, key: &str) {
        match key {
            GRANT => self.grant.given = true,
            ENCODING => self.encoding.given = true,
            ENDPOINT => self.endpoint.given = true,
            CLIENT_AUTH => self.client_auth.given = true,
            RENEW => self.renew.given = true,
            ASSERTION_ALG => self.assertion_alg.given = true,
            _ => {}
        }
    }
}

/// Whether `attr` is a declaration's: `#[oauth(...)]`, or the same under its neutral name,
/// `#[auth(...)]`.
pub fn is_ours(attr: &syn::Attribute) -> bool {
    attr.path()
        .get_ident()
        .is_some_and(|name| auth_vocab::key::is_attribute(&name.to_string()))
}

/// The field-level `#[oauth(...)]` keys.
pub struct FieldAttrs {
    pub role: Attr<Role>,
    pub param: Attr<Option<LitStr>>,
    pub rename: Attr<LitStr>,
    pub on_refresh: Attr<()>,
    pub token_header: Attr<LitStr>,
    pub api_header: Attr<LitStr>,
    /// The claim of the signed assertion the field's value is.
    pub claim: Attr<LitStr>,
    /// Whether any `#[oauth(...)]` was written on the field.
    pub annotated: bool,
    /// Whether any of them was refused: checks that would only repeat the mistake skip it.
    pub had_errors: bool,
}

impl FieldAttrs {
    /// Reads every `#[oauth(...)]` on a field.
    pub fn from_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> Self {
        let mut f = FieldAttrs {
            role: Attr::none("a role"),
            param: Attr::none(PARAM),
            rename: Attr::none(RENAME),
            on_refresh: Attr::none(ON_REFRESH),
            token_header: Attr::none(TOKEN_HEADER),
            api_header: Attr::none(API_HEADER),
            claim: Attr::none(CLAIM),
            annotated: false,
            had_errors: false,
        };
        for attr in attrs.iter().filter(|a| is_ours(a)) {
            f.annotated = true;
            let field_cx = Ctxt::default();
            let parsed = attr.parse_nested_meta(|meta| f.parse_key(&field_cx, &meta));
            if let Err(error) = parsed {
                field_cx.syn_error(error);
            }
            if let Err(errors) = field_cx.check() {
                f.had_errors = true;
                cx.syn_error(errors);
            }
        }
        f
    }

    fn parse_key(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let key = key_name(meta);
        let span = meta.path.span();
        if let Some(role) = Role::from_spelling(&key) {
            if flag(cx, meta, &key)? {
                self.set_role(cx, span, role);
            }
            return Ok(());
        }
        match key.as_str() {
            ON_REFRESH => {
                if flag(cx, meta, &key)? {
                    self.on_refresh.set(cx, span, ());
                }
            }
            PARAM => {
                let name = if meta.input.peek(Token![=]) {
                    string_value(cx, meta, &key, FIELD_KEYS)?
                } else {
                    None
                };
                self.param.set(cx, span, name);
            }
            _ => {
                let Some(lit) = string_value(cx, meta, &key, FIELD_KEYS)? else {
                    return Ok(());
                };
                match key.as_str() {
                    RENAME => self.rename.set(cx, span, lit),
                    TOKEN_HEADER => self.token_header.set(cx, span, lit),
                    API_HEADER => self.api_header.set(cx, span, lit),
                    CLAIM => self.claim.set(cx, span, lit),
                    _ => unreachable!("string_value accepts only field keys"),
                }
            }
        }
        Ok(())
    }

    fn set_role(&mut self, cx: &Ctxt, span: Span, role: Role) {
        if let Some(existing) = self.role.get() {
            cx.error_at(
                span,
                format!(
                    "a field has one role, and this one is already `{}`",
                    existing.spelling()
                ),
            );
        } else {
            self.role.set(cx, span, role);
        }
    }
}

fn key_name(meta: &ParseNestedMeta<'_>) -> String {
    meta.path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_else(|| {
            let path = &meta.path;
            quote::quote!(#path).to_string().replace(' ', "")
        })
}

/// Reads `key = "value"`. Unknown keys, missing values and non-string values are recorded and
/// yield `None`, after consuming whatever value was given so that parsing can go on.
fn string_value(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    known: &[&str],
) -> syn::Result<Option<LitStr>> {
    if !known.contains(&key) {
        let place = if known == CONTAINER_KEYS {
            "a provider struct"
        } else {
            "a field"
        };
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.spelling()).collect();
        let also = if known == CONTAINER_KEYS {
            String::new()
        } else {
            format!(", or a role: {}", one_of(&roles))
        };
        cx.error_spanned_by(
            &meta.path,
            format!(
                "unknown key `{key}` on {place}{} (the keys are {}{also})",
                hint(key, &all_keys(known)),
                one_of(known)
            ),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`{key}` takes a value: write {key} = \"{}\"",
                example_in(key, known)
            ),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    match meta.value()?.parse::<syn::Lit>()? {
        syn::Lit::Str(lit) => Ok(Some(lit)),
        other => {
            cx.error_spanned_by(
                other,
                format!(
                    "`{key}` takes a string: write {key} = \"{}\"",
                    example_in(key, known)
                ),
            );
            Ok(None)
        }
    }
}

/// An example value of `key` where it is written: on the struct, a header is written out.
fn example_in(key: &str, known: &[&str]) -> &'static str {
    match key {
        TOKEN_HEADER | API_HEADER if known == CONTAINER_KEYS => "Notion-Version: 2022-06-28",
        PARAM_CONSTANT if known == CONTAINER_KEYS => "audience=https://api.example.com",
        CLAIM if known == CONTAINER_KEYS => "box_sub_type=enterprise",
        SECOND_PARAM => "grant_type=urn:salesforce:grant-type:external:cdp",
        _ => example(key),
    }
}

/// The keys a hint may suggest: on a field, the roles too.
fn all_keys<'a>(known: &[&'a str]) -> Vec<&'a str> {
    let mut keys = known.to_vec();
    if known != CONTAINER_KEYS {
        keys.extend(Role::ALL.iter().map(|r| r.spelling()));
    }
    keys
}

/// Reads a flag (`password`, `on_refresh`): a value given to it is an error.
fn flag(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`{key}` is a flag and takes no value: write #[oauth({key})]; to send it under \
                 another name, add rename = \"...\""
            ),
        );
        skip_value(meta)?;
        return Ok(false);
    }
    Ok(true)
}

fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

/// Looks `lit` up in a table of allowed values.
fn choice<W: Word>(cx: &Ctxt, lit: &LitStr) -> Option<W> {
    let key = W::KEY;
    let given = lit.value();
    if let Some(value) = W::from_spelling(&given) {
        return Some(value);
    }
    let names: Vec<&str> = W::ALL.iter().map(|w| w.spelling()).collect();
    cx.error_spanned_by(
        lit,
        format!(
            "unknown {key} `{given}`{} (expected {})",
            hint(&given, &names),
            one_of(&names)
        ),
    );
    None
}

/// Reads `"10/min"` into a count and a period in seconds.
fn rate_limit(cx: &Ctxt, lit: &LitStr) -> Option<(u32, u64)> {
    let text = lit.value();
    let parsed = text.split_once('/').and_then(|(count, unit)| {
        let seconds = match unit.trim() {
            "s" | "sec" | "second" => 1,
            "min" | "minute" => 60,
            "h" | "hour" => 3600,
            _ => return None,
        };
        let count = count.trim().parse::<u32>().ok().filter(|n| *n > 0)?;
        Some((count, seconds))
    });
    if parsed.is_none() {
        cx.error_spanned_by(
            lit,
            "login_rate_limit is a count per second, minute or hour: write \"10/min\" (units: s, min, h)",
        );
    }
    parsed
}

/// Reads `"24h"`, `"30min"`, `"3600s"` or `"7d"` into seconds (at most a year).
fn lifetime(cx: &Ctxt, lit: &LitStr, key: &str) -> Option<u64> {
    let seconds = duration(lit).filter(|s| *s <= 365 * 86400);
    if seconds.is_none() {
        cx.error_spanned_by(
            lit,
            format!("{key} is a positive duration of at most a year: write \"3600s\", \"30min\", \"24h\" or \"7d\""),
        );
    }
    seconds
}

/// Reads an assertion's lifetime: a few minutes at most, since a copy is good until it
/// expires (Google takes an hour at most, Salesforce three minutes).
fn assertion_lifetime(cx: &Ctxt, lit: &LitStr) -> Option<u64> {
    let seconds = duration(lit).filter(|s| *s <= 3600);
    if seconds.is_none() {
        cx.error_spanned_by(
            lit,
            "assertion_lifetime is a positive duration of at most an hour: write \"60s\" or \"5min\"",
        );
    }
    seconds
}

/// `"24h"`, `"30min"`, `"3600s"` or `"7d"` in seconds; `None` for anything else, or zero.
fn duration(lit: &LitStr) -> Option<u64> {
    let text = lit.value();
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (count, unit) = text.split_at(split);
    let unit_seconds = match unit.trim() {
        "s" => Some(1),
        "min" => Some(60),
        "h" => Some(3600),
        "d" => Some(86400),
        _ => None,
    };
    count
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .zip(unit_seconds)
        .and_then(|(n, unit)| n.checked_mul(unit))
}

/// PKCE is S256 (the default) or, for a provider that rejects it, none: `plain` gives away the
/// verifier to anyone who sees the URL.
fn pkce_method(cx: &Ctxt, lit: &LitStr) -> Option<Pkce> {
    let found = Pkce::from_spelling(&lit.value());
    if found.is_none() {
        cx.error_spanned_by(
            lit,
            format!(
                "unsupported PKCE method `{}`: only \"S256\" is supported (RFC 7636 `plain` protects nothing), and it is the default; write pkce = \"none\" only for a provider documented to reject PKCE",
                lit.value()
            ),
        );
    }
    found
}

/// The authorize request's parameters that the flow itself sets: a declared extra must not
/// replace them.
const FLOW_PARAMS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
];

/// Reads `"prompt=consent&access_type=offline"` into pairs.
fn authorize_params(cx: &Ctxt, lit: &LitStr) -> Option<Vec<(String, String)>> {
    let text = lit.value();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.is_empty() || pairs.iter().any(|(k, _)| k.is_empty()) || !text.contains('=') {
        cx.error_spanned_by(
            lit,
            "authorize_params is a query string: write \"prompt=consent&access_type=offline\"",
        );
        return None;
    }
    if let Some((key, _)) = pairs
        .iter()
        .find(|(k, _)| FLOW_PARAMS.contains(&k.as_str()))
    {
        cx.error_spanned_by(
            lit,
            format!("authorize_params cannot set `{key}`: the flow sets it from the declaration and the request"),
        );
        return None;
    }
    Some(pairs)
}

/// The role a field declares, read on its own and without reporting anything: for the type
/// checks the fallback emits beside the declaration's errors.
pub fn declared_role(field: &syn::Field) -> Option<Role> {
    let cx = Ctxt::default();
    let role = FieldAttrs::from_attrs(&cx, &field.attrs)
        .role
        .get()
        .copied();
    let _ = cx.check();
    role
}
