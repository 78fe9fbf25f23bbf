//! The labels the compose CLI (v1 and v2) puts on what it creates, as this folder reads them.
// These mirror the compose crate's label constants; they stay here until that crate is merged.

pub const PROJECT: &str = "com.docker.compose.project";
pub const SERVICE: &str = "com.docker.compose.service";
pub const CONTAINER_NUMBER: &str = "com.docker.compose.container-number";
pub const ONEOFF: &str = "com.docker.compose.oneoff";
pub const WORKING_DIR: &str = "com.docker.compose.project.working_dir";
pub const CONFIG_FILES: &str = "com.docker.compose.project.config_files";
pub const ENVIRONMENT_FILE: &str = "com.docker.compose.project.environment_file";
pub const NETWORK: &str = "com.docker.compose.network";
pub const VOLUME: &str = "com.docker.compose.volume";
/// Compose v2 only: `db:service_started:false,cache:service_healthy:true`.
pub const DEPENDS_ON: &str = "com.docker.compose.depends_on";
