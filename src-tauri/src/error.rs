//! The one error type that crosses the IPC boundary. The `code` is a small closed set the UI
//! branches on (reconnect banner, "force?" follow-up, inline form error); `message` is for
//! people.

use serde::Serialize;
use tugboat_engine::EngineError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum IpcErrorCode {
    EngineUnavailable,
    // The engine did not answer in time, though it may still be working on the request (a
    // long commit): not the "engine unavailable" banner.
    Timeout,
    NotFound,
    Conflict,
    InvalidInput,
    NotModified,
    Cancelled,
    Internal,
}

#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
    pub detail: Option<String>,
}

impl IpcError {
    /// Input refused before anything was asked of the engine; `message` names the field and
    /// what would be valid.
    pub fn invalid_input(message: impl Into<String>) -> IpcError {
        IpcError {
            code: IpcErrorCode::InvalidInput,
            message: message.into(),
            detail: None,
        }
    }

    /// Something on our side failed (a worker thread stopped); not the user's doing.
    pub fn internal(message: impl Into<String>) -> IpcError {
        IpcError {
            code: IpcErrorCode::Internal,
            message: message.into(),
            detail: None,
        }
    }
}

impl From<EngineError> for IpcError {
    fn from(err: EngineError) -> Self {
        let code = match &err {
            EngineError::Unavailable(_) => IpcErrorCode::EngineUnavailable,
            EngineError::Timeout(_) => IpcErrorCode::Timeout,
            EngineError::NotFound(_) => IpcErrorCode::NotFound,
            EngineError::Conflict(_) => IpcErrorCode::Conflict,
            EngineError::InvalidInput(_) => IpcErrorCode::InvalidInput,
            EngineError::NotModified(_) => IpcErrorCode::NotModified,
            EngineError::Cancelled => IpcErrorCode::Cancelled,
            EngineError::Api { .. } | EngineError::Protocol(_) | EngineError::File(_) => {
                IpcErrorCode::Internal
            }
        };
        IpcError {
            code,
            message: err.to_string(),
            detail: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_map_to_closed_codes() {
        let cases = [
            (
                EngineError::Unavailable("x".into()),
                IpcErrorCode::EngineUnavailable,
            ),
            (EngineError::Timeout("x".into()), IpcErrorCode::Timeout),
            (EngineError::NotFound("x".into()), IpcErrorCode::NotFound),
            (EngineError::Conflict("x".into()), IpcErrorCode::Conflict),
            (
                EngineError::InvalidInput("x".into()),
                IpcErrorCode::InvalidInput,
            ),
            (
                EngineError::NotModified("x".into()),
                IpcErrorCode::NotModified,
            ),
            (EngineError::Cancelled, IpcErrorCode::Cancelled),
            (
                EngineError::Api {
                    status: 500,
                    message: "boom".into(),
                },
                IpcErrorCode::Internal,
            ),
        ];
        for (err, code) in cases {
            assert_eq!(IpcError::from(err).code, code);
        }
    }

    #[test]
    fn a_timeout_is_not_a_lost_engine() {
        let json = serde_json::to_value(IpcError::from(EngineError::Timeout(
            "commit took longer than 600 s".into(),
        )))
        .unwrap();
        assert_eq!(json["code"], "timeout");
    }

    #[test]
    fn serializes_as_the_ui_expects() {
        let e = IpcError::from(EngineError::Conflict("name in use".into()));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code":"conflict","message":"name in use","detail":null})
        );
    }
}
