//! TLS for the shared stores (feature `store-tls`, which both imply): rustls, trusting the
//! system's roots or the ones a user gives (a private CA). Certificates and host names are
//! always checked; a store connects in plain only to loopback or a Unix socket.

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::CertificateDer;

use crate::error::Error;

/// The roots to trust: the certificates of `pem` (one or more PEM blocks), or else the
/// system's trust store.
pub(crate) fn roots(pem: Option<&[u8]>) -> Result<rustls::RootCertStore, Error> {
    let mut roots = rustls::RootCertStore::empty();
    let Some(pem) = pem else {
        let found = rustls_native_certs::load_native_certs();
        let (added, _) = roots.add_parsable_certificates(found.certs);
        if added == 0 {
            return Err(Error::config(
                "no trusted root certificate on this system: give the store its CA's",
            ));
        }
        return Ok(roots);
    };
    for certificate in CertificateDer::pem_slice_iter(pem) {
        let certificate = certificate.map_err(|e| {
            Error::config_caused_by("the store's root certificates are not valid PEM", e)
        })?;
        roots
            .add(certificate)
            .map_err(|e| Error::config_caused_by("a store root certificate is not valid", e))?;
    }
    if roots.is_empty() {
        return Err(Error::config(
            "the store's root certificates hold no certificate",
        ));
    }
    Ok(roots)
}

/// A client configuration that trusts the roots of `pem` or the system's (see [`roots`]).
#[cfg(feature = "postgres")]
pub(crate) fn client_config(pem: Option<&[u8]>) -> Result<rustls::ClientConfig, Error> {
    trusting(roots(pem)?)
}

/// A client configuration that trusts `roots`, with rustls' safe defaults.
#[cfg(feature = "postgres")]
pub(crate) fn trusting(roots: rustls::RootCertStore) -> Result<rustls::ClientConfig, Error> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config_caused_by("TLS cannot be set up", e))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// Makes ring rustls' process-wide provider if none is set: the `redis` crate builds its TLS
/// configuration from that default, and a process whose rustls has two providers compiled in
/// (ring and aws-lc-rs) has none until one is chosen. One already chosen is kept.
#[cfg(feature = "redis")]
pub(crate) fn choose_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
