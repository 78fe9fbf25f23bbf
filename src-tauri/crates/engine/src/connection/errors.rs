//! Why a first contact with an engine failed, in words with what to do. Classified from error
//! TYPES found down the source chain (rustls' errors inside the I/O errors hyper passes on) and
//! from HTTP status, never from message text.

use crate::connection::endpoint::Endpoint;
use crate::connection::Link;
use crate::error::EngineError;
use rustls::{AlertDescription, CertificateError};
use std::path::PathBuf;

/// A connection problem the user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectProblem {
    /// The engine's certificate is past its end date.
    CertificateExpired { not_after: Option<String> },
    /// The engine's certificate does not name the host dialled.
    WrongHostName { dialled: String, names: Vec<String> },
    /// The engine's certificate is not signed by a CA we trust.
    UnknownAuthority { ca: Option<PathBuf> },
    /// The engine turned our client certificate down (or wanted one and got none).
    ClientCertificateRefused { cert: Option<PathBuf> },
    /// We spoke TLS and the port answered in plain HTTP.
    TlsToPlainPort,
    /// We spoke plain HTTP and the port wants TLS.
    PlainToTlsPort,
    /// The ssh child that carries an `ssh://` engine failed.
    #[cfg(unix)]
    Ssh(crate::connection::ssh::SshProblem),
}

impl std::fmt::Display for ConnectProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectProblem::CertificateExpired { not_after } => {
                let when = not_after
                    .as_deref()
                    .map(|w| format!(" on {w}"))
                    .unwrap_or_default();
                write!(
                    f,
                    "the engine's certificate expired{when}. Renew the engine's certificate \
                     (dockerd --tlscert) with your CA, then connect again."
                )
            }
            ConnectProblem::WrongHostName { dialled, names } => {
                let held = if names.is_empty() {
                    "no host names".to_string()
                } else {
                    names.join(", ")
                };
                write!(
                    f,
                    "the engine's certificate is for {held}, not for {dialled}. Connect with a \
                     name the certificate holds, or issue the engine a certificate that \
                     includes {dialled}."
                )
            }
            ConnectProblem::UnknownAuthority { ca } => match ca {
                Some(ca) => write!(
                    f,
                    "the engine's certificate is not signed by the CA in {}. Point \
                     DOCKER_CERT_PATH (or the context's CA) at the ca.pem that signed the \
                     engine's certificate.",
                    ca.display()
                ),
                None => write!(
                    f,
                    "the engine's certificate is not signed by a CA this machine trusts, and no \
                     ca.pem was given. Put the engine's CA as ca.pem in DOCKER_CERT_PATH or in \
                     the context."
                ),
            },
            ConnectProblem::ClientCertificateRefused { cert } => match cert {
                Some(cert) => write!(
                    f,
                    "the engine refused the client certificate {}. Use a client certificate \
                     signed by the CA the engine trusts (dockerd --tlscacert).",
                    cert.display()
                ),
                None => write!(
                    f,
                    "the engine wants a client certificate and none was offered. Put cert.pem \
                     and key.pem beside ca.pem in DOCKER_CERT_PATH or in the context."
                ),
            },
            ConnectProblem::TlsToPlainPort => write!(
                f,
                "this port does not speak TLS (it looks like a plain HTTP port, usually 2375). \
                 Use the engine's TLS port (usually 2376), or drop the TLS settings for it."
            ),
            #[cfg(unix)]
            ConnectProblem::Ssh(p) => write!(f, "{p}"),
            ConnectProblem::PlainToTlsPort => write!(
                f,
                "this port wants TLS. Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or use a \
                 context with the engine's certificates."
            ),
        }
    }
}

/// The classified problem of a failed first call, if it is one we can put in words.
pub fn classify(
    err: &bollard::errors::Error,
    endpoint: &Endpoint,
    link: Link,
) -> Option<ConnectProblem> {
    if let bollard::errors::Error::DockerResponseServerError { status_code, .. } = err {
        // An engine never answers its own /version with 400; Go's TLS listener answers any
        // plain HTTP request so.
        return (*status_code == 400 && link == Link::PlainTcp)
            .then_some(ConnectProblem::PlainToTlsPort);
    }
    #[cfg(unix)]
    if link == Link::Ssh {
        return crate::connection::ssh::find_problem(opened(err))
            .cloned()
            .map(ConnectProblem::Ssh);
    }
    let tls = endpoint.tls.as_ref();
    match find_rustls(opened(err))? {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::Expired => {
                Some(ConnectProblem::CertificateExpired { not_after: None })
            }
            CertificateError::ExpiredContext { not_after, .. } => {
                Some(ConnectProblem::CertificateExpired {
                    not_after: i64::try_from(not_after.as_secs())
                        .ok()
                        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
                        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
                })
            }
            CertificateError::NotValidForName => Some(ConnectProblem::WrongHostName {
                dialled: dialled_host(&endpoint.host),
                names: Vec::new(),
            }),
            CertificateError::NotValidForNameContext {
                expected,
                presented,
            } => Some(ConnectProblem::WrongHostName {
                dialled: expected.to_str().into_owned(),
                names: presented.iter().map(|n| bare_name(n)).collect(),
            }),
            CertificateError::UnknownIssuer | CertificateError::BadSignature => {
                Some(ConnectProblem::UnknownAuthority {
                    ca: tls.and_then(|t| t.ca.clone()),
                })
            }
            _ => None,
        },
        rustls::Error::AlertReceived(
            AlertDescription::BadCertificate
            | AlertDescription::CertificateRequired
            | AlertDescription::UnknownCA
            | AlertDescription::CertificateUnknown
            | AlertDescription::UnsupportedCertificate
            | AlertDescription::CertificateExpired
            | AlertDescription::CertificateRevoked,
        ) => Some(ConnectProblem::ClientCertificateRefused {
            cert: tls.and_then(|t| t.cert.clone()),
        }),
        rustls::Error::InvalidMessage(_) => Some(ConnectProblem::TlsToPlainPort),
        _ => None,
    }
}

/// The error as the user sees it: the problem in words when classified, else as it was.
pub(crate) fn explained(
    err: bollard::errors::Error,
    endpoint: &Endpoint,
    link: Link,
) -> (Option<ConnectProblem>, EngineError) {
    match classify(&err, endpoint, link) {
        Some(p) => {
            let words = format!("{}: {p}", endpoint.host);
            (Some(p), EngineError::Unavailable(words))
        }
        None => (None, err.into()),
    }
}

/// rustls gives each name the certificate presents in its debug form (`DnsName("a.b")`,
/// `IpAddress(10.0.0.1)`); the user wants the name itself.
fn bare_name(presented: &str) -> String {
    match (presented.find('('), presented.ends_with(')')) {
        (Some(open), true) => presented[open + 1..presented.len() - 1]
            .trim_matches('"')
            .to_string(),
        _ => presented.to_string(),
    }
}

fn dialled_host(host: &str) -> String {
    let rest = host.split_once("://").map(|(_, r)| r).unwrap_or(host);
    rest.rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or(rest)
        .to_string()
}

/// The error a bollard error wraps. bollard's I/O and hyper variants are `#[error(transparent)]`,
/// whose `source()` skips the wrapped error itself and goes straight to ITS source, so an I/O
/// error holding a rustls error would never be opened; start the walk at the wrapped error.
fn opened(err: &bollard::errors::Error) -> &(dyn std::error::Error + 'static) {
    use bollard::errors::Error as B;
    match err {
        B::IOError { err } => err,
        B::HyperResponseError { err } => err,
        B::HyperLegacyError { err } => err,
        other => other,
    }
}

/// The rustls error somewhere down `err`'s sources. I/O errors keep their inner error out of
/// `source()`, so each one is opened with `get_ref`.
fn find_rustls<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(r) = e.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        if let Some(inner) = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            let inner: &'a (dyn std::error::Error + 'static) = inner;
            cur = Some(inner);
            continue;
        }
        cur = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::endpoint::EndpointSource;

    fn tls_endpoint() -> Endpoint {
        Endpoint {
            host: "tcp://10.0.0.9:2376".into(),
            source: EndpointSource::DockerHostEnv,
            tls: Some(crate::connection::endpoint::TlsFiles {
                ca: Some("/certs/ca.pem".into()),
                cert: Some("/certs/cert.pem".into()),
                key: Some("/certs/key.pem".into()),
                verify: true,
            }),
        }
    }

    fn wrapped(e: rustls::Error) -> bollard::errors::Error {
        // As tokio-rustls hands it to hyper: an I/O error holding the rustls error.
        bollard::errors::Error::IOError {
            err: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        }
    }

    #[test]
    fn a_rustls_error_inside_an_io_error_is_found_and_named() {
        let ep = tls_endpoint();
        let p = classify(
            &wrapped(rustls::Error::InvalidCertificate(
                CertificateError::UnknownIssuer,
            )),
            &ep,
            Link::Tls,
        );
        assert_eq!(
            p,
            Some(ConnectProblem::UnknownAuthority {
                ca: Some("/certs/ca.pem".into())
            })
        );
        assert!(p.unwrap().to_string().contains("/certs/ca.pem"));
        let p = classify(
            &wrapped(rustls::Error::AlertReceived(
                AlertDescription::CertificateRequired,
            )),
            &ep,
            Link::Tls,
        );
        assert!(matches!(
            p,
            Some(ConnectProblem::ClientCertificateRefused { .. })
        ));
        // An error that is not about TLS stays unclassified.
        let plain = bollard::errors::Error::IOError {
            err: std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused"),
        };
        assert_eq!(classify(&plain, &ep, Link::Tls), None);
    }

    #[test]
    fn status_400_means_a_tls_port_only_for_plain_tcp() {
        let bad = || bollard::errors::Error::DockerResponseServerError {
            status_code: 400,
            message: String::new(),
        };
        let mut ep = tls_endpoint();
        ep.tls = None;
        assert_eq!(
            classify(&bad(), &ep, Link::PlainTcp),
            Some(ConnectProblem::PlainToTlsPort)
        );
        assert_eq!(classify(&bad(), &ep, Link::Local), None);
    }

    #[test]
    fn presented_names_lose_their_debug_wrapping() {
        assert_eq!(bare_name("DnsName(\"engine.lan\")"), "engine.lan");
        assert_eq!(bare_name("IpAddress(10.0.0.1)"), "10.0.0.1");
        assert_eq!(bare_name("engine.lan"), "engine.lan");
    }

    #[test]
    fn the_dialled_host_is_the_name_without_scheme_and_port() {
        assert_eq!(dialled_host("tcp://engine.lan:2376"), "engine.lan");
        assert_eq!(dialled_host("tcp://127.0.0.1:2376/"), "127.0.0.1");
    }
}
