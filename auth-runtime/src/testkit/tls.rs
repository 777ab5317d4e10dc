//! The emulator's side of mutual TLS (RFC 8705), for a provider whose declaration has a client
//! certificate: it serves https with a certificate authority and server certificate it makes
//! for 127.0.0.1 (the client it hands out trusts that CA), asks every client for a certificate,
//! and checks that the client holds its key (the handshake's signature). Which certificate is
//! acceptable is the endpoints' decision: exactly the one the provider's settings hold.

use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};
use tokio_rustls::TlsAcceptor;

use crate::error::Error;

/// The emulator's TLS: what accepts connections, and the root a client must trust.
pub(super) struct ServerTls {
    pub(super) acceptor: TlsAcceptor,
    /// The emulator's own certificate authority, PEM.
    pub(super) root_pem: String,
}

impl ServerTls {
    /// A new authority, a server certificate for 127.0.0.1 it signs, and a server that asks
    /// for a client certificate without requiring one at the TLS layer (the token endpoint
    /// refuses a request without one with an OAuth error a client can read).
    pub(super) fn new() -> Result<ServerTls, Error> {
        let failed =
            |e: rcgen::Error| Error::config_caused_by("cannot make the emulator's certificates", e);
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "auth-runtime emulator CA");
        let ca_key = rcgen::KeyPair::generate().map_err(failed)?;
        let ca = rcgen::CertifiedIssuer::self_signed(ca, ca_key).map_err(failed)?;
        let server = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).map_err(failed)?;
        let server_key = rcgen::KeyPair::generate().map_err(failed)?;
        let certificate = server.signed_by(&server_key, &ca).map_err(failed)?;
        let key = PrivateKeyDer::try_from(server_key.serialize_der())
            .map_err(|e| Error::config(format!("the emulator's key: {e}")))?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = Arc::new(AnyClientCertificate {
            algorithms: provider.signature_verification_algorithms,
        });
        let tls =
            |e: rustls::Error| Error::config_caused_by("cannot configure the emulator's TLS", e);
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(tls)?
            .with_client_cert_verifier(verifier)
            .with_single_cert(vec![certificate.der().clone()], key)
            .map_err(tls)?;
        // The emulator's server speaks HTTP/1.1 only.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(ServerTls {
            acceptor: TlsAcceptor::from(Arc::new(config)),
            root_pem: ca.pem(),
        })
    }
}

/// The first certificate of a PEM chain, DER: what a client presents as its own.
pub(super) fn first_certificate(pem: &str) -> Option<Vec<u8>> {
    CertificateDer::pem_slice_iter(pem.as_bytes())
        .next()?
        .ok()
        .map(|der| der.to_vec())
}

/// Takes any client certificate whose key signed the handshake: the endpoints compare it with
/// the one the provider's settings hold, and answer in OAuth terms.
#[derive(Debug)]
struct AnyClientCertificate {
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for AnyClientCertificate {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A self-signed client certificate for `name` and its private key, both PEM: for tests and
/// demos of providers with mutual TLS (`self_signed_tls_client_auth`, RFC 8705 section 2.2).
pub fn self_signed_certificate(name: &str) -> Result<(String, secrecy::SecretString), Error> {
    let failed = |e: rcgen::Error| Error::config_caused_by("cannot make a client certificate", e);
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let key = rcgen::KeyPair::generate().map_err(failed)?;
    let certificate = params.self_signed(&key).map_err(failed)?;
    Ok((
        certificate.pem(),
        secrecy::SecretString::from(key.serialize_pem()),
    ))
}
