//! `authctl demo` in a build without the `demo` feature: no emulator is built in, so the
//! command (hidden from `--help`) says how to get one instead.

use crate::failure::Failure;

/// Fails with a usage error (exit status 2) that says how to get the demo.
pub async fn run(_all: bool) -> Result<u8, Failure> {
    Err(Failure::Usage(
        "this authctl was built without its `demo` feature (the offline emulators): \
         `cargo install authctl` installs it with the default features, demo included"
            .into(),
    ))
}
