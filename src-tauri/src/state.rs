//! What the app keeps for the whole session.

use crate::commands::exec::Terminals;
use crate::streams::Streams;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tugboat_engine::images::ImageKeeper;
use tugboat_engine::networks::keeper::NetworkKeeper;
use tugboat_engine::registry::DockerConfig;
use tugboat_engine::supervisor::keeper::ContainerKeeper;
use tugboat_engine::volumes::VolumeKeeper;
use tugboat_engine::{EngineHandle, EngineInfo};

pub struct AppState {
    pub engine: EngineHandle,
    pub streams: Arc<Streams>,
    /// Engine facts fetched at the first connection, while the window is still starting.
    pub first_info: Arc<FirstInfo>,
    /// `docker ps -a`, kept current from change notices: the app's only copy.
    pub containers: Arc<ContainerKeeper>,
    /// `docker network ls` with the containers on each network, kept the same way.
    pub networks: Arc<NetworkKeeper>,
    /// `docker volume ls` with who uses each volume, kept like the containers.
    pub volumes: Arc<VolumeKeeper>,
    /// `docker images` with how many containers use each, kept like the containers.
    pub images: Arc<ImageKeeper>,
    /// The live terminal sessions' keyboards and resize handles, by stream id.
    pub terminals: Arc<Terminals>,
    /// The docker CLI's config folder (`$DOCKER_CONFIG`, else `~/.docker`), read at start:
    /// where registry credentials are read and kept, shared with the CLI.
    pub docker_config: Arc<DockerConfig>,
}

impl AppState {
    /// Leaves the current engine for `target`, with nothing of the old one left behind: every
    /// open stream (logs, stats, events, builds, terminals…) ends with a note naming the new
    /// engine, the supervisor stops handing out the old connection and clears its recent
    /// events, the kept lists reset to empty on its switch counter, and the prefetched facts
    /// are dropped. The streams go first, so none opened for the new engine is closed.
    pub fn switch_engine(&self, target: tugboat_engine::EngineTarget) {
        let note = format!("closed: Tugboat switched to engine {}", target.label());
        let closed = self.streams.close_all(&note);
        self.engine.switch_to(target);
        self.first_info.drop_stale();
        tracing::info!(closed, "streams of the previous engine closed");
    }
}

/// The facts fetched at the first connection, taken by the first `engine_info` call. The UI
/// asks for them a few hundred milliseconds after the engine answers (WebKit is still starting),
/// so fetching them at once saves that wait at start-up. Taken once, only while fresh, and
/// dropped by any change notice: it never serves facts older than what the engine reported.
#[derive(Default)]
pub struct FirstInfo(Mutex<Option<(Instant, EngineInfo)>>);

impl FirstInfo {
    const FRESH: Duration = Duration::from_secs(2);

    pub fn put(&self, info: EngineInfo) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((Instant::now(), info));
        }
    }

    pub fn take(&self) -> Option<EngineInfo> {
        let taken = self.0.lock().ok()?.take()?;
        (taken.0.elapsed() < Self::FRESH).then_some(taken.1)
    }

    pub fn drop_stale(&self) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_info_is_taken_once() {
        let f = FirstInfo::default();
        assert!(f.take().is_none());
        f.put(sample());
        assert!(f.take().is_some());
        assert!(f.take().is_none(), "only the first call gets it");
        f.put(sample());
        f.drop_stale();
        assert!(f.take().is_none(), "a change notice drops it");
    }

    fn sample() -> EngineInfo {
        EngineInfo {
            endpoint: String::new(),
            server_version: "20.10".into(),
            daemon_api_version: "1.41".into(),
            min_api_version: None,
            api_version: "1.41".into(),
            client_max_api_version: "1.53".into(),
            operating_system: None,
            os_type: None,
            kernel_version: None,
            architecture: None,
            storage_driver: None,
            cgroup_driver: None,
            cgroup_version: None,
            logging_driver: None,
            cpus: None,
            memory_bytes: None,
            swarm_state: "inactive".into(),
            hostname: None,
            root_dir: None,
            counts: Default::default(),
            warnings: vec![],
        }
    }
}
