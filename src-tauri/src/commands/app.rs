//! The app's own state, as opposed to the engine's: its memory use. The reading is in
//! `crate::memory`.

/// What Tugboat itself holds in memory now.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppMemory {
    /// The Rust backend's heap: the engine's kept lists, streams' buffers and the rest.
    pub backend_heap_bytes: f64,
    /// The window's process (backend, GTK and WebKit's UI side), resident; None where the
    /// system does not say.
    pub process_rss_bytes: Option<f64>,
    /// That process and WebKit's processes, shared pages counted once; None where the system
    /// does not say.
    pub whole_app_bytes: Option<f64>,
    /// How many processes the whole app is; None where the system does not say.
    pub processes: Option<u32>,
}

#[tauri::command]
#[specta::specta]
pub fn app_memory() -> AppMemory {
    let process = crate::memory::process_memory();
    AppMemory {
        // As f64: JavaScript numbers hold any heap size exactly (below 2^53 bytes).
        backend_heap_bytes: crate::memory::backend_heap_bytes() as f64,
        process_rss_bytes: process.map(|p| p.process_rss_bytes),
        whole_app_bytes: process.map(|p| p.whole_app_bytes),
        processes: process.map(|p| p.processes),
    }
}
