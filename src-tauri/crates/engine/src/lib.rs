//! tugboat-engine: the only crate in Tugboat that talks to the Docker engine.
//!
//! Laid out by resource and by concept; each folder's `mod.rs` says what it owns.
//!
//! - `connection/`: a version-negotiated connection to one endpoint; `endpoint`: where the
//!   engine is (docker CLI precedence, contexts, well-known sockets).
//! - `supervisor/`: the long-lived task that keeps the connection, follows `/events`, and
//!   reports status and coalesced changes; `keeper`: applies those changes to the kept lists,
//!   one engine call per notice.
//! - `events/`: engine events in plain words, `throttle` (the change throttle), and `feed`:
//!   the event feed one view follows (backlog, then live batches).
//! - `kept`: a resource list kept in the backend (the app's only copy), changed by deltas the
//!   UI applies; `supervisor::keeper` keeps it from the change notices.
//! - `containers/`: the container list, inspect and lifecycle actions; `run` (`docker run`
//!   from a validated spec), `recreate` (a container read back into the run form and swapped
//!   for a changed one), `parking` (the names an old container waits under during a
//!   recreate), `refusals` (engine refusals explained), `export` (`docker export` to a tar
//!   file, saved through the files crate), `stats` (live CPU/memory figures as `docker stats`
//!   computes them), `port_link` (the browser address of a published port, for local
//!   addresses only), `files` (a container's own files: list, `docker cp` both ways). What each action *says* (`docker …`) is runspec's.
//! - `images/`: the image list (every tag, how many containers use each), inspect; `keeper`:
//!   the kept image list; `archive`: images as files (save, load, import); `search`: Docker Hub
//!   search through the engine.
//! - `networks/`: the network list (with the containers on each), inspect, create, remove,
//!   connect, disconnect and prune; `keeper`: the kept network list.
//! - `volumes/`: the volume list (with the containers using each), sizes on request, inspect,
//!   create, remove, and `prune` (the exact list first, then just those volumes).
//! - `namespaces/`: a container's namespaces and cgroups beside the host's, for learners: its
//!   processes under both PID numbers, hostname, interfaces, layers, limits and cgroup files.
//! - `ports/`: the Ports page: every published and exposed-only port, taken host ports flagged.
//!   create, remove, and `prune` (the exact list first, then just those volumes); a volume's
//!   files through a carrier container (`files`), backup and restore (`backup`).
//! - `files/`: one folder entry type for a volume's and a container's files, and the archive
//!   API as byte streams with progress (`archive`); a container's own files are
//!   `containers::files`.
//! - `exec/`: terminal sessions: `docker exec -it` and `docker attach`, with input, resize
//!   and the exit code.
//! - `system`: engine facts, counts and disk usage.
//! - `topology/`: the network map (networks, their containers, addresses, names, links) and
//!   "can A reach B?" (`reach`), read from inspect and checked live with a lookup in A.
//! - `disk/`: disk usage (`docker system df -v`, with the CLI's formulas) and `docker system
//!   prune` (the preview part by part, then removing exactly what was listed).
//! - `logs/`: `docker logs`: lines decoded from the engine's records, followed through a
//!   bounded ring in batches, merged across containers by time, older pages, saved to a file.
//! - `registry/`: registries: the docker CLI's credentials (read and written where the CLI
//!   keeps them), and a registry's own API (catalog, tags, manifests, deleting a tag), reached
//!   over HTTPS or, where the engine allows it, plain HTTP.
//! - `images/`: the kept image list, inspect, tag, remove and prune with their previews, pull
//!   and push with each layer's progress, save/load/import, Docker Hub search, `history` and
//!   `layers` (the layer explorer over `docker save`).
//! - `build/`: `docker build`: the context packed here, BuildKit (through a session) or the
//!   classic builder, and their progress as one event type.
//! - `compose/`: Compose projects: `up` (runs the compose crate's plan: networks, volumes,
//!   images, then services level by level with their dependency conditions) and `create` (a
//!   replica's container joined to its networks).
//! - `swarm/`: swarm mode: status, init/join/leave, nodes, secrets and configs, services,
//!   tasks, service logs and stacks.
//! - `contexts/`: the docker CLI's contexts, read and written in its own store (create, update,
//!   remove, use), each with its `docker context …` line.
//! - `lessons`: Learn's lessons against the engine: the facts a step's check reads, a step's
//!   command done for the user, and "finish", which removes what the lesson made.
//! - `error`: the error type, classified by status and kind.

pub mod build;
pub mod compose;
pub mod connection;
pub mod containers;
pub mod contexts;
pub mod disk;
pub mod error;
pub mod events;
pub mod exec;
pub mod files;
pub mod images;
pub mod kept;
pub mod lessons;
pub mod logs;
pub mod namespaces;
pub mod networks;
pub mod ports;
pub mod registry;
pub mod supervisor;
pub mod swarm;
pub mod system;
pub mod topology;
pub mod volumes;

pub use connection::endpoint::{Endpoint, EndpointSource, EnvSnapshot, TlsFiles};
pub use connection::{ApiVersion, Engine, Link};
pub use disk::{DiskBreakdown, DiskUsage, UsageRow};
pub use error::EngineError;
pub use events::{EngineEvent, ResourceKind};
pub use supervisor::{
    ConnectionState, EndpointAttempt, EngineHandle, EngineStatus, EngineTarget, ResourcesChanged,
    Supervisor, SupervisorConfig,
};
pub use system::{EngineInfo, ResourceCounts};
