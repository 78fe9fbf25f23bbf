//! The labels Compose writes on what it creates, exactly as the compose CLI spells them, so a
//! stack Tugboat starts is managed by `docker compose`/`docker-compose` and the other way round.

/// The project a container, network or volume belongs to.
pub const PROJECT: &str = "com.docker.compose.project";
/// The service a container runs.
pub const SERVICE: &str = "com.docker.compose.service";
/// The replica number, "1", "2"… (the `-<n>` at the end of the container's name).
pub const CONTAINER_NUMBER: &str = "com.docker.compose.container-number";
/// "False" for a service's container; "True" for `compose run` one-offs.
pub const ONEOFF: &str = "com.docker.compose.oneoff";
/// The hash of the resolved service: a container whose hash differs is recreated by `up`.
pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
/// The project folder (absolute).
pub const WORKING_DIR: &str = "com.docker.compose.project.working_dir";
/// The compose files, absolute paths joined with ",".
pub const CONFIG_FILES: &str = "com.docker.compose.project.config_files";
/// The env file that was read, when one was.
pub const ENVIRONMENT_FILE: &str = "com.docker.compose.project.environment_file";
/// The Compose version that created the object.
pub const VERSION: &str = "com.docker.compose.version";
/// On a network: its key in the file (`default`, `backend`).
pub const NETWORK: &str = "com.docker.compose.network";
/// On a volume: its key in the file.
pub const VOLUME: &str = "com.docker.compose.volume";

/// What we write under [`VERSION`]. docker-compose 1.29.2 parses it as a version and treats
/// anything below 1.21.0 as the legacy naming scheme; "2.0.0" says we follow Compose v2's.
pub const VERSION_VALUE: &str = "2.0.0";
/// What we write under [`ONEOFF`] on a service's containers.
pub const ONEOFF_FALSE: &str = "False";
