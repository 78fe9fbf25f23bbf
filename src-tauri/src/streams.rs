//! Per-view streams (event feed now; logs, stats, terminals later): each gets an id and a
//! cancellation token here, so `stream_cancel` can end it and a view that goes away frees it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;
use tokio_util::sync::CancellationToken;

pub type StreamId = u32;

#[derive(Default)]
pub struct Streams {
    next: AtomicU32,
    live: Mutex<HashMap<StreamId, CancellationToken>>,
}

impl Streams {
    /// Registers a new stream; the task must call [`Streams::finish`] when it ends.
    pub fn open(&self) -> (StreamId, CancellationToken) {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let token = CancellationToken::new();
        if let Ok(mut live) = self.live.lock() {
            live.insert(id, token.clone());
        }
        (id, token)
    }

    /// Cancels a stream; unknown ids (already ended) are fine.
    pub fn cancel(&self, id: StreamId) -> bool {
        let token = self.live.lock().ok().and_then(|mut l| l.remove(&id));
        match token {
            Some(t) => {
                t.cancel();
                true
            }
            None => false,
        }
    }

    pub fn finish(&self, id: StreamId) {
        if let Ok(mut live) = self.live.lock() {
            live.remove(&id);
        }
    }

    pub fn live_count(&self) -> usize {
        self.live.lock().map(|l| l.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_cancel_finish() {
        let s = Streams::default();
        let (a, ta) = s.open();
        let (b, _tb) = s.open();
        assert_ne!(a, b);
        assert_eq!(s.live_count(), 2);
        assert!(s.cancel(a));
        assert!(ta.is_cancelled());
        assert!(!s.cancel(a), "second cancel is a no-op");
        s.finish(b);
        assert_eq!(s.live_count(), 0);
    }
}
