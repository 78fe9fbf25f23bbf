//! Engine refusals of container actions, explained: the engine's status (never its message
//! text) and the state the user saw turn into words a newcomer can act on. What an action says
//! (its `docker …` argv, its own argument checks) lives in runspec's `actions`.

use crate::containers::{ContainerAction, ContainerState};
use crate::error::EngineError;

/// Turns an engine refusal into words a newcomer can act on, given the state the container
/// was in when the user asked. Errors that need no explanation are returned as they are.
pub fn explain(
    action: &ContainerAction,
    state: Option<ContainerState>,
    err: EngineError,
) -> EngineError {
    use ContainerAction as A;
    use ContainerState as S;
    let say = |m: &str| m.to_owned();
    let explained = match (&err, action, state) {
        (EngineError::NotFound(_), _, _) => {
            Some(say("That container no longer exists; it may have been removed elsewhere."))
        }
        (EngineError::NotModified(_), A::Start, _) => Some(say("It is already running.")),
        (EngineError::NotModified(_), A::Stop { .. }, _) => Some(say("It is already stopped.")),
        (EngineError::Conflict(_), A::Remove { .. }, Some(S::Paused)) => Some(say(
            "A paused container can't be removed: unpause it first, or remove it with force (docker rm -f).",
        )),
        (EngineError::Conflict(_), A::Remove { .. }, Some(S::Running | S::Restarting)) => {
            Some(say(
                "A running container can't be removed: stop it first, or remove it with force (docker rm -f).",
            ))
        }
        (EngineError::Conflict(_), A::Rename { new_name }, _) => Some(format!(
            "The name `{new_name}` is already used by another container. Pick another name, or rename or remove that container first."
        )),
        (EngineError::Conflict(_) | EngineError::Api { .. }, A::Pause, Some(s))
            if s != S::Running =>
        {
            Some(say("Only a running container can be paused."))
        }
        (EngineError::Conflict(_) | EngineError::Api { .. }, A::Unpause, Some(s))
            if s != S::Paused =>
        {
            Some(say("It is not paused, so there is nothing to resume."))
        }
        (EngineError::Conflict(_), A::Kill { .. }, _) => {
            Some(say("It is not running, so there is nothing to kill."))
        }
        (EngineError::Conflict(_), A::Start | A::Restart { .. }, Some(S::Paused)) => Some(say(
            "It is paused: unpause it to resume its processes where they stopped.",
        )),
        _ => None,
    };
    match explained {
        Some(message) => err.reworded(|_| message),
        None => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_explained_from_status_and_state() {
        let conflict = || EngineError::Conflict("engine words".into());
        let rm = ContainerAction::Remove {
            force: false,
            volumes: false,
        };
        let e = explain(&rm, Some(ContainerState::Paused), conflict());
        assert!(
            matches!(e, EngineError::Conflict(ref m) if m.contains("paused container can't be removed"))
        );
        let e = explain(&rm, Some(ContainerState::Running), conflict());
        assert!(e.to_string().contains("stop it first"));
        let rename = ContainerAction::Rename {
            new_name: "db".into(),
        };
        let e = explain(&rename, None, conflict());
        assert!(e.to_string().contains("`db` is already used"));
        let e = explain(
            &ContainerAction::Start,
            None,
            EngineError::NotModified(String::new()),
        );
        assert_eq!(e.to_string(), "It is already running.");
        let e = explain(
            &ContainerAction::Pause,
            Some(ContainerState::Exited),
            conflict(),
        );
        assert!(e.to_string().contains("Only a running container"));
        // Unknown refusals pass through untouched.
        let e = explain(
            &ContainerAction::Start,
            Some(ContainerState::Created),
            EngineError::Api {
                status: 500,
                message: "port is already allocated".into(),
            },
        );
        assert!(e.to_string().contains("port is already allocated"));
    }

    #[test]
    fn bad_action_arguments_are_refused_as_invalid_input() {
        let e = ContainerAction::Rename {
            new_name: "bad name".into(),
        }
        .validate()
        .map_err(EngineError::InvalidInput)
        .unwrap_err();
        assert!(matches!(e, EngineError::InvalidInput(ref m) if m.starts_with("new name:")));
    }
}
