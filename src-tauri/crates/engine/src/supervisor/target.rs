//! Which engine the user asked for: a docker context by name, a host, or whatever the docker
//! CLI's configuration says. Kept as asked (not as the host it resolved to) so a context edited
//! with `docker context update` is followed on the next connection, and so the last engine can
//! be remembered across sessions in the same words.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EngineTarget {
    /// A docker context, as `docker --context <name>` would use it.
    Context { name: String },
    /// A host URL (`unix://…`, `tcp://…`, `ssh://…`), as `docker -H <host>` would use it.
    Host { host: String },
    /// The endpoint the docker CLI would use (DOCKER_HOST, DOCKER_CONTEXT, currentContext…).
    Configured,
}

impl EngineTarget {
    /// How the target is named to the user: the context's name, the host, or "the configured
    /// engine".
    pub fn label(&self) -> String {
        match self {
            EngineTarget::Context { name } => name.clone(),
            EngineTarget::Host { host } => host.clone(),
            EngineTarget::Configured => "the configured engine".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_as_the_ui_names_it() {
        let t = EngineTarget::Context {
            name: "home".into(),
        };
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::json!({"kind": "context", "name": "home"})
        );
        let back: EngineTarget =
            serde_json::from_value(serde_json::json!({"kind": "configured"})).unwrap();
        assert_eq!(back, EngineTarget::Configured);
        let host: EngineTarget =
            serde_json::from_value(serde_json::json!({"kind": "host", "host": "unix:///x"}))
                .unwrap();
        assert_eq!(host.label(), "unix:///x");
    }
}
