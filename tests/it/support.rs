//! The shared test fixtures, from the test kit (`src-tauri/crates/testkit`): the test engine and
//! its CLI, labelled objects with cleanup, private daemons, the engine proxy and the storm.

pub use tugboat_testkit::*;
