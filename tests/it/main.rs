//! Tugboat's integration and end-to-end tests: one test binary, run by `scripts/test.sh`, which
//! provides a real Docker engine (TUGBOAT_TEST_DOCKER_HOST), the app binary (TUGBOAT_APP_BIN), a
//! display and tauri-driver.

mod driver;
mod e2e;
mod e2e_containers;
mod e2e_files;
mod e2e_layout;
mod e2e_run;
mod engine;
mod export;
mod recreate;
mod removal;
mod run;
mod support;
