use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "device_code", encoding = "form", endpoint = "https://github.com/login/oauth/access_token")]
struct Cli {
    #[oauth(client_id)]
    client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "device_code", encoding = "form", endpoint = "https://github.com/login/oauth/access_token")]
#[oauth(device_endpoint = "https://github.com/login/device/code", renew = "login")]
struct RenewsByLoggingIn {
    #[oauth(client_id)]
    client_id: String,
}

fn main() {}
