//! Images: saving, loading and importing them as files (`archive`), and searching Docker Hub
//! through the engine (`search`).

pub mod archive;
pub mod search;
