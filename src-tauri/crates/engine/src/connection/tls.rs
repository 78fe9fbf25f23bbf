//! `tcp://` engines over TLS, with the docker CLI's rules for the files (see `TlsFiles`).
//!
//! bollard's own `connect_with_ssl` always wants a client certificate, cannot skip the check of
//! the engine's certificate (`SkipTLSVerify`, `DOCKER_TLS`) and hides which file it used, so we
//! build the rustls configuration ourselves (ring, the provider the rest of the crate uses) and
//! hand bollard a hyper client over it as a custom transport.

use crate::connection::endpoint::TlsFiles;
use crate::error::EngineError;
use bollard::{BollardRequest, Docker};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::Path;
use std::sync::Arc;

/// bollard's default read limit for a request, in seconds.
const REQUEST_TIMEOUT_S: u64 = 120;

/// A bollard client that speaks TLS to `host` (`tcp://h:p`) with `files`.
pub(crate) fn docker_over_tls(host: &str, files: &TlsFiles) -> Result<Docker, EngineError> {
    let config = client_config(files)?;
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_only()
        .enable_http1()
        .wrap_connector({
            let mut http = HttpConnector::new();
            http.enforce_http(false);
            http
        });
    let client = Client::builder(TokioExecutor::new()).build(connector);
    let addr = host
        .strip_prefix("tcp://")
        .unwrap_or(host)
        .trim_end_matches('/');
    let transport = move |req: BollardRequest| {
        let client = client.clone();
        async move {
            client
                .request(req)
                .await
                .map_err(bollard::errors::Error::from)
        }
    };
    Ok(Docker::connect_with_custom_transport(
        transport,
        Some(format!("https://{addr}")),
        REQUEST_TIMEOUT_S,
        bollard::API_DEFAULT_VERSION,
    )?)
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The rustls configuration for `files`: the system's roots plus the CA file (as the CLI's
/// Go client does), the client certificate when both cert and key are there.
pub(crate) fn client_config(files: &TlsFiles) -> Result<ClientConfig, EngineError> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| EngineError::InvalidInput(format!("TLS: {e}")))?;
    let builder = if files.verify {
        let mut roots = RootCertStore::empty();
        // A system store that cannot be read is no reason to refuse an engine whose CA file
        // we have; the CA file alone decides then.
        let native = rustls_native_certs::load_native_certs();
        if !native.errors.is_empty() {
            tracing::debug!(
                errors = native.errors.len(),
                "some system certificates unreadable"
            );
        }
        roots.add_parsable_certificates(native.certs);
        if let Some(ca) = &files.ca {
            for cert in read_certs(ca, "ca")? {
                roots.add(cert).map_err(|e| {
                    EngineError::InvalidInput(format!(
                        "ca: {} holds a certificate that cannot be a CA: {e}",
                        ca.display()
                    ))
                })?;
            }
        }
        builder.with_root_certificates(roots)
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoEngineCheck(provider())))
    };
    match (&files.cert, &files.key) {
        (Some(cert), Some(key)) => {
            let chain = read_certs(cert, "cert")?;
            let key = PrivateKeyDer::from_pem_file(key).map_err(|e| {
                EngineError::InvalidInput(format!(
                    "key: {} is not a PEM private key: {e}",
                    key.display()
                ))
            })?;
            builder.with_client_auth_cert(chain, key).map_err(|e| {
                EngineError::InvalidInput(format!(
                    "cert: {} does not go with its key: {e}",
                    cert.display()
                ))
            })
        }
        _ => Ok(builder.with_no_client_auth()),
    }
}

fn read_certs(path: &Path, field: &str) -> Result<Vec<CertificateDer<'static>>, EngineError> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            EngineError::InvalidInput(format!(
                "{field}: {} is not a PEM certificate file: {e}",
                path.display()
            ))
        })?;
    if certs.is_empty() {
        return Err(EngineError::InvalidInput(format!(
            "{field}: {} holds no certificate",
            path.display()
        )));
    }
    Ok(certs)
}

/// `SkipTLSVerify`: the engine's certificate is taken as it is (the connection is encrypted
/// but anyone in the middle could answer). Handshake signatures are still checked, so the
/// peer holds the key of the certificate it shows.
#[derive(Debug)]
struct NoEngineCheck(Arc<CryptoProvider>);

impl ServerCertVerifier for NoEngineCheck {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
