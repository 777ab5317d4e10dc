//! Compile-fail tests of `#[derive(Provider)]`: each case in `ui/<category>/<case>.rs` must
//! fail with exactly the messages in its `.stderr`; each in `ui/pass/` must compile.
//!
//! The cases are found, not listed: every directory of `ui/` is a category, run with the glob
//! `ui/<category>/*.rs`, so a new case or category needs no line here.
//!
//! Compiler output changes between releases, so the expected files hold for the toolchain
//! pinned in `rust-toolchain.toml`. Regenerate with `TRYBUILD=overwrite cargo test --test ui`
//! and read every changed line before committing it.

use std::fs;
use std::path::Path;

#[test]
fn ui() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut categories = Vec::new();
    for entry in fs::read_dir(&root).expect("tests/ui is readable") {
        let path = entry.expect("tests/ui is readable").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 name");
        // A case outside a category, or in a directory inside one, would match no glob.
        assert!(path.is_dir(), "{name}: a UI case goes in ui/<category>/");
        for case in fs::read_dir(&path).expect("a category is readable") {
            let case = case.expect("a category is readable").path();
            assert!(
                case.is_file(),
                "{}: no directories inside a category",
                case.display()
            );
        }
        categories.push(name.to_owned());
    }
    categories.sort();
    assert!(
        categories.iter().any(|c| c == "pass"),
        "ui/pass/ holds the cases that compile"
    );

    let t = trybuild::TestCases::new();
    for category in &categories {
        let cases = format!("ui/{category}/*.rs");
        if category == "pass" {
            t.pass(cases);
        } else {
            t.compile_fail(cases);
        }
    }
}
