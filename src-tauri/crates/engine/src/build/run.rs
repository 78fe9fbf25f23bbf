//! Running a build: the context packed on a blocking thread and streamed as the request body
//! (never whole in memory), BuildKit through a session (bollard runs it beside the request,
//! answering the builder's credential questions) or the classic builder, the progress folded
//! into [`BuildEvent`]s at most ten batches a second, and cancel as a dropped request (the
//! engine cancels the solve when its client leaves).

use super::progress::{coalesce, BuildFold};
use super::BuildEvent;
use crate::connection::ApiVersion;
use crate::error::EngineError;
use crate::registry::RegistryCredentials;
use crate::Engine;
use bollard::query_parameters::{BuildImageOptions, BuilderVersion, TagImageOptions};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tugboat_files::context::{pack, scan};
use tugboat_files::tarball::ChunkWriter;
use tugboat_runspec::build_spec::{BuildSpec, Builder};

/// The first API version whose `/build` takes BuildKit (`version=2`) with a session.
pub const BUILDKIT_API: ApiVersion = ApiVersion {
    major: 1,
    minor: 39,
};

/// Batches of events leave at most this often (as the pull stream's updates).
const BATCH_EVERY: Duration = Duration::from_millis(100);

/// Context chunks (64 KiB each) queued between the packer and the request: enough to keep
/// the socket busy, little enough that a slow engine holds the packer back.
const QUEUED_CHUNKS: usize = 16;

/// What a finished build made.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub image_id: String,
    pub tags: Vec<String>,
    pub seconds: f64,
    pub builder: Builder,
}

/// A session id no other build of this process (or another) shares.
fn session_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "tugboat-{}-{nanos:x}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

impl Engine {
    /// Whether this engine runs BuildKit builds sent through the API.
    pub fn supports_buildkit(&self) -> bool {
        self.api_version() >= BUILDKIT_API
    }

    /// Builds `spec` (already validated) from its context folder, sending events to `report`
    /// and ending with `done` or `failed` there too. `credentials`: for the registries the
    /// Dockerfile's FROM lines name, keyed by registry host as the CLI keys them.
    pub async fn build_image(
        &self,
        spec: &BuildSpec,
        credentials: HashMap<String, RegistryCredentials>,
        cancel: &CancellationToken,
        report: &mut (dyn FnMut(BuildEvent) + Send),
    ) -> Result<Built, EngineError> {
        let started = Instant::now();
        let result = self
            .build_inner(spec, credentials, cancel, started, report)
            .await;
        if let Err(e) = &result {
            if matches!(e, EngineError::Cancelled) {
                report(BuildEvent::Failed {
                    message: "cancelled".into(),
                    step_id: None,
                    line: None,
                });
            }
        }
        result
    }

    async fn build_inner(
        &self,
        spec: &BuildSpec,
        credentials: HashMap<String, RegistryCredentials>,
        cancel: &CancellationToken,
        started: Instant,
        report: &mut (dyn FnMut(BuildEvent) + Send),
    ) -> Result<Built, EngineError> {
        let context = PathBuf::from(spec.context_dir.trim());
        let dockerfile = spec.dockerfile_path();
        let text = tokio::fs::read_to_string(context.join(&dockerfile))
            .await
            .map_err(|e| {
                EngineError::InvalidInput(format!(
                    "dockerfile: cannot read {dockerfile} in {}: {e}",
                    context.display()
                ))
            })?;
        let file = tugboat_dockerfile::parse(&text);
        let scanned = {
            let (context, dockerfile) = (context.clone(), dockerfile.clone());
            tokio::task::spawn_blocking(move || scan(&context, &dockerfile, false))
                .await
                .map_err(|e| EngineError::File(format!("the context walk stopped: {e}")))??
        };
        let total = scanned.tar_bytes();
        report(BuildEvent::Context {
            sent_bytes: 0.0,
            total_bytes: total as f64,
        });

        let builder = match spec.builder {
            Builder::Buildkit if self.supports_buildkit() => Builder::Buildkit,
            Builder::Buildkit => {
                report(BuildEvent::Log {
                    step_id: None,
                    text: format!(
                        "This engine speaks API {}; BuildKit needs {BUILDKIT_API}: building with \
                         the classic builder.\n",
                        self.api_version()
                    ),
                });
                Builder::Classic
            }
            Builder::Classic => Builder::Classic,
        };
        let tags = spec.tags();
        let mut build_args = HashMap::new();
        for a in &spec.build_args {
            let name = a.name.trim().to_owned();
            // `--build-arg NAME` takes the value from the environment, or is left out.
            let value = a.value.clone().or_else(|| std::env::var(&name).ok());
            if let Some(v) = value {
                build_args.insert(name, v);
            }
        }
        let labels: HashMap<String, String> = spec
            .labels
            .iter()
            .map(|l| (l.name.trim().to_owned(), l.value.clone()))
            .collect();
        let options = BuildImageOptions {
            dockerfile: dockerfile.clone(),
            t: tags.first().cloned(),
            nocache: spec.no_cache,
            pull: spec.pull.then(|| "1".to_owned()),
            rm: true,
            forcerm: true,
            buildargs: Some(build_args),
            labels: Some(labels),
            platform: spec.platform().unwrap_or_default().to_owned(),
            target: spec.target().unwrap_or_default().to_owned(),
            version: match builder {
                Builder::Buildkit => BuilderVersion::BuilderBuildKit,
                Builder::Classic => BuilderVersion::BuilderV1,
            },
            session: (builder == Builder::Buildkit).then(session_id),
            ..Default::default()
        };
        tracing::info!(context = %context.display(), %dockerfile, ?builder, bytes = total, "build");

        // The context: packed on its own thread into a bounded queue the request body drains.
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(QUEUED_CHUNKS);
        let sent = Arc::new(AtomicU64::new(0));
        let packer = {
            let context = context.clone();
            tokio::task::spawn_blocking(move || {
                pack(&context, &scanned, ChunkWriter::new(tx), &mut |_| {})
            })
        };
        let body_sent = sent.clone();
        let body = futures_util::stream::poll_fn(move |cx| {
            rx.poll_recv(cx).map(|chunk| {
                chunk.map(|c| {
                    body_sent.fetch_add(c.len() as u64, Ordering::Relaxed);
                    bytes::Bytes::from(c)
                })
            })
        });
        let creds = (!credentials.is_empty()).then(|| {
            credentials
                .iter()
                .map(|(host, c)| (host.clone(), c.to_bollard()))
                .collect::<HashMap<_, _>>()
        });
        let mut stream = self
            .docker
            .build_image(options, creds, Some(bollard::body_stream(body)));

        let mut fold = BuildFold::new(file);
        let mut pending: Vec<BuildEvent> = Vec::new();
        let mut last_sent = 0u64;
        let mut next_flush = Instant::now() + BATCH_EVERY;
        let mut failure: Option<String> = None;
        let ms = |at: Instant| at.duration_since(started).as_secs_f64() * 1000.0;
        loop {
            tokio::select! {
                _ = cancel.cancelled() => {
                    drop(stream);
                    for e in coalesce(std::mem::take(&mut pending)) {
                        report(e);
                    }
                    return Err(EngineError::Cancelled);
                }
                _ = tokio::time::sleep_until(next_flush) => {
                    let now_sent = sent.load(Ordering::Relaxed);
                    if now_sent != last_sent {
                        last_sent = now_sent;
                        pending.push(BuildEvent::Context {
                            sent_bytes: now_sent as f64,
                            total_bytes: total.max(now_sent) as f64,
                        });
                    }
                    for e in coalesce(std::mem::take(&mut pending)) {
                        report(e);
                    }
                    next_flush = Instant::now() + BATCH_EVERY;
                }
                item = stream.next() => match item {
                    Some(Ok(info)) => pending.extend(fold.apply(info, ms(Instant::now()))),
                    Some(Err(e)) => {
                        failure = Some(EngineError::from(e).to_string());
                        break;
                    }
                    None => break,
                },
            }
        }
        drop(stream);
        let now_sent = sent.load(Ordering::Relaxed);
        if now_sent != last_sent {
            pending.push(BuildEvent::Context {
                sent_bytes: now_sent as f64,
                total_bytes: total.max(now_sent) as f64,
            });
        }
        for e in coalesce(std::mem::take(&mut pending)) {
            report(e);
        }
        // A context that could not be packed explains a build that stopped early.
        let packed = packer.await;
        if let Ok(Err(e)) = &packed {
            if failure.is_some() || fold.image_id().is_none() {
                failure = Some(format!("the context could not be sent: {e}"));
            }
        }
        let image_id = match (failure, fold.image_id()) {
            (None, Some(id)) => id.to_owned(),
            (failure, _) => {
                let message = failure.unwrap_or_else(|| {
                    "the engine ended the build without naming an image".to_owned()
                });
                let (step_id, line) = fold.failure();
                report(BuildEvent::Failed {
                    message: message.clone(),
                    step_id,
                    line,
                });
                return Err(EngineError::Api {
                    status: 500,
                    message,
                });
            }
        };
        let image_id = if image_id.starts_with("sha256:") {
            image_id
        } else {
            // The classic builder's text names a short id: ask for the whole one.
            self.docker
                .inspect_image(&image_id)
                .await?
                .id
                .unwrap_or(image_id)
        };
        // `/build` takes one tag; the others are added as `docker build -t a -t b` adds them.
        for extra in tags.iter().skip(1) {
            let (repo, tag) = match extra.rsplit_once(':') {
                Some((r, t)) if !t.contains('/') => (r.to_owned(), t.to_owned()),
                _ => (extra.clone(), "latest".to_owned()),
            };
            self.docker
                .tag_image(
                    &image_id,
                    Some(TagImageOptions {
                        repo: Some(repo),
                        tag: Some(tag),
                    }),
                )
                .await?;
        }
        let seconds = started.elapsed().as_secs_f64();
        report(BuildEvent::Done {
            image_id: image_id.clone(),
            tags: tags.clone(),
            seconds,
        });
        Ok(Built {
            image_id,
            tags,
            seconds,
            builder,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_unique() {
        assert_ne!(session_id(), session_id());
    }
}
