//! The engines the switcher offers: the configured one, every docker context (as `docker
//! context ls` lists them, read from the CLI's context store), and the well-known sockets
//! present on this machine. Read from disk each time the switcher opens: the user may have
//! created a context with the CLI a moment ago.

use super::EngineTarget;
use crate::connection::endpoint::{resolve_configured, unix_socket_path, well_known, EnvSnapshot};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EngineChoice {
    pub target: EngineTarget,
    /// What the user calls it: "configured", a context's name, a product's socket.
    pub label: String,
    /// Where it is, when known.
    pub host: Option<String>,
    /// Why it is on the list, in words.
    pub detail: String,
}

/// The choices, configured first, then contexts by name, then sockets found.
pub fn engine_choices(env: &EnvSnapshot) -> Vec<EngineChoice> {
    let configured = resolve_configured(env);
    let mut out = vec![EngineChoice {
        target: EngineTarget::Configured,
        label: "Configured".into(),
        host: configured.outcome.clone().ok(),
        detail: format!("as the docker CLI would: {}", configured.source.describe()),
    }];
    let mut contexts = read_contexts(env);
    contexts.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, host) in contexts {
        out.push(EngineChoice {
            target: EngineTarget::Context { name: name.clone() },
            label: name,
            host,
            detail: "docker context".into(),
        });
    }
    for e in well_known(env) {
        let present = unix_socket_path(&e.host).is_some_and(|p| p.exists());
        if present
            && !out
                .iter()
                .any(|c| c.host.as_deref() == Some(e.host.as_str()))
        {
            out.push(EngineChoice {
                target: EngineTarget::Host {
                    host: e.host.clone(),
                },
                label: e.source.describe(),
                host: Some(e.host),
                detail: "socket found on this machine".into(),
            });
        }
    }
    out
}

/// Every context in `<config>/contexts/meta/*/meta.json`: its name and docker host. A folder
/// that cannot be read is skipped (the switcher lists what it can).
fn read_contexts(env: &EnvSnapshot) -> Vec<(String, Option<String>)> {
    let Some(config) = env
        .docker_config
        .clone()
        .or_else(|| env.home.as_ref().map(|h| h.join(".docker")))
    else {
        return vec![];
    };
    let meta: PathBuf = config.join("contexts").join("meta");
    let Ok(entries) = std::fs::read_dir(&meta) else {
        return vec![];
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let text = std::fs::read_to_string(entry.path().join("meta.json")).ok()?;
            let value: serde_json::Value = serde_json::from_str(&text).ok()?;
            let name = value.get("Name")?.as_str()?.to_owned();
            let host = value
                .pointer("/Endpoints/docker/Host")
                .and_then(|h| h.as_str())
                .map(str::to_owned);
            Some((name, host))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_first_then_contexts_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for (name, host) in [("zeta", "unix:///z.sock"), ("alpha", "tcp://a:2376")] {
            let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(name.as_bytes()));
            let d = dir.path().join("contexts/meta").join(digest);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(
                d.join("meta.json"),
                serde_json::json!({"Name": name, "Metadata": {}, "Endpoints": {"docker": {"Host": host}}})
                    .to_string(),
            )
            .unwrap();
        }
        let env = EnvSnapshot {
            docker_host: Some("unix:///configured.sock".into()),
            docker_config: Some(dir.path().to_owned()),
            ..Default::default()
        };
        let choices = engine_choices(&env);
        let labels: Vec<_> = choices.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels[..3], ["Configured", "alpha", "zeta"]);
        assert_eq!(choices[0].host.as_deref(), Some("unix:///configured.sock"));
        assert_eq!(
            choices[1].target,
            EngineTarget::Context {
                name: "alpha".into()
            }
        );
        assert_eq!(choices[2].host.as_deref(), Some("unix:///z.sock"));
    }
}
