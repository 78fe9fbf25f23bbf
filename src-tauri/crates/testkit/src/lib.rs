//! What Tugboat's integration tests, end-to-end tests and benchmarks share, so none borrows
//! another's files: the test engine and its CLI (`TestEngine`, `Labelled`), private daemons,
//! an engine proxy that records and bends traffic, turns on the swarm test engine, the event
//! storm, the WebDriver rig, and the raw API call benchmarks print as their baseline.

// Test code says what it expects by unwrapping and panicking: a failed fixture fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod driver;
pub mod engine;
pub mod procs;
pub mod proxy;
#[cfg(unix)]
pub mod raw;
pub mod slow;
pub mod sshd;
pub mod storm;
pub mod swarm;
pub mod tls;

pub use engine::*;
pub use proxy::EngineProxy;
pub use storm::{RunningStorm, Storm};
