//! Finding the engine: the endpoint the docker CLI would use (or the user's pick), tried first;
//! when it fails, the well-known sockets on this machine, probed so the user can pick one.

use super::{EndpointAttempt, EngineTarget, Shared};
use crate::connection::endpoint::{
    context_endpoint, resolve_configured, unix_socket_path, well_known, ContextEndpoint, Endpoint,
    EndpointSource, EnvSnapshot,
};
use crate::connection::Engine;

/// The endpoint to use (the user's pick, else the configured one), tried first; when it fails,
/// the well-known sockets present on this machine are probed so the user can pick one. We never
/// fall back to another endpoint by ourselves: the user's configuration says where to go.
pub(super) async fn connect_round(
    s: &Shared,
) -> Result<(Engine, Vec<EndpointAttempt>), Vec<EndpointAttempt>> {
    let chosen = s
        .chosen
        .lock()
        .map(|c| c.clone())
        .unwrap_or(EngineTarget::Configured);
    let (endpoint, resolved) = match chosen {
        EngineTarget::Host { host } => (
            Endpoint::plain(host.clone(), EndpointSource::UserChoice),
            Ok(host),
        ),
        EngineTarget::Context { name } => context_endpoint_off_runtime(&s.config.env, name).await,
        EngineTarget::Configured => configured_endpoint_off_runtime(&s.config.env).await,
    };
    match try_endpoint(&endpoint, resolved, true).await {
        (attempt, Some(engine)) => Ok((engine, vec![attempt])),
        (attempt, None) => {
            let mut attempts = vec![attempt];
            attempts.extend(probe_well_known(&s.config.env, &endpoint.host).await);
            Err(attempts)
        }
    }
}

/// The endpoint the docker CLI would use, and its host or why there is none.
fn configured_endpoint(env: &EnvSnapshot) -> (Endpoint, Result<String, String>) {
    let r = resolve_configured(env);
    let endpoint = Endpoint {
        host: r.outcome.clone().unwrap_or_default(),
        source: r.source,
        tls: r.tls,
    };
    (endpoint, r.outcome)
}

/// [`configured_endpoint`] on a blocking thread: it reads the docker CLI's config and context
/// files, on every retry (the user may be fixing them), and a home folder on a slow network
/// share must not stall the runtime.
pub(super) async fn configured_endpoint_off_runtime(
    env: &EnvSnapshot,
) -> (Endpoint, Result<String, String>) {
    let env = env.clone();
    match tokio::task::spawn_blocking(move || configured_endpoint(&env)).await {
        Ok(found) => found,
        Err(e) => (
            Endpoint::plain(String::new(), EndpointSource::PlatformDefault),
            Err(format!("reading the docker configuration stopped: {e}")),
        ),
    }
}

/// A context's endpoint as `docker --context <name>` resolves it (`default` is DOCKER_HOST or
/// the platform's socket), read on a blocking thread like the configured one.
async fn context_endpoint_off_runtime(
    env: &EnvSnapshot,
    name: String,
) -> (Endpoint, Result<String, String>) {
    let env = env.clone();
    let found = tokio::task::spawn_blocking(move || {
        if name == "default" {
            // The default context is DOCKER_HOST (with the DOCKER_TLS_* variables) or the
            // platform's socket; config.json's currentContext plays no part.
            let plain = EnvSnapshot {
                docker_context: None,
                docker_host: Some(
                    env.docker_host
                        .clone()
                        .unwrap_or_else(|| platform_default(env.windows).to_owned()),
                ),
                ..env.clone()
            };
            let r = resolve_configured(&plain);
            r.outcome.map(|host| ContextEndpoint { host, tls: r.tls })
        } else {
            context_endpoint(&env, &name)
        }
    })
    .await
    .unwrap_or_else(|e| Err(format!("reading the docker contexts stopped: {e}")));
    match found {
        Ok(c) => (
            Endpoint {
                host: c.host.clone(),
                source: EndpointSource::UserChoice,
                tls: c.tls,
            },
            Ok(c.host),
        ),
        Err(why) => (
            Endpoint::plain(String::new(), EndpointSource::UserChoice),
            Err(why),
        ),
    }
}

/// The socket the default context means when DOCKER_HOST is not set (as endpoint.rs has it).
fn platform_default(windows: bool) -> &'static str {
    if windows {
        "npipe:////./pipe/docker_engine"
    } else {
        "unix:///var/run/docker.sock"
    }
}

/// Tries one endpoint: what it gave, and the connection when it answered.
pub(super) async fn try_endpoint(
    endpoint: &Endpoint,
    resolved: Result<String, String>,
    configured: bool,
) -> (EndpointAttempt, Option<Engine>) {
    let mut attempt = attempt_for(endpoint, configured);
    let engine = match resolved {
        Ok(host) => match Engine::connect_endpoint(&Endpoint {
            host,
            ..endpoint.clone()
        })
        .await
        {
            Ok(engine) => {
                attempt.server_version = Some(format!("API {}", engine.daemon_api_version()));
                Some(engine)
            }
            Err(e) => {
                attempt.error = Some(e.to_string());
                None
            }
        },
        Err(why) => {
            attempt.error = Some(why);
            None
        }
    };
    (attempt, engine)
}

fn attempt_for(endpoint: &Endpoint, configured: bool) -> EndpointAttempt {
    EndpointAttempt {
        endpoint: endpoint.clone(),
        source_label: endpoint.source.describe(),
        configured,
        server_version: None,
        error: None,
    }
}

/// Tries every well-known socket that exists on disk (others are not worth listing).
pub(super) async fn probe_well_known(env: &EnvSnapshot, skip_host: &str) -> Vec<EndpointAttempt> {
    let mut candidates: Vec<Endpoint> = Vec::new();
    for e in well_known(env).into_iter().filter(|e| e.host != skip_host) {
        let present = match unix_socket_path(&e.host) {
            Some(path) => tokio::fs::try_exists(path).await.unwrap_or(false),
            None => true,
        };
        if present {
            candidates.push(e);
        }
    }
    let probes = candidates.into_iter().map(|endpoint| async move {
        try_endpoint(&endpoint, Ok(endpoint.host.clone()), false)
            .await
            .0
    });
    futures_util::future::join_all(probes).await
}
