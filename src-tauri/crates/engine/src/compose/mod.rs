//! Compose projects on the engine: `up` (run a plan from the compose crate: networks, volumes,
//! images, then containers level by level, waiting on each dependency's condition) and
//! `create` (one replica's container: created, joined to its networks, started).

pub mod create;
pub mod up;
