//! Every published feature combination of the runtime compiles: `cargo test --workspace` builds
//! the runtime with the features the providers and tests ask for, so code behind a feature that
//! nobody turns on (or a fallback for when it is off) would go unbuilt without this check.

use std::path::Path;
use std::process::Command;

/// `cargo check` of the runtime's library with `features`, in a target directory of its own so
/// that it neither waits for nor invalidates the suite's own build.
fn check_runtime(features: &[&str]) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = workspace.join("target").join("feature-check");
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(&workspace)
        .args(["check", "--quiet", "--lib", "-p", "auth-runtime"])
        .arg("--no-default-features")
        .arg("--target-dir")
        .arg(&target);
    if !features.is_empty() {
        command.arg("--features").arg(features.join(","));
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "auth-runtime with features {features:?} does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_runtime_compiles_with_no_feature_and_with_each_alone() {
    for features in [
        &[][..],
        &["private-key-jwt"],
        &["middleware"],
        &["tokio-clock"],
        &["testkit"],
    ] {
        check_runtime(features);
    }
}
