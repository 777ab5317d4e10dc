// A field-type mistake shows in the same compile as an attribute mistake: the stub emitted
// beside the attribute errors still checks every field's type.
use auth_runtime::Provider;

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://api.example.com/oauth/token")]
#[oauth(client_auth = "basik")]
pub struct Example {
    #[oauth(client_id)]
    pub client_id: String,
    #[oauth(client_secret)]
    pub client_secret: String,
    #[oauth(param)]
    pub tenants: Vec<u32>,
}

fn main() {}
