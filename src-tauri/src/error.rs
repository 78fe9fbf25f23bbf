//! The one error type that crosses the IPC boundary. The `code` is the small closed set the UI
//! acts on (offer to replace on a conflict, say "nothing was written" on a cancel) or that says
//! whose the mistake was (the input, refused before the engine was asked); everything else is
//! `failed`, and `message` says what happened, for people.

use serde::Serialize;
use tugboat_engine::EngineError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum IpcErrorCode {
    /// Refused before anything was asked of the engine; the message names the field.
    InvalidInput,
    /// The name or file is taken, or the container is in the way: the UI may offer to replace.
    Conflict,
    /// Ended by the user (a stream cancelled by id): nothing was done.
    Cancelled,
    /// A container's logging driver keeps no copy the engine can read back (`none`, or a
    /// remote driver without the engine's local copy); the message names the driver.
    #[serde(rename = "logs_unreadable")]
    LogsUnreadable,
    /// Ended because the user switched to another engine; the message names it. A view may
    /// reopen its stream on the new engine.
    EngineSwitched,
    /// Anything else: the engine refused, failed, or could not be reached, or something on our
    /// side failed. The message says which.
    Failed,
}

#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
}

impl IpcError {
    /// Input refused before anything was asked of the engine; `message` names the field and
    /// what would be valid.
    pub fn invalid_input(message: impl Into<String>) -> IpcError {
        IpcError {
            code: IpcErrorCode::InvalidInput,
            message: message.into(),
        }
    }

    /// Something on our side failed (a worker thread stopped); not the user's doing.
    pub fn internal(message: impl Into<String>) -> IpcError {
        IpcError {
            code: IpcErrorCode::Failed,
            message: message.into(),
        }
    }
}

impl From<EngineError> for IpcError {
    fn from(err: EngineError) -> Self {
        let code = match &err {
            EngineError::InvalidInput(_) => IpcErrorCode::InvalidInput,
            EngineError::Conflict(_) => IpcErrorCode::Conflict,
            EngineError::Cancelled => IpcErrorCode::Cancelled,
            EngineError::Unavailable(_)
            | EngineError::Timeout(_)
            | EngineError::NotFound(_)
            | EngineError::NotModified(_)
            | EngineError::Api { .. }
            | EngineError::Protocol(_)
            | EngineError::File(_) => IpcErrorCode::Failed,
        };
        IpcError {
            code,
            message: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_map_to_closed_codes() {
        let cases = [
            (EngineError::Unavailable("x".into()), IpcErrorCode::Failed),
            (EngineError::Timeout("x".into()), IpcErrorCode::Failed),
            (EngineError::NotFound("x".into()), IpcErrorCode::Failed),
            (EngineError::Conflict("x".into()), IpcErrorCode::Conflict),
            (
                EngineError::InvalidInput("x".into()),
                IpcErrorCode::InvalidInput,
            ),
            (EngineError::NotModified("x".into()), IpcErrorCode::Failed),
            (EngineError::Cancelled, IpcErrorCode::Cancelled),
            (
                EngineError::Api {
                    status: 500,
                    message: "boom".into(),
                },
                IpcErrorCode::Failed,
            ),
        ];
        for (err, code) in cases {
            assert_eq!(IpcError::from(err).code, code);
        }
    }

    #[test]
    fn a_failure_keeps_the_engines_words() {
        let json = serde_json::to_value(IpcError::from(EngineError::Timeout(
            "commit took longer than 600 s".into(),
        )))
        .unwrap();
        assert_eq!(json["code"], "failed");
        assert!(json["message"]
            .as_str()
            .unwrap()
            .contains("commit took longer than 600 s"));
    }

    #[test]
    fn serializes_as_the_ui_expects() {
        let e = IpcError::from(EngineError::Conflict("name in use".into()));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code":"conflict","message":"name in use"})
        );
    }
}
