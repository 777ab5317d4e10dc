#!/usr/bin/env python3
"""Benchmark 5, compile cost as providers grow: crates declaring 1, 10, 100 and 1,000 providers, each
`cargo check`-ed and `cargo build`-ed after their dependencies are built, so that only the
declarations are timed. Writes target/bench-results/compile.json."""

import json
import os
import pathlib
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "compile-cost"
COUNTS = [1, 10, 100, 1000]

# Seven shapes of declaration, in turn, so that the crate is not one shape repeated: the password
# grant, a custom login in an envelope, client credentials in the query with headers, an API key,
# HTTP Basic, a client-credentials grant read from other paths, and a code flow.
SHAPES = [
    '''#[derive(Provider)]
#[oauth(grant = "password", encoding = "form", endpoint = "https://p{n}.example.com/oauth2/token")]
#[oauth(refresh_sentinel = "none", renew = "login", validity_endpoint = "https://p{n}.example.com/_authenticated")]
pub struct P{n} {{
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
}}
''',
    '''#[derive(Provider)]
#[oauth(grant = "login", encoding = "json", endpoint = "https://p{n}.example.com/api/login")]
#[oauth(envelope = "login.data", success_flag = "login.success", error_message = "login.error_message")]
pub struct P{n} {{
    #[oauth(username)] pub username: String,
    #[oauth(password)] pub password: SecretString,
    #[oauth(param)] pub tenant_id: i64,
}}
''',
    '''#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "query", endpoint = "https://{{account}}.p{n}.example.com/oauth2/token")]
#[oauth(client_auth = "basic")]
pub struct P{n} {{
    pub account: String,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
    #[oauth(token_header = "x-api-key", api_header = "x-api-key")] pub api_key: SecretString,
}}
''',
    '''#[derive(Provider)]
#[oauth(grant = "api_key", auth_header = "x-api-key", api_base = "https://api.p{n}.example.com/v1")]
#[oauth(api_header = "p{n}-version: 2023-06-01", validity_endpoint = "https://api.p{n}.example.com/v1/me")]
pub struct P{n} {{
    #[oauth(api_key)] pub api_key: SecretString,
}}
''',
    '''#[derive(Provider)]
#[oauth(grant = "basic", api_base = "https://{{site}}.p{n}.example.com/rest/api/3")]
pub struct P{n} {{
    pub site: String,
    #[oauth(username)] pub email: String,
    #[oauth(password)] pub api_token: SecretString,
}}
''',
    '''#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://p{n}.example.com/oauth/token")]
#[oauth(grant_type = "account_credentials", client_auth = "basic", param = "audience=https://api.p{n}.example.com/")]
#[oauth(access_token_path = "data.accessToken", expiry = "epoch_seconds", expiry_path = "data.expiresAt")]
#[oauth(api_base_from = "instance_url", auth_format = "Bearer {{token}}")]
pub struct P{n} {{
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
    #[oauth(param)] pub account_id: String,
}}
''',
    '''#[derive(Provider)]
#[oauth(grant = "authorization_code", encoding = "json", endpoint = "/oauth/token")]
#[oauth(authorize_endpoint = "/oauth/authorize", client_auth = "body", pkce = "S256")]
pub struct P{n} {{
    #[oauth(base_url)] pub base_url: String,
    #[oauth(client_id)] pub client_id: String,
    #[oauth(client_secret)] pub client_secret: SecretString,
    #[oauth(redirect_uri, on_refresh)] pub redirect_uri: String,
}}
''',
]


def write_crate(count: int) -> pathlib.Path:
    crate = WORK / f"providers_{count}"
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(f'''[package]
name = "providers_{count}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
auth-runtime = {{ path = "{ROOT / 'auth-runtime'}" }}

[workspace]
''')
    # The workspace's lock file, so that the crate builds the same dependencies, offline.
    (crate / "Cargo.lock").write_text((ROOT / "Cargo.lock").read_text())
    body = ["#![allow(dead_code)]", "use auth_runtime::{Provider, SecretString};", ""]
    body += [SHAPES[n % len(SHAPES)].format(n=n) for n in range(count)]
    (crate / "src" / "lib.rs").write_text("\n".join(body))
    return crate


def cargo(crate: pathlib.Path, command: str) -> float:
    (crate / "src" / "lib.rs").touch()
    # Not incremental: an incremental cache left by an earlier run of the same declarations
    # would let rustc skip most of the work, and the figure would depend on that cache.
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target"), CARGO_INCREMENTAL="0")
    start = time.monotonic()
    subprocess.run(["cargo", command, "--quiet", "--offline"], cwd=crate, env=env, check=True)
    return time.monotonic() - start


def main() -> None:
    results = []
    crates = {count: write_crate(count) for count in COUNTS}
    for command in ("check", "build"):
        cargo(crates[1], command)  # dependencies, once, untimed
    for count, crate in crates.items():
        check = cargo(crate, "check")
        build = cargo(crate, "build")
        results.append({"providers": count, "check_s": round(check, 3), "build_s": round(build, 3)})
        print(f"{count:>5} providers: cargo check {check:6.2f} s, cargo build {build:6.2f} s", flush=True)
    out = ROOT / "target" / "bench-results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "compile.json").write_text(json.dumps(results))


if __name__ == "__main__":
    main()
