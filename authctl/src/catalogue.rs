//! `authctl providers --format markdown`: the README's table of providers and its count of
//! authentication kinds, written from the declarations (`ProviderInfo`), so that the README
//! states measured facts. A test compares the README with this output.

use auth_runtime::{
    AuthFormat, AuthPlace, BasicEncoding, ClientAuth, Encoding, Expiry, Grant, Method, Pkce,
    ProviderInfo, Renew, ResponseBody,
};
use auth_vocab::Word;

/// How a provider authenticates, as the coverage table counts it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    ApiKey,
    Basic,
    ClientCredentials,
    Password,
    AuthorizationCode,
    CustomLogin,
    JwtBearer,
    DeviceCode,
    TokenExchange,
}

impl Kind {
    const ALL: [Kind; 9] = [
        Kind::ApiKey,
        Kind::Basic,
        Kind::ClientCredentials,
        Kind::Password,
        Kind::AuthorizationCode,
        Kind::CustomLogin,
        Kind::JwtBearer,
        Kind::DeviceCode,
        Kind::TokenExchange,
    ];

    fn of(info: &ProviderInfo) -> Kind {
        match info.grant() {
            Grant::ApiKey => Kind::ApiKey,
            Grant::Basic => Kind::Basic,
            Grant::ClientCredentials => Kind::ClientCredentials,
            Grant::Password => Kind::Password,
            Grant::AuthorizationCode => Kind::AuthorizationCode,
            Grant::Custom => Kind::CustomLogin,
            Grant::JwtBearer => Kind::JwtBearer,
            Grant::DeviceCode => Kind::DeviceCode,
            Grant::TokenExchange => Kind::TokenExchange,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::ApiKey => "API key",
            Kind::Basic => "HTTP Basic",
            Kind::ClientCredentials => "client credentials",
            Kind::Password => "password",
            Kind::AuthorizationCode => "authorization code",
            Kind::CustomLogin => "custom login",
            Kind::JwtBearer => "JWT bearer",
            Kind::DeviceCode => "device code",
            Kind::TokenExchange => "token exchange",
        }
    }
}

/// The markdown: the providers table, then the coverage table.
pub fn markdown(infos: &[&'static ProviderInfo]) -> String {
    let mut out = String::from(
        "| provider | struct | authentication | API calls carry | declared beyond RFC 6749 / 6750 |\n|---|---|---|---|---|\n",
    );
    for info in infos {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            info.name(),
            info.type_name(),
            authentication(info),
            api_auth(info),
            quirks(info).join("; ")
        ));
    }
    out.push_str("\n| authentication | providers |\n|---|---|\n");
    for kind in Kind::ALL {
        let count = infos.iter().filter(|i| Kind::of(i) == kind).count();
        out.push_str(&format!("| {} | {count} |\n", kind.label()));
    }
    let code_flows = infos.iter().filter(|i| i.has_code_flow()).count();
    let beyond = infos.iter().filter(|i| !quirks(i).is_empty()).count();
    out.push_str(&format!(
        "| with an authorization code flow | {code_flows} |\n| declaring something beyond RFC 6749 / 6750 | {beyond} |\n| **all** | **{}** |\n",
        infos.len()
    ));
    out
}

fn authentication(info: &ProviderInfo) -> String {
    let kind = Kind::of(info).label();
    let mut label = kind.to_owned();
    if info.has_code_flow() && info.grant() != Grant::AuthorizationCode {
        label.push_str(", authorization code");
    }
    if info.has_device_flow() && info.grant() != Grant::DeviceCode {
        label.push_str(", device code");
    }
    label
}

/// What API calls carry: the credential's header (or query parameter) and format, and the
/// provider's other API headers.
fn api_auth(info: &ProviderInfo) -> String {
    let auth = info.api_auth();
    let format: String = auth
        .format()
        .iter()
        .map(|piece| match piece {
            AuthFormat::Text(text) => (*text).to_owned(),
            AuthFormat::Token => "<token>".to_owned(),
            AuthFormat::TokenType => match info.grant() {
                Grant::ApiKey => "Bearer".to_owned(),
                Grant::Basic => "Basic".to_owned(),
                _ => "<type>".to_owned(),
            },
        })
        .collect();
    let format = if info.grant() == Grant::Basic {
        format.replace("<token>", "base64(user:password)")
    } else {
        format
    };
    let mut carried = match auth.place() {
        AuthPlace::Header(name) => format!("`{name}: {format}`"),
        AuthPlace::Query(name) => format!("`?{name}={format}`"),
    };
    for header in info.api_headers() {
        carried.push_str(&format!(", `{header}`"));
    }
    carried
}

/// Every word the declaration says beyond the standard flows, in a few words each.
fn quirks(info: &ProviderInfo) -> Vec<String> {
    let mut quirks = Vec::new();
    if let Some(sent) = info.login_grant_type() {
        if Some(sent) != info.grant().wire_name() {
            quirks.push(format!("`grant_type={sent}`"));
        }
    }
    if info.grant() == Grant::Custom {
        quirks.push("no `grant_type`".to_owned());
    }
    match info.encoding() {
        Some(Encoding::Json) => quirks.push("JSON body".to_owned()),
        Some(Encoding::Query) => quirks.push("parameters in the query".to_owned()),
        Some(Encoding::Graphql) => quirks.push("GraphQL login".to_owned()),
        Some(Encoding::Form) | None => {}
    }
    if info.method() == Method::Get {
        quirks.push("`GET` login".to_owned());
    }
    match (info.client_auth(), info.basic_encoding()) {
        (ClientAuth::PrivateKeyJwt, _) => quirks.push("signed client assertion".to_owned()),
        (ClientAuth::Basic, BasicEncoding::Raw) => quirks.push("HTTP Basic as given".to_owned()),
        (auth, _) if auth.is_mutual_tls() => quirks.push(format!("`{}`", auth.spelling())),
        _ => {}
    }
    if info.has_client_certificate() {
        quirks.push("mutual TLS: a client certificate on every connection".to_owned());
    }
    if info.assertion_alg().is_some() {
        quirks.extend(assertion_quirks(info));
    }
    if let Some(name) = info.settings_file() {
        quirks.push(format!("key file as the setting `{name}`"));
    }
    if info.has_code_flow() {
        if info.pkce() == Pkce::None {
            quirks.push("no PKCE".to_owned());
        }
        if info.scope_separator() != " " {
            quirks.push(format!("scopes joined by `{}`", info.scope_separator()));
        }
        for (name, value) in info.authorize_params() {
            quirks.push(format!("authorize `{name}={value}`"));
        }
    }
    if !info.token_headers().is_empty() {
        quirks.push(format!(
            "token request header {}",
            codes(&info.token_headers())
        ));
    }
    let shape = info.shape();
    if !shape.envelope().is_empty() {
        quirks.push(format!("token in `{}`", shape.envelope().join(".")));
    }
    if !shape.success_flag().is_empty() {
        quirks.push(format!("success flag `{}`", shape.success_flag().join(".")));
    }
    let reading = info.reading();
    if !reading.access_token().is_empty() {
        quirks.push(format!(
            "access token at `{}`",
            reading.access_token().join(".")
        ));
    }
    if !reading.refresh_token().is_empty() {
        quirks.push(format!(
            "refresh token at `{}`",
            reading.refresh_token().join(".")
        ));
    }
    match reading.expiry() {
        Expiry::Seconds => {}
        Expiry::Never => quirks.push("tokens never expire".to_owned()),
        other => quirks.push(format!("expiry as {}", other.spelling().replace('_', " "))),
    }
    if let Some(lifetime) = reading.lifetime() {
        quirks.push(format!("lifetime {} s when unsaid", lifetime.as_secs()));
    }
    if reading.body() == ResponseBody::Text {
        quirks.push("the body is the token".to_owned());
    }
    if let Some(sentinel) = info.refresh_sentinel() {
        quirks.push(format!("refresh token `{sentinel}` means none"));
    }
    if !info.api_base_from().is_empty() {
        quirks.push(format!(
            "API base from `{}`",
            info.api_base_from().join(".")
        ));
    }
    if info.renew() == Renew::Token {
        quirks.push("renewed by presenting the token".to_owned());
    }
    if let Some(idle) = info.refresh_idle_lifetime() {
        quirks.push(format!(
            "refresh tokens lapse after {} unused",
            span_of_time(idle)
        ));
    }
    if let Some(step) = info.second_step() {
        let carried = match step.token_param() {
            Some(name) => format!("as `{name}`"),
            None => "in `Authorization: Bearer`".to_owned(),
        };
        quirks.push(format!(
            "two-step login: the first token goes {carried} to a second endpoint"
        ));
    }
    if let Some(limit) = info.login_rate_limit() {
        let counted = match limit.counted_per() {
            auth_runtime::LoginRateLimitPer::Identity => "",
            auth_runtime::LoginRateLimitPer::Client => " per client",
        };
        quirks.push(format!(
            "{} logins per {} s{counted}",
            limit.max(),
            limit.per().as_secs()
        ));
    }
    quirks
}

/// What a declaration says of the assertions it signs beyond the defaults.
fn assertion_quirks(info: &ProviderInfo) -> Vec<String> {
    let assertion = info.assertion();
    let mut quirks = Vec::new();
    if info.grant() == Grant::JwtBearer {
        let claims: Vec<&str> = info
            .settings()
            .iter()
            .filter_map(|s| s.claim_name())
            .chain(assertion.claims().iter().map(|(name, _)| *name))
            .collect();
        quirks.push(format!("assertion claims {}", codes(&claims)));
    }
    if let Some(audience) = assertion.audience() {
        quirks.push(format!("assertion `aud` `{audience}`"));
    }
    if assertion.lifetime() != auth_runtime::AssertionInfo::DEFAULT_LIFETIME {
        quirks.push(format!(
            "assertions live {} s",
            assertion.lifetime().as_secs()
        ));
    }
    if let Some(alg) = info
        .assertion_alg()
        .filter(|a| *a != auth_runtime::AssertionAlg::Rs256)
    {
        quirks.push(format!("signed {}", alg.spelling()));
    }
    quirks
}

/// `idle` in its largest whole unit: "90 days", "12 h", "2 s".
fn span_of_time(idle: std::time::Duration) -> String {
    let secs = idle.as_secs();
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s >= 3_600 && s % 3_600 == 0 => format!("{} h", s / 3_600),
        s => format!("{s} s"),
    }
}

fn codes(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
