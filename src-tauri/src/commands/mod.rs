//! Thin `#[tauri::command]`s, one module per area: parse arguments, call the engine crate,
//! map errors. No logic lives here.

pub mod containers;
pub mod disk;
pub mod engine;
pub mod events;
pub mod events_page;
pub mod export;
pub mod namespaces;
pub mod networks;
pub mod ports;
pub mod run;
pub mod topology;
pub mod volume_files;
pub mod volumes;
