//! Tugboat's integration and end-to-end tests: one test binary, run by `scripts/test.sh`, which
//! provides a real Docker engine (TUGBOAT_TEST_DOCKER_HOST), the app binary (TUGBOAT_APP_BIN), a
//! display and tauri-driver.

// Test and bench code says what it expects by unwrapping and panicking, and prints figures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod build;
mod build_context;
mod build_layers;
mod compose_interop;
mod compose_load;
mod compose_stacks;
mod compose_support;
mod compose_up;
mod container_files;
mod contexts;
mod disk;
mod dockerfile_files;
mod e2e;
mod e2e_a11y;
mod e2e_build;
mod e2e_clicks;
mod e2e_compose_editor;
mod e2e_compose_form;
mod e2e_compose_stacks;
mod e2e_compose_up;
mod e2e_container_files;
mod e2e_containers;
mod e2e_disk;
mod e2e_dockerfile_lint;
mod e2e_dockerfiles;
mod e2e_engine_remote;
mod e2e_engine_switch;
mod e2e_engines;
mod e2e_events;
mod e2e_files;
mod e2e_image_archive;
mod e2e_image_layers;
mod e2e_images;
mod e2e_layout;
mod e2e_learn;
mod e2e_lessons;
mod e2e_logs;
mod e2e_namespaces;
mod e2e_networks;
mod e2e_palette;
mod e2e_pull;
mod e2e_registries;
mod e2e_registry_browse;
mod e2e_run;
mod e2e_run_layout;
mod e2e_secrets;
mod e2e_sections;
mod e2e_settings;
mod e2e_stats;
mod e2e_swarm;
mod e2e_swarm_stack;
mod e2e_terminal;
mod e2e_topology;
mod e2e_volume_files;
mod e2e_volumes;
mod e2e_what_runs;
mod e2e_where_data_lives;
mod engine;
mod engine_latency;
#[cfg(unix)]
mod engine_ssh;
mod engine_switch;
mod engine_tls;
mod events_page;
mod exec;
mod export;
mod image_archive;
mod image_layers;
mod images;
mod kept_list;
mod lessons;
mod list_after_event;
mod logs;
mod namespaces;
mod networks;
mod packaging;
mod pages;
mod ports;
mod pull;
mod recreate;
mod registries;
mod registry_browse;
mod removal;
mod run;
mod stats;
mod support;
mod swarm;
mod swarm_secrets;
mod swarm_services;
mod swarm_stack;
mod top_changes;
mod topology;
mod volume_files;
mod volumes;
mod wait;

/// Held by every test that publishes the tutorial's host ports (8080, 8081) for real: the
/// `docker run` lines of the tutorial and the ports lesson. One machine has one port 8080.
pub(crate) static TUTORIAL_PORTS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
