//! What the app keeps for the whole session.

use crate::streams::Streams;
use std::sync::Arc;
use tugboat_engine::EngineHandle;

pub struct AppState {
    pub engine: EngineHandle,
    pub streams: Arc<Streams>,
}
