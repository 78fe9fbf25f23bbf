//! The engine crate's error type. Every bollard error is classified here, by HTTP status and by
//! error kind, never by message text, so callers can branch on what happened rather than on how
//! the daemon happened to word it.

use bollard::errors::Error as BollardError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The engine could not be reached (no socket, connection refused or reset, daemon gone).
    #[error("the Docker engine is not reachable: {0}")]
    Unavailable(String),
    /// 404: the object named does not exist (any more).
    #[error("{0}")]
    NotFound(String),
    /// 409: the object is in a state that refuses the action (name in use, container paused…).
    #[error("{0}")]
    Conflict(String),
    /// 400, or input refused before it reached the engine.
    #[error("{0}")]
    InvalidInput(String),
    /// 304: the action was already done (container already started or stopped).
    #[error("{0}")]
    NotModified(String),
    /// Any other status the engine answered with.
    #[error("the engine answered {status}: {message}")]
    Api { status: u16, message: String },
    /// The engine did not answer in time.
    #[error("the engine did not answer in time: {0}")]
    Timeout(String),
    /// The engine answered with something we could not read.
    #[error("unexpected answer from the engine: {0}")]
    Protocol(String),
    /// The caller cancelled the operation.
    #[error("cancelled")]
    Cancelled,
    /// A file on this machine could not be read or written (disk full, no permission…).
    #[error("{0}")]
    File(String),
}

impl EngineError {
    /// Whether this error means the connection itself is gone. A timeout is not: the engine
    /// may still be working on the request.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, EngineError::Unavailable(_))
    }

    /// The same kind of error (so callers still branch on it), its message rewritten: for
    /// adding what was done about it.
    pub fn reworded(self, f: impl FnOnce(String) -> String) -> EngineError {
        use EngineError::*;
        match self {
            Unavailable(m) => Unavailable(f(m)),
            NotFound(m) => NotFound(f(m)),
            Conflict(m) => Conflict(f(m)),
            InvalidInput(m) => InvalidInput(f(m)),
            NotModified(m) => NotModified(f(m)),
            Api { status, message } => Api {
                status,
                message: f(message),
            },
            Timeout(m) => Timeout(f(m)),
            Protocol(m) => Protocol(f(m)),
            Cancelled => Cancelled,
            File(m) => File(f(m)),
        }
    }
}

/// Files are written by the files crate; its kinds map onto the engine's one for one.
impl From<tugboat_files::FileError> for EngineError {
    fn from(err: tugboat_files::FileError) -> Self {
        use tugboat_files::FileError as F;
        match err {
            F::InvalidInput(m) => EngineError::InvalidInput(m),
            F::Conflict(m) => EngineError::Conflict(m),
            F::Io(m) => EngineError::File(m),
            F::Finished => EngineError::Cancelled,
        }
    }
}

impl From<BollardError> for EngineError {
    fn from(err: BollardError) -> Self {
        classify(err)
    }
}

/// Maps a bollard error to an [`EngineError`] by status code and error kind.
pub fn classify(err: BollardError) -> EngineError {
    match err {
        BollardError::DockerResponseServerError {
            status_code,
            message,
        } => from_status(status_code, message),
        BollardError::DockerStreamError { error } => EngineError::Api {
            status: 500,
            message: error,
        },
        BollardError::DockerContainerWaitError { error, code } => EngineError::Api {
            status: 500,
            message: format!("{error} (exit code {code})"),
        },
        BollardError::RequestTimeoutError => {
            EngineError::Timeout("no response within the request timeout".into())
        }
        BollardError::SocketNotFoundError(path) => {
            EngineError::Unavailable(format!("no socket at {path}"))
        }
        e @ (BollardError::IOError { .. }
        | BollardError::HyperResponseError { .. }
        | BollardError::HyperLegacyError { .. }) => EngineError::Unavailable(root_cause(&e)),
        e @ (BollardError::UnsupportedURISchemeError { .. }
        | BollardError::URLParseError { .. }
        | BollardError::InvalidURIError { .. }
        | BollardError::InvalidURIPartsError { .. }) => EngineError::InvalidInput(e.to_string()),
        e @ (BollardError::JsonDataError { .. }
        | BollardError::JsonSerdeError { .. }
        | BollardError::APIVersionParseError {}) => EngineError::Protocol(e.to_string()),
        other => EngineError::Protocol(other.to_string()),
    }
}

/// Maps an Engine API status code (and the daemon's message, kept only for display).
pub fn from_status(status: u16, message: String) -> EngineError {
    match status {
        304 => EngineError::NotModified(message),
        400 => EngineError::InvalidInput(message),
        404 => EngineError::NotFound(message),
        409 => EngineError::Conflict(message),
        _ => EngineError::Api { status, message },
    }
}

/// hyper's errors say how the client failed ("Error in the hyper legacy client: client error
/// (Connect)"); the innermost cause says what a person can act on ("Connection refused").
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut deepest = err;
    while let Some(next) = deepest.source() {
        deepest = next;
    }
    deepest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16) -> BollardError {
        BollardError::DockerResponseServerError {
            status_code: status,
            message: "whatever the daemon says".into(),
        }
    }

    #[test]
    fn statuses_map_to_kinds_regardless_of_message() {
        assert!(matches!(classify(server(404)), EngineError::NotFound(_)));
        assert!(matches!(classify(server(409)), EngineError::Conflict(_)));
        assert!(matches!(
            classify(server(400)),
            EngineError::InvalidInput(_)
        ));
        assert!(matches!(classify(server(304)), EngineError::NotModified(_)));
        assert_eq!(
            classify(server(500)),
            EngineError::Api {
                status: 500,
                message: "whatever the daemon says".into()
            }
        );
        // A message that *mentions* "not found" but carries 409 is still a conflict.
        let e = classify(BollardError::DockerResponseServerError {
            status_code: 409,
            message: "No such container: not found".into(),
        });
        assert!(matches!(e, EngineError::Conflict(_)));
    }

    #[test]
    fn transport_failures_are_unavailable() {
        let missing = classify(BollardError::SocketNotFoundError("/nope.sock".into()));
        assert!(missing.is_unavailable());
        assert!(missing.to_string().contains("/nope.sock"));
        let io = classify(BollardError::IOError {
            err: std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused"),
        });
        assert!(io.is_unavailable());
        assert_eq!(
            io.to_string(),
            "the Docker engine is not reachable: refused"
        );
        let slow = classify(BollardError::RequestTimeoutError);
        assert!(matches!(slow, EngineError::Timeout(_)), "{slow:?}");
        assert!(!slow.is_unavailable(), "a slow engine is not a lost one");
    }

    #[test]
    fn bad_endpoint_scheme_is_invalid_input_not_unavailable() {
        let e = classify(BollardError::UnsupportedURISchemeError {
            uri: "ftp://x".into(),
        });
        assert!(matches!(e, EngineError::InvalidInput(_)));
        assert!(!e.is_unavailable());
    }

    #[test]
    fn unreadable_answers_are_protocol_errors() {
        let json_err = serde_json::from_str::<u8>("x").unwrap_err();
        let e = classify(BollardError::JsonSerdeError { err: json_err });
        assert!(matches!(e, EngineError::Protocol(_)));
    }
}
