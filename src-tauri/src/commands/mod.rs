//! Thin `#[tauri::command]`s, one module per area: parse arguments, call the engine crate,
//! map errors. No logic lives here.

pub mod build;
pub mod build_layers;
pub mod compose;
pub mod compose_files;
pub mod compose_stacks;
pub mod container_files;
pub mod containers;
pub mod contexts;
pub mod disk;
pub mod dockerfiles;
pub mod engine;
pub mod events;
pub mod events_page;
pub mod exec;
pub mod export;
pub mod image_archive;
pub mod image_layers;
pub mod images;
pub mod inside;
pub mod logs;
pub mod namespaces;
pub mod networks;
pub mod ports;
pub mod pull;
pub mod registries;
pub mod registry_browse;
pub mod run;
pub mod services;
pub mod stacks;
pub mod swarm;
pub mod topology;
pub mod transfer;
pub mod volume_files;
pub mod volumes;
