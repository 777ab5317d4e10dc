//! Benchmark 3, response parsing: each seed provider's generated parser on its sample response, beside
//! a generic `serde_json::Value` walk that extracts the same fields.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use auth_runtime::__private::{parse_token_body, BodyFormat};
use auth_runtime::Provider;
use criterion::{criterion_group, criterion_main, Criterion};
use providers::{Altrata, IAdvize, Tali, Talkdesk, Talview};
use serde_json::{json, Value};

const TALVIEW: &str = r#"{"auth_user_login": {"success": true, "error_message": null, "data": {"access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI...", "expires_in": 3600, "refresh_token": "d9865001-c918-4903-8209-..."}}}"#;
const TALI: &str = r#"{"access_token": "MBEehXv6KQcLH39ObZ8F6FVhQsJ2Bcf7XTf64", "refresh_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", "expires_in": "86400", "token_type": "Bearer"}"#;
const IADVIZE: &str = r#"{"access_token": "BMU9FSlOV.....UU0UVRPUSJ9.9yZCIsInBl....cm1pc3Npb0.xw3blsLI8gujt....JPX5U8v24o1gUsg", "expires_in": 86400, "token_type": "Bearer", "refresh_token": "none"}"#;
const ALTRATA: &str =
    r#"{"access_token": "youraccesstoken", "expires_in": 28800, "token_type": "bearer"}"#;
const TALKDESK: &str = r#"{"access_token": "eyJhbGciOiJSUzI1NiJ9.e30.sig", "token_type": "Bearer", "expires_in": 600, "scope": "users:read account:read", "refresh_token": "rt-1", "sid": "session-42", "id_token": "eyJhbGciOiJSUzI1NiJ9.id.sig"}"#;

/// The fields a token response yields, taken out of a `Value` tree: the same the generated
/// parser yields, unknown fields (Talkdesk's `sid`, `id_token`) included.
#[allow(dead_code)]
struct Walked {
    extra: BTreeMap<String, Value>,
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
    scope: Option<String>,
    success: Option<bool>,
    message: Option<String>,
}

/// The fields of RFC 6749's token and error responses.
const KNOWN: [&str; 8] = [
    "access_token",
    "token_type",
    "expires_in",
    "refresh_token",
    "scope",
    "error",
    "error_description",
    "error_uri",
];

fn walk(body: &[u8], envelope: &[&str], flag: &[&str], message: &[&str]) -> Walked {
    let root: Value = serde_json::from_slice(body).unwrap();
    let at = |path: &[&str]| path.iter().try_fold(&root, |v, k| v.get(*k));
    let token = at(envelope).unwrap();
    let text = |name: &str| token.get(name).and_then(Value::as_str).map(str::to_owned);
    let expires_in = token
        .get("expires_in")
        .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()));
    let extra = token
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, _)| !KNOWN.contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    Walked {
        extra,
        access_token: text("access_token"),
        token_type: text("token_type"),
        expires_in,
        refresh_token: text("refresh_token"),
        scope: text("scope"),
        success: (!flag.is_empty())
            .then(|| at(flag).and_then(Value::as_bool))
            .flatten(),
        message: (!message.is_empty())
            .then(|| at(message).and_then(Value::as_str).map(str::to_owned))
            .flatten(),
    }
}

/// Each provider's parser and walk alone, then interleaved: each sample alternates the two
/// in short runs, so that the machine's drift touches both alike and their ratio is paired.
/// Puts the paired samples (nanoseconds a parse: generated, walk) in `paired` under `name`.
fn pair<P: Provider>(
    c: &mut Criterion,
    paired: &mut serde_json::Map<String, Value>,
    name: &str,
    body: &'static str,
    envelope: &[&str],
    flag: &[&str],
    message: &[&str],
) {
    let generated = || {
        black_box(parse_token_body(P::INFO, black_box(body.as_bytes()), BodyFormat::Json).unwrap());
    };
    let walked = || {
        black_box(walk(black_box(body.as_bytes()), envelope, flag, message));
    };
    let mut group = c.benchmark_group(format!("parse_{name}"));
    group.bench_function("generated", |b| b.iter(generated));
    group.bench_function("value_walk", |b| b.iter(walked));
    let mut samples = Vec::new();
    group.bench_function("interleaved", |b| {
        b.iter_custom(|iters| {
            let mut spent = [Duration::ZERO; 2];
            for round in 0..iters.div_ceil(RUN) {
                let runs: [&dyn Fn(); 2] = [&generated, &walked];
                for k in 0..2 {
                    let which = (round as usize + k) % 2;
                    let start = Instant::now();
                    for _ in 0..RUN {
                        runs[which]();
                    }
                    spent[which] += start.elapsed();
                }
            }
            let parses = (iters.div_ceil(RUN) * RUN) as f64;
            samples.push(spent.map(|d| d.as_nanos() as f64 / parses));
            spent.iter().sum::<Duration>() / 2
        })
    });
    group.finish();
    paired.insert(name.into(), json!(samples));
}

/// Parses in a row between two clock reads in the interleaved run.
const RUN: u64 = 64;

fn bench(c: &mut Criterion) {
    let data = ["auth_user_login", "data"];
    let mut paired = serde_json::Map::new();
    let p = &mut paired;
    pair::<Talview>(
        c,
        p,
        "talview",
        TALVIEW,
        &data,
        &["auth_user_login", "success"],
        &["auth_user_login", "error_message"],
    );
    pair::<Tali>(c, p, "tali", TALI, &[], &[], &[]);
    pair::<IAdvize>(c, p, "iadvize", IADVIZE, &[], &[], &[]);
    pair::<Altrata>(c, p, "altrata", ALTRATA, &[], &[], &[]);
    pair::<Talkdesk>(c, p, "talkdesk", TALKDESK, &[], &[], &[]);
    zeroize(c);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("parse.json"), Value::Object(paired).to_string()).unwrap();
}

/// What only the generated parser pays: its tokens are secrets, zeroized when dropped. Tali's
/// two tokens made and dropped as `SecretString`s, beside the same as `Box<str>`.
fn zeroize(c: &mut Criterion) {
    let tokens = [
        "MBEehXv6KQcLH39ObZ8F6FVhQsJ2Bcf7XTf64",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    ];
    let mut group = c.benchmark_group("parse_zeroize");
    group.bench_function("secret_strings", |b| {
        b.iter(|| tokens.map(|t| auth_runtime::SecretString::from(black_box(t).to_owned())))
    });
    group.bench_function("boxed_strs", |b| {
        b.iter(|| tokens.map(|t| black_box(t).to_owned().into_boxed_str()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
