//! The labels the compose CLI (v1 and v2) puts on what it creates: the compose crate's, plus
//! the one only Compose v2 writes, which this folder reads for start order.

pub use tugboat_compose::labels::*;

/// Compose v2 only: `db:service_started:false,cache:service_healthy:true`.
pub const DEPENDS_ON: &str = "com.docker.compose.depends_on";
