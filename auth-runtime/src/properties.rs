//! Properties over generated inputs (proptest, on stable Rust): every reader of data from
//! outside the process returns a value or a typed error, never a panic, and what it returns
//! keeps its promises (a token fits in a header, a wait is bounded, a filled URL stays on its
//! host and path, no error text shows a secret the request held).
//!
//! Each property runs `PROPTEST_CASES` inputs (256 by default: a few seconds in all, as CI
//! runs them) and prints how many it tried. The longer run:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test -p auth-runtime --lib properties -- --nocapture
//! ```

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::StatusCode;

use crate::client::{parse_retry_after, MAX_RETRY_AFTER};
use crate::endpoint::{fill, template, Binding, Template};
use crate::flow::Callback;
use crate::info::Shape;
use crate::info::{InfoBuilder, ProviderInfo};
use crate::redact::{excerpt, LazyRedactor, Redactor, EXCERPT_CHARS, REDACTED};
use crate::response::TokenFields;
use crate::response::{interpret, parse_body, parse_shape, Answer, BodyFormat, Envelope};
use crate::settings::{read_setting, FromSetting, SettingsReader};
use crate::token::MAX_LIFETIME;
use crate::wire::WireValue;
use auth_vocab::{Encoding, Grant};

/// Runs `test` on inputs from `strategy`, as many as `PROPTEST_CASES` says, and reports how
/// many it tried.
fn check<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let tried = std::cell::Cell::new(0u64);
    let result = runner.run(&strategy, |input| {
        tried.set(tried.get() + 1);
        test(input)
    });
    eprintln!("property `{name}`: {} inputs tried", tried.get());
    if let Err(failure) = result {
        panic!("property `{name}` failed: {failure}");
    }
}

/// Keys a token response, an envelope or an error body may hold, so that generated bodies
/// reach the readers' every branch.
const KEYS: &[&str] = &[
    "access_token",
    "token_type",
    "expires_in",
    "refresh_token",
    "scope",
    "error",
    "error_description",
    "error_uri",
    "auth_user_login",
    "data",
    "success",
    "error_message",
    "errors",
    "message",
    "login",
    "id_token",
];

/// JSON values of any shape, their object keys mostly from [`KEYS`].
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        ".{0,24}".prop_map(serde_json::Value::from),
        "[0-9 .eE+-]{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key =
            prop_oneof![4 => proptest::sample::select(KEYS).prop_map(str::to_owned), 1 => ".{0,8}"];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(key, inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Bodies: arbitrary bytes, or JSON of any shape.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        json_value().prop_map(|v| v.to_string().into_bytes()),
    ]
}

const TALVIEW_SHAPE: Shape = Shape::new(
    &["auth_user_login", "data"],
    &["auth_user_login", "success"],
    &["auth_user_login", "error_message"],
);
const NO_ENDPOINT: Template = Template::new("", &[]);
static FLAT: ProviderInfo = InfoBuilder::new("flat", "Flat", Grant::Custom)
    .request(Encoding::Json, NO_ENDPOINT)
    .build();
static ENVELOPED: ProviderInfo = InfoBuilder::new("enveloped", "Enveloped", Grant::Custom)
    .request(Encoding::Json, NO_ENDPOINT)
    .shape(TALVIEW_SHAPE)
    .refresh_sentinel("none")
    .build();
static GRAPHQL: ProviderInfo = InfoBuilder::new("graphql", "Graphql", Grant::Custom)
    .request(Encoding::Graphql, NO_ENDPOINT)
    .shape(Shape::new(&["login", "token"], &[], &[]))
    .build();

fn parse_flat(body: &[u8], format: BodyFormat) -> Result<Envelope, String> {
    parse_shape(body, format, &FLAT.shape, false)
}
fn parse_enveloped(body: &[u8], format: BodyFormat) -> Result<Envelope, String> {
    parse_shape(body, format, &ENVELOPED.shape, false)
}
fn parse_graphql(body: &[u8], format: BodyFormat) -> Result<Envelope, String> {
    parse_shape(body, format, &GRAPHQL.shape, true)
}

type Parse = fn(&[u8], BodyFormat) -> Result<Envelope, String>;
const READERS: [(&ProviderInfo, Parse); 3] = [
    (&FLAT, parse_flat),
    (&ENVELOPED, parse_enveloped),
    (&GRAPHQL, parse_graphql),
];

/// A secret distinctive enough that no message of the runtime's own contains it by chance.
fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9+/=%&\"' !$#é:@]{6,20}".prop_map(|tail| format!("Zq{tail}"))
}

#[test]
fn token_answers_of_any_shape_give_a_token_or_a_typed_error_without_the_secrets() {
    let statuses = proptest::sample::select(vec![200u16, 201, 400, 401, 403, 429, 500, 502]);
    let strategy = (
        body(),
        statuses,
        any::<bool>(),
        secret(),
        0..3usize,
        any::<u16>(),
    );
    check(
        "token answers",
        strategy,
        |(mut body, status, form, secret, reader, at)| {
            // The secret the request held, echoed somewhere in the answer.
            let at = usize::from(at) % (body.len() + 1);
            let echoed = if form {
                url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>()
            } else {
                serde_json::to_string(&secret).unwrap_or_default()
            };
            body.splice(at..at, echoed.into_bytes());
            let (info, parse) = READERS[reader];
            let secrets = || {
                let mut redactor = Redactor::new();
                redactor.secret(&secret);
                redactor
            };
            let mut redactor = LazyRedactor::new(&secrets);
            let answer = Answer {
                status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                format: if form {
                    BodyFormat::Form
                } else {
                    BodyFormat::Json
                },
                retry_after: None,
                body: &body,
            };
            let _ = parse;
            match interpret(info, &answer, &mut redactor) {
                Ok(token) => {
                    let value = secrecy::ExposeSecret::expose_secret(token.access_token());
                    prop_assert!(reqwest::header::HeaderValue::from_str(value).is_ok());
                    prop_assert!(token.lifetime().is_none_or(|l| l <= MAX_LIFETIME));
                }
                Err(error) => {
                    let error = error.redacted(redactor.get());
                    for text in [error.to_string(), format!("{error:?}")] {
                        prop_assert!(!text.contains(&secret), "{text}");
                    }
                }
            }
            Ok(())
        },
    );
}

#[test]
fn expires_in_of_any_json_value_is_a_bounded_lifetime_or_an_error() {
    check("expires_in", json_value(), |value| {
        let body = serde_json::json!({"access_token": "a", "expires_in": value}).to_string();
        if let Ok(fields) = parse_body::<TokenFields>(body.as_bytes(), BodyFormat::Json) {
            prop_assert!(fields.expires_in.is_none_or(|d| d <= MAX_LIFETIME));
        }
        Ok(())
    });
}

#[test]
fn retry_after_of_any_text_is_bounded() {
    let text = prop_oneof![
        ".{0,40}",
        "[0-9]{0,40}",
        "[A-Za-z]{3}, [0-9]{2} [A-Za-z]{3} [0-9]{4} [0-9:]{8} GMT"
    ];
    check("Retry-After", text, |text| {
        if let Some(wait) = parse_retry_after(&text) {
            prop_assert!(wait <= MAX_RETRY_AFTER);
            // A session adds it to its clock: that must not overflow.
            prop_assert!(tokio::time::Instant::now().checked_add(wait).is_some());
        }
        Ok(())
    });
}

#[test]
fn a_filled_endpoint_stays_on_its_host_and_its_path() {
    let value = prop_oneof![".{0,24}", "[./%a-zA-Z0-9?#@:]{0,12}", Just("..".to_owned())];
    check(
        "endpoint filler",
        (value.clone(), value),
        |(account, tenant)| {
            let (account, tenant) = (WireValue::Text(account), WireValue::Text(tenant));
            let bindings = [
                Binding {
                    name: "account",
                    value: Some(&account),
                },
                Binding {
                    name: "tenant",
                    value: Some(&tenant),
                },
            ];
            let template = template("https://{account}.login.example.com/t/{tenant}/token?x=1");
            if let Ok(url) = fill(&template, None, &bindings) {
                let host = url.host_str().unwrap_or_default();
                prop_assert!(host.ends_with(".login.example.com"), "{url}");
                prop_assert_eq!(host.matches('.').count(), 3, "{}", url);
                let segments: Vec<&str> = url.path_segments().into_iter().flatten().collect();
                prop_assert_eq!(segments.len(), 3, "{}", url);
                prop_assert_eq!((segments[0], segments[2]), ("t", "token"));
                prop_assert_eq!(url.query(), Some("x=1"));
            }
            Ok(())
        },
    );
}

#[test]
fn a_base_url_setting_of_any_text_joins_or_is_refused() {
    check("base URL join", ".{0,40}", |base| {
        let base = WireValue::Text(base);
        let joined = fill(
            &template("/oauth/token"),
            Some(Binding {
                name: "base_url",
                value: Some(&base),
            }),
            &[],
        );
        if let Ok(url) = joined {
            prop_assert!(url.path().ends_with("/oauth/token"), "{url}");
        }
        Ok(())
    });
}

#[test]
fn callbacks_of_any_text_parse_or_are_refused() {
    let text = prop_oneof![
        ".{0,64}",
        "[?&=a-z%0-9_]{0,64}".prop_map(|q| format!("http://127.0.0.1/callback?{q}"))
    ];
    check("callback parser", text, |text| {
        let _ = Callback::parse("p", &text);
        Ok(())
    });
}

/// Reads `text` as a setting of type `T`, for the settings property.
fn setting<T: FromSetting>(text: &Option<String>) {
    let source = |_: &str| text.clone();
    let mut reader = SettingsReader::new(&source);
    let value = read_setting::<T>(&mut reader, "s");
    let _ = reader.finish("p", value);
}

#[test]
fn settings_of_any_text_read_or_are_refused() {
    check("settings parser", proptest::option::of(".{0,32}"), |text| {
        setting::<String>(&text);
        setting::<secrecy::SecretString>(&text);
        setting::<url::Url>(&text);
        setting::<bool>(&text);
        setting::<i64>(&text);
        setting::<u8>(&text);
        setting::<Option<i32>>(&text);
        Ok(())
    });
}

#[test]
fn a_known_secret_never_survives_scrubbing_or_an_excerpt() {
    let text = proptest::collection::vec(any::<u8>(), 0..400);
    check(
        "redaction",
        (secret(), text, any::<u16>()),
        |(secret, text, at)| {
            prop_assume!(!REDACTED.contains(&secret));
            let mut text = String::from_utf8_lossy(&text).into_owned();
            let at = (0..=text.len())
                .filter(|i| text.is_char_boundary(*i))
                .nth(usize::from(at) % (text.chars().count() + 1))
                .unwrap_or(0);
            text.insert_str(at, &secret);
            let mut redactor = Redactor::new();
            redactor.secret(&secret);
            prop_assert!(!redactor.scrub(&text).contains(&secret));
            let shown = redactor.excerpt(text.as_bytes());
            prop_assert!(!shown.contains(&secret), "{shown}");
            prop_assert!(shown.chars().count() <= EXCERPT_CHARS + 32);
            Ok(())
        },
    );
}

#[test]
fn an_excerpt_of_any_bytes_is_short() {
    check(
        "excerpt",
        proptest::collection::vec(any::<u8>(), 0..2048),
        |body| {
            let shown = excerpt(&body);
            prop_assert!(!shown.is_empty());
            prop_assert!(
                shown.chars().count() <= EXCERPT_CHARS + 32,
                "{}",
                shown.len()
            );
            Ok(())
        },
    );
}
