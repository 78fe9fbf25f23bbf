//! Compose projects on the engine, read from the labels the compose CLI writes: the stacks list
//! (`projects`), `docker compose down` with its exact preview (`down`), and start / stop /
//! restart / scale of a service or a whole stack (`actions`). Loading and planning a compose
//! file is the compose crate's; this folder only reads and changes what already exists.

pub mod actions;
pub mod down;
pub mod labels;
pub mod projects;
