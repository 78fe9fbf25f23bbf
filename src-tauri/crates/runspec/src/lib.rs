//! tugboat-runspec: the docker CLI's language (what `docker run` and the other commands mean,
//! and every `docker …` line the app shows), as pure logic with no engine.
//!
//! - `argv`: the one rule that turns a `docker …` argv into a line for a shell.
//! - `actions`: container actions (`docker start`, `stop`, `rm`…) and the argv each equals.
//! - `reference`: image references, parsed once for every command that names an image.
//! - `form`: the run form as the user typed it (strings), and field errors.
//! - `values`: parsers for single values: ports, sizes, durations, names, mounts, env.
//! - `advanced`: the less common settings (security, logging, devices, DNS…).
//! - `spec`: the typed [`spec::ContainerSpec`] a valid form becomes, and the `docker run`
//!   argv it equals.
//! - `validate`: the form's checks, one section per file (ports, mounts, env, restart,
//!   limits, network, health), reused by `docker update` and later by compose.
//! - `explain`: the command in parts, each with what it does.
//! - `exec_spec`: `docker exec -it` and `docker attach`: the terminal form, its checks and
//!   the lines they equal.
//! - `envfile`: `NAME=value` lines, read as `docker run --env-file` reads them.
//! - `network_spec`: `docker network create/connect/disconnect/rm/prune`, the create form
//!   and its address checks.
//! - `commit`: `docker commit`, a new image from a container.
//! - `update`: `docker update`, the limits and restart policy changed in place.
//! - `cli`: the parser for a pasted `docker run …` command line.
//! - `redact`: a command as it may be logged, with secret values hidden.
//! - `volume_spec`: `docker volume create`, `rm`, `inspect` and `prune`: the form, its checks
//!   and the argv each equals.
//! - `system_prune`: `docker system prune`, its options and filters.
//! - `pull_spec`: `docker pull` and `docker push`: reference and platform checks, the
//!   registry a name belongs to, and the argv each equals.
//! - `image_spec`: `docker image inspect`, `tag`, `rm` and `prune`: the argv each equals and
//!   the checks of a new tag.
//! - `registry_spec`: `docker login`/`logout` (the password never in a line) and the local
//!   registry's `docker run`, `tag` and `push` lines.
//! - `logs`: `docker logs`, its `--since`/`--until` times and the line a logs view equals.
//! - `registry_api_spec`: the Registry HTTP API v2: registry names, auth challenges, paging
//!   links, manifest media types and the lines that equal registry requests.
//! - `build_spec`: `docker build`: the build form, its checks and the line it equals.
//! - `service_spec`: `docker service create/update/scale/rollback/rm/ps/logs`: the service
//!   form (a swarm service), its checks and the lines it equals.
//!
//! The engine crate turns the same [`spec::ContainerSpec`] into the create request, so the
//! command shown to the user and what is sent to the engine come from one value.

pub mod actions;
pub mod advanced;
pub mod argv;
pub mod build_spec;
pub mod cli;
pub mod commit;
pub mod envfile;
pub mod exec_spec;
pub mod explain;
pub mod form;
pub mod image_archive_spec;
pub mod image_spec;
pub mod logs;
pub mod network_spec;
pub mod preview;
pub mod pull_spec;
pub mod redact;
pub mod reference;
pub mod registry_api_spec;
pub mod registry_spec;
pub mod service_spec;
pub mod spec;
pub mod system_prune;
pub mod update;
pub mod validate;
pub mod values;
pub mod volume_spec;

pub use form::{EnvRow, FieldError, LabelRow, MountKind, MountRow, PortRow, RunForm};
pub use spec::{ContainerSpec, PortSpec};
pub use validate::limits::{Limits, LimitsForm};
