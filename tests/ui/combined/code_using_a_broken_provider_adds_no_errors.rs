use auth_runtime::{Client, Provider, SecretString, Session};

#[derive(Provider)]
#[oauth(grant = "pasword", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
pub struct Example {
    #[oauth(username)]
    pub username: String,
    #[oauth(password)]
    pub password: SecretString,
}

async fn use_it() -> Result<(), auth_runtime::Error> {
    let example = Example { username: "u".into(), password: SecretString::from("p") };
    let _token = Client::new()?.login(&example).await?;
    let session = Session::new(example)?;
    let _again = session.token().await?;
    println!("{}", Example::INFO.name());
    Ok(())
}

fn main() {
    let _ = use_it();
}
