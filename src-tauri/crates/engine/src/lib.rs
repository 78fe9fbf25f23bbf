//! tugboat-engine: the only crate in Tugboat that talks to the Docker engine.
//!
//! - `endpoint`: where the engine is (docker CLI precedence, contexts, well-known sockets).
//! - `connection`: a version-negotiated connection to one endpoint.
//! - `supervisor`: the long-lived task that keeps the connection, follows `/events`, and
//!   reports status and coalesced changes.
//! - `cache`: the container list kept current from change notices.
//! - `containers`: the container list, inspect and lifecycle actions.
//! - `port_link`: the browser address of a published port, for local addresses only.
//! - `export`: `docker export` of a container's filesystem to a tar file.
//! - `save`: files written for the user, whole or not at all.
//! - `stats`: live CPU/memory figures for one container, as `docker stats` computes them.
//! - `recreate`: a container read back into the run form and swapped for a changed one.
//! - `run`: `docker run` from a validated spec (tugboat-runspec).
//! - `info`: engine facts, counts and disk usage.
//! - `events`: engine events in plain words, and the change throttle.
//! - `feed`: the event feed one view follows (backlog, then live batches).
//! - `error`: the error type, classified by status and kind.

pub mod cache;
pub mod connection;
pub mod containers;
pub mod endpoint;
pub mod error;
pub mod events;
pub mod export;
pub mod feed;
pub mod info;
pub mod port_link;
pub mod recreate;
pub mod run;
pub mod save;
pub mod stats;
pub mod supervisor;

pub use connection::{ApiVersion, Engine};
pub use endpoint::{Endpoint, EndpointSource, EnvSnapshot};
pub use error::EngineError;
pub use events::{EngineEvent, ResourceKind};
pub use info::{DiskUsage, EngineInfo, ResourceCounts, UsageRow};
pub use supervisor::{
    ConnectionState, EndpointAttempt, EngineHandle, EngineStatus, ResourcesChanged, Supervisor,
    SupervisorConfig,
};
