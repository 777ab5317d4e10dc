//! Testing an integration offline: an emulator of iAdvize, generated from its declaration,
//! stands in for `api.iadvize.com`; the code under test uses a session as it would in
//! production, and faults show that it copes.
//!
//! Run it with `cargo run -p providers --example offline`.

use auth_runtime::testkit::{Emulator, Fault};
use auth_runtime::{Error, SecretString, Session, Validity};
use providers::IAdvize;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let iadvize = IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("correct horse"),
    };
    // The emulator expects exactly what the declaration sends with these settings.
    let emulator = Emulator::start(iadvize.clone()).await?;
    let session = Session::builder(iadvize)
        .client(emulator.client()?)
        .build()?;

    let token = session.token().await?;
    println!("logged in: {token:?}");
    assert_eq!(session.check_validity().await?, Validity::Valid);

    // A 502 with an HTML page on the next token request: the session retries and recovers.
    emulator.inject(Fault::ServerError);
    session.renew().await?;
    println!(
        "a 502 was retried: {} token requests so far",
        emulator.requests().len() - 1
    );

    // A wrong password is refused the way iAdvize would.
    let wrong = IAdvize {
        username: "agent@shop.example".into(),
        password: SecretString::from("nope"),
    };
    match emulator.client()?.login(&wrong).await {
        Err(error @ Error::OAuth { .. }) => println!("a wrong password: {error}"),
        other => return Err(format!("expected a refusal, got {other:?}").into()),
    }
    Ok(())
}
