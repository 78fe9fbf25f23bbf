//! Swarm mode: the swarm itself (`status`: state, init, join tokens, leave), its `nodes`,
//! secrets and configs (`objects`), `services` and their `tasks` and `service_logs`, and
//! stacks deployed from a compose file (`stack`).

pub mod nodes;
pub mod objects;
pub mod service_logs;
pub mod services;
pub mod stack;
pub mod status;
pub mod tasks;
