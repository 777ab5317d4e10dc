//! Compile-fail tests of `#[derive(Provider)]`: each case in `ui/<category>/<case>.rs` must
//! fail with exactly the messages in its `.stderr`; each in `ui/pass/` must compile.
//!
//! Compiler output changes between releases, so the expected files hold for the toolchain
//! pinned in `rust-toolchain.toml`. Regenerate with `TRYBUILD=overwrite cargo test --test ui`
//! and read every changed line before committing it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/shape/*.rs");
    t.compile_fail("ui/values/*.rs");
    t.compile_fail("ui/roles/*.rs");
    t.compile_fail("ui/placeholders/*.rs");
    t.compile_fail("ui/keys/*.rs");
    t.compile_fail("ui/types/*.rs");
    t.compile_fail("ui/combinations/*.rs");
    t.compile_fail("ui/combined/*.rs");
    t.compile_fail("ui/flow/*.rs");
    t.compile_fail("ui/secrets/*.rs");
    t.pass("ui/pass/*.rs");
}
