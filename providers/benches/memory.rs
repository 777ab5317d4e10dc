//! Benchmark 6, memory: the bytes one idle session with a cached token holds, the HTTP client excluded.
//! A counting allocator measures what is live with the session, and again once it is
//! dropped while the client lives on; the difference is the session's.

use auth_runtime::testkit::Emulator;
use auth_runtime::{SecretString, Session};
use providers::IAdvize;

#[path = "support/counting.rs"]
mod counting;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let provider = IAdvize {
        username: "bench@example.com".into(),
        password: SecretString::from("pw"),
    };
    let emulator = runtime.block_on(Emulator::start(provider.clone())).unwrap();
    let client = emulator.client().unwrap();
    // Warm the client (its pool, its TLS setup) so that what it keeps is not counted below.
    let warm = Session::builder(provider.clone())
        .client(client.clone())
        .build()
        .unwrap();
    runtime.block_on(warm.token()).unwrap();
    drop(warm);

    let session = Session::builder(provider)
        .client(client.clone())
        .build()
        .unwrap();
    runtime.block_on(session.token()).unwrap();
    let with_session = counting::live();
    drop(session);
    let without = counting::live();
    let bytes = with_session - without;
    println!("one idle session with a cached token holds {bytes} bytes (client excluded)");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("memory.json"),
        format!("{{\"session_bytes\": {bytes}}}"),
    )
    .unwrap();
    drop(client);
}
