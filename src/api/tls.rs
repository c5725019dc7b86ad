//! The one TLS client setup, shared by REST (reqwest) and the hub's WebSocket
//! (tokio-tungstenite): the system's trusted roots, plus the certificates of an optional
//! private CA file (`--ca-file`, profile key `ca_file`). `SSL_CERT_FILE` / `SSL_CERT_DIR`
//! name the system store when set (the OpenSSL convention, read by rustls-native-certs).
//! Nothing else is trusted: a self-signed or unknown certificate is refused.

use super::ApiError;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Largest CA file read.
pub const MAX_CA_FILE: usize = crate::limits::SMALL_FILE;

/// The client config: system roots plus `ca_file`'s certificates. Without a CA file the
/// config is built once per process and shared.
pub fn client_config(ca_file: Option<&Path>) -> Result<Arc<ClientConfig>, ApiError> {
    crate::install_crypto_provider();
    match ca_file {
        None => {
            static SYSTEM: OnceLock<Arc<ClientConfig>> = OnceLock::new();
            Ok(SYSTEM.get_or_init(|| build(&[])).clone())
        }
        Some(path) => {
            let extra = read_ca_file(path)?;
            Ok(build(&extra))
        }
    }
}

/// The system's roots plus these certificates (e.g. a CA held in memory).
pub fn client_config_with(extra: &[CertificateDer<'static>]) -> Arc<ClientConfig> {
    crate::install_crypto_provider();
    build(extra)
}

/// The certificates of PEM text.
pub fn pem_certificates(pem: &str) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_slice_iter(pem.as_bytes())
        .filter_map(Result::ok)
        .collect()
}

fn build(extra: &[CertificateDer<'static>]) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    let (system, _) = roots.add_parsable_certificates(system_roots().iter().cloned());
    let (added, _) = roots.add_parsable_certificates(extra.iter().cloned());
    tracing::debug!("TLS roots: {system} from the system store, {added} from the CA file");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
        .unwrap_or_else(|_| {
            // The ring provider supports the default versions; this cannot happen.
            ClientConfig::builder()
                .with_root_certificates(RootCertStore::empty())
                .with_no_client_auth()
        });
    Arc::new(config)
}

/// The system store, loaded once (it can be a 300 KB parse).
fn system_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for e in &found.errors {
            tracing::warn!(
                "system certificate store: {}",
                crate::sanitize::excerpt(&e.to_string())
            );
        }
        found.certs
    })
}

/// The certificates of a PEM file (a private CA), refused when unreadable, not a regular
/// file, larger than [`MAX_CA_FILE`] or without a certificate.
pub fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, ApiError> {
    let name = crate::sanitize::sanitize(&path.display().to_string());
    let fail = |detail: String| ApiError::CaFile {
        path: name.clone(),
        detail,
    };
    let bytes = crate::limits::read_small_file(path, MAX_CA_FILE).map_err(fail)?;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<_, _>>()
        .map_err(|e| fail(format!("{name} is not a PEM certificate file ({e})")))?;
    if certs.is_empty() {
        return Err(fail(format!(
            "{name} holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)"
        )));
    }
    Ok(certs)
}

/// A TLS failure in words a user can act on (the rustls reason kept in brackets).
pub fn explain(detail: &str) -> String {
    let detail = crate::sanitize::excerpt(detail);
    if detail.contains("UnknownIssuer") || detail.contains("BadSignature") {
        format!(
            "the server's certificate is not signed by a CA this machine trusts ({detail}); \
             for a private CA give --ca-file FILE (or ca_file in the profile)"
        )
    } else if detail.contains("NotValidForName") {
        format!("the server's certificate is not for this host name ({detail})")
    } else if detail.contains("Expired") {
        format!("the server's certificate has expired ({detail})")
    } else {
        detail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_must_hold_a_certificate() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "hello").unwrap();
        let e = read_ca_file(&empty).unwrap_err().to_string();
        assert!(e.contains("no certificate"), "{e}");
        let e = read_ca_file(&dir.path().join("missing.pem"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing.pem"), "{e}");
        let e = read_ca_file(dir.path()).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
    }

    #[test]
    fn the_system_config_is_built_once() {
        let a = client_config(None).unwrap();
        let b = client_config(None).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
    }
}
