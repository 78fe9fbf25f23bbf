//! The Dockerfile parser and "what will run" for the editor: pure functions of the text
//! (crate `tugboat-dockerfile`), no engine and no file access. Async so that a long file is
//! parsed off the window's thread.

use crate::error::IpcError;
use tugboat_dockerfile::runs::{what_runs, WhatRuns};
use tugboat_dockerfile::Dockerfile;

/// The text as BuildKit reads it: instructions, stages, directives and errors, each with its
/// span (UTF-16 offsets, 1-based lines).
#[tauri::command]
#[specta::specta]
pub async fn dockerfile_parse(text: String) -> Dockerfile {
    tugboat_dockerfile::parse(&text)
}

/// What the final stage (or `stage`, by name or number) will run, and why. An unknown stage is
/// refused as `invalidInput`, naming the stages there are.
#[tauri::command]
#[specta::specta]
pub async fn dockerfile_what_runs(
    text: String,
    stage: Option<String>,
) -> Result<WhatRuns, IpcError> {
    let parsed = tugboat_dockerfile::parse(&text);
    what_runs(&parsed, stage.as_deref()).map_err(|e| IpcError::invalid_input(e.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::IpcErrorCode;

    #[tokio::test]
    async fn an_unknown_stage_is_invalid_input_naming_the_stages() {
        let text = "FROM scratch AS build\nCMD [\"make\"]\n".to_string();
        let err = dockerfile_what_runs(text.clone(), Some("test".into()))
            .await
            .unwrap_err();
        assert_eq!(err.code, IpcErrorCode::InvalidInput);
        assert!(err.message.contains("build"), "{}", err.message);
        let runs = dockerfile_what_runs(text.clone(), None).await.unwrap();
        assert_eq!(runs.argv, ["make"]);
        assert_eq!(dockerfile_parse(text).await.stages.len(), 1);
    }
}
