//! Docker contexts: the docker CLI's named engines, read and written in the CLI's own store so
//! that a context made here is the same one `docker context ls` shows and `docker --context`
//! uses, and one made in a terminal shows up here.
//!
//! - `store`: the files (`contexts/meta/<sha256>/meta.json`, `contexts/tls/<sha256>/docker/`,
//!   `currentContext` in config.json) read and written as `docker context create/update/rm/use`
//!   do.
//! - `check`: names and endpoints checked before anything is written, errors naming the field.
//! - `command`: the `docker context …` line each action equals.

pub mod check;
pub mod command;
pub mod store;

use serde::{Deserialize, Serialize};

pub use command::{context_command, context_preview, ContextAction, ContextCommand};
pub use store::{ContextStore, RemovePreview};

/// The context the CLI uses when none is chosen: it has no files, its endpoint is
/// `DOCKER_HOST` or the platform's socket.
pub const DEFAULT_CONTEXT: &str = "default";

/// How an endpoint is reached, from its scheme and TLS material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum ContextKind {
    #[serde(rename = "unix")]
    Unix,
    /// `tcp://` (or `http://`) without TLS material: unencrypted.
    #[serde(rename = "tcp")]
    Tcp,
    /// `tcp://` with TLS material or skip-verify.
    #[serde(rename = "tcp+tls")]
    TcpTls,
    #[serde(rename = "ssh")]
    Ssh,
    #[serde(rename = "npipe")]
    Npipe,
    /// A scheme the CLI stored but Tugboat does not know (the CLI checks none).
    #[serde(rename = "other")]
    Other,
}

impl ContextKind {
    pub fn of(host: &str, tls: bool) -> ContextKind {
        let scheme = host.split_once("://").map(|(s, _)| s).unwrap_or("");
        match scheme {
            "unix" => ContextKind::Unix,
            "tcp" | "http" | "https" if tls => ContextKind::TcpTls,
            "https" => ContextKind::TcpTls,
            "tcp" | "http" => ContextKind::Tcp,
            "ssh" => ContextKind::Ssh,
            "npipe" => ContextKind::Npipe,
            _ => ContextKind::Other,
        }
    }
}

/// TLS files of a context: in a form, paths the user picked (copied into the store on save);
/// in a listed row, the copies in the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContextTls {
    pub ca: Option<String>,
    pub cert: Option<String>,
    pub key: Option<String>,
}

impl ContextTls {
    /// The files given, with the name the store keeps each under.
    pub fn files(&self) -> Vec<(&'static str, &str)> {
        [
            ("ca", "ca.pem", &self.ca),
            ("cert", "cert.pem", &self.cert),
            ("key", "key.pem", &self.key),
        ]
        .into_iter()
        .filter_map(|(_, file, p)| {
            p.as_deref()
                .filter(|p| !p.trim().is_empty())
                .map(|p| (file, p))
        })
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.files().is_empty()
    }
}

/// What the create/edit form holds: what `docker context create NAME --description …
/// --docker "host=…,ca=…,cert=…,key=…,skip-tls-verify=…"` takes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContextForm {
    pub name: String,
    pub description: String,
    pub host: String,
    /// None: no TLS files (and on update, the stored ones are dropped, as `--docker` does).
    pub tls: Option<ContextTls>,
    pub skip_tls_verify: bool,
}

/// One context, as `docker context ls` lists it, plus what the app knows of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContextRow {
    pub name: String,
    pub description: String,
    /// The docker endpoint (`DOCKER ENDPOINT`); empty when the context has none.
    pub host: String,
    /// Whether TLS files are stored for it.
    pub tls: bool,
    /// The stored TLS files (paths in the store), for the edit form.
    pub tls_files: Option<ContextTls>,
    pub skip_tls_verify: bool,
    /// The CLI's current context (`currentContext` in config.json; `default` when unset).
    pub current: bool,
    /// The one the app is connected to (filled by the caller, who knows the connection).
    pub in_use: bool,
    pub kind: ContextKind,
    /// Why the context could not be read (the CLI's `ERROR` column).
    pub error: Option<String>,
}

/// Marks the context the app is connected to. `via`: the context the app was last told to
/// connect through (Use / Connect), with the host it had then; it wins while the app is still
/// on that host. Otherwise the endpoint's source decides: a context by name, `DOCKER_HOST` or
/// the platform default as `default`, and a socket chosen by address as every context with
/// that address.
pub fn mark_in_use(
    rows: &mut [ContextRow],
    endpoint: Option<&crate::Endpoint>,
    via: Option<(&str, &str)>,
) {
    use crate::EndpointSource;
    let Some(endpoint) = endpoint else {
        return;
    };
    let by_name = |rows: &mut [ContextRow], name: &str| {
        for r in rows.iter_mut() {
            r.in_use = r.name == name;
        }
    };
    if let Some((name, host)) = via {
        if host == endpoint.host && rows.iter().any(|r| r.name == name) {
            return by_name(rows, name);
        }
    }
    match &endpoint.source {
        EndpointSource::ContextEnv { name } | EndpointSource::CurrentContext { name } => {
            by_name(rows, name)
        }
        EndpointSource::DockerHostEnv | EndpointSource::PlatformDefault => {
            by_name(rows, DEFAULT_CONTEXT)
        }
        EndpointSource::WellKnown { .. } | EndpointSource::UserChoice => {
            for r in rows.iter_mut() {
                r.in_use = r.host == endpoint.host;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, EndpointSource};

    fn row(name: &str, host: &str) -> ContextRow {
        ContextRow {
            name: name.into(),
            description: String::new(),
            host: host.into(),
            tls: false,
            tls_files: None,
            skip_tls_verify: false,
            current: false,
            in_use: false,
            kind: ContextKind::of(host, false),
            error: None,
        }
    }

    #[test]
    fn the_context_connected_through_is_marked_not_its_twins() {
        let mut rows = vec![row("default", "unix:///a"), row("mine", "unix:///a")];
        let chosen = Endpoint::plain("unix:///a", EndpointSource::UserChoice);
        mark_in_use(&mut rows, Some(&chosen), Some(("mine", "unix:///a")));
        assert_eq!(
            rows.iter().map(|r| r.in_use).collect::<Vec<_>>(),
            [false, true]
        );
        // Told nothing: both share the address, both are marked.
        mark_in_use(&mut rows, Some(&chosen), None);
        assert!(rows.iter().all(|r| r.in_use));
        // The app moved on to DOCKER_HOST: the old choice no longer applies.
        let env = Endpoint::plain("unix:///b", EndpointSource::DockerHostEnv);
        mark_in_use(&mut rows, Some(&env), Some(("mine", "unix:///a")));
        assert_eq!(
            rows.iter().map(|r| r.in_use).collect::<Vec<_>>(),
            [true, false]
        );
    }

    #[test]
    fn kinds_from_scheme_and_tls() {
        assert_eq!(ContextKind::of("unix:///x", false), ContextKind::Unix);
        assert_eq!(ContextKind::of("tcp://h:2375", false), ContextKind::Tcp);
        assert_eq!(ContextKind::of("tcp://h:2376", true), ContextKind::TcpTls);
        assert_eq!(ContextKind::of("ssh://me@h", false), ContextKind::Ssh);
        assert_eq!(
            ContextKind::of("npipe:////./pipe/docker_engine", false),
            ContextKind::Npipe
        );
        assert_eq!(ContextKind::of("ftp://x", false), ContextKind::Other);
    }
}
