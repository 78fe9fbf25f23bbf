//! Images: pulling and pushing with per-layer progress (h2's part; the list and the other
//! actions join this folder).

pub mod progress;
pub mod pull;
pub mod push;
