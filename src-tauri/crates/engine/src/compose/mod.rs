//! Compose projects on the engine. `up` runs a plan from the compose crate (networks, volumes,
//! images, then containers level by level, waiting on each dependency's condition) and
//! `create` makes one replica's container. The rest reads and changes what already exists,
//! from the labels the compose CLI writes: the stacks list (`projects`), `docker compose down`
//! with its exact preview (`down`), and start / stop / restart / scale (`actions`).

pub mod actions;
pub mod create;
pub mod down;
pub mod labels;
pub mod projects;
pub mod up;
