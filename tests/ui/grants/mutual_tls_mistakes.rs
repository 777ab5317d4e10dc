// Mutual TLS (RFC 8705): a certificate needs its key and the key its certificate; the
// certificate-based client authentications need both; an mTLS alias needs a certificate to
// carry; a client secret is never sent with them; a key is a secret.
use auth_runtime::{Provider, SecretString};

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://bank.example/token")]
#[oauth(client_auth = "tls_client_auth")]
struct NoCertificate {
    #[oauth(client_id)]
    client_id: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://bank.example/token")]
#[oauth(client_auth = "basic")]
struct CertificateWithoutKey {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(client_certificate)]
    certificate: String,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://bank.example/token")]
#[oauth(client_auth = "basic", mtls_endpoint = "https://mtls.bank.example/token")]
struct AliasWithoutCertificate {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
}

#[derive(Provider)]
#[oauth(grant = "client_credentials", encoding = "form", endpoint = "https://bank.example/token")]
#[oauth(client_auth = "self_signed_tls_client_auth")]
struct SecretBesideCertificate {
    #[oauth(client_id)]
    client_id: String,
    #[oauth(client_secret)]
    client_secret: SecretString,
    #[oauth(client_certificate)]
    certificate: String,
    #[oauth(client_key)]
    key: String,
}

fn main() {}
