//! The bounded ring between the readers and the view. Readers never wait for the view: they
//! push here, and when the ring is full (in lines or in bytes) the oldest unsent lines are
//! dropped and counted, so memory stays bounded whatever a container prints and the view can
//! say how far behind it fell.

use super::LogLine;
use std::collections::VecDeque;

/// What a line costs the ring: its text and time, plus the line itself.
fn cost(line: &LogLine) -> usize {
    line.text.len() + line.timestamp.len() + std::mem::size_of::<(i128, LogLine)>()
}

#[derive(Debug)]
pub struct Ring {
    held: VecDeque<(i128, LogLine)>,
    bytes: usize,
    max_lines: usize,
    max_bytes: usize,
    skipped: u64,
    /// The most bytes ever held at once (for the benchmarks).
    peak_bytes: usize,
}

impl Ring {
    pub fn new(max_lines: usize, max_bytes: usize) -> Ring {
        Ring {
            held: VecDeque::new(),
            bytes: 0,
            max_lines: max_lines.max(1),
            max_bytes,
            skipped: 0,
            peak_bytes: 0,
        }
    }

    /// Adds a line (with its time key); drops the oldest while over either cap.
    pub fn push(&mut self, key: i128, line: LogLine) {
        self.bytes += cost(&line);
        self.held.push_back((key, line));
        while self.held.len() > self.max_lines
            || (self.bytes > self.max_bytes && self.held.len() > 1)
        {
            if let Some((_, old)) = self.held.pop_front() {
                self.bytes -= cost(&old);
                self.skipped += 1;
            }
        }
        self.peak_bytes = self.peak_bytes.max(self.bytes);
    }

    /// Takes up to `max` of the oldest lines, and the count of lines dropped since the last
    /// take.
    pub fn take(&mut self, max: usize) -> (Vec<(i128, LogLine)>, u64) {
        let n = max.min(self.held.len());
        let lines: Vec<_> = self.held.drain(..n).collect();
        for (_, l) in &lines {
            self.bytes -= cost(l);
        }
        (lines, std::mem::take(&mut self.skipped))
    }

    /// Everything held, oldest first (the dropped count stays).
    pub fn drain_all(&mut self) -> Vec<(i128, LogLine)> {
        self.bytes = 0;
        self.held.drain(..).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty() && self.skipped == 0
    }

    pub fn len(&self) -> usize {
        self.held.len()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn peak_bytes(&self) -> usize {
        self.peak_bytes
    }

    /// Counts lines dropped before they reached this ring.
    pub fn add_skipped(&mut self, n: u64) {
        self.skipped += n;
    }

    /// Lines dropped and not yet reported by a take.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::LogStream;

    fn line(n: usize, text: &str) -> LogLine {
        LogLine {
            source: 0,
            stream: LogStream::Stdout,
            timestamp: String::new(),
            text: format!("{n} {text}"),
            cut: 0,
        }
    }

    #[test]
    fn a_full_ring_drops_the_oldest_and_counts_them() {
        let mut ring = Ring::new(3, usize::MAX);
        for n in 0..10 {
            ring.push(n, line(n as usize, ""));
        }
        let (lines, skipped) = ring.take(100);
        assert_eq!(skipped, 7);
        let kept: Vec<_> = lines.iter().map(|(k, _)| *k).collect();
        assert_eq!(kept, [7, 8, 9]);
        assert_eq!(ring.take(100).1, 0, "a take reports each drop once");
        assert!(ring.is_empty());
        assert_eq!(ring.bytes(), 0);
    }

    #[test]
    fn the_byte_cap_holds_whatever_the_lines_weigh() {
        let big = "x".repeat(1000);
        let cap = 10 * (1000 + 200);
        let mut ring = Ring::new(1_000_000, cap);
        for n in 0..1000 {
            ring.push(n, line(n as usize, &big));
            assert!(ring.bytes() <= cap);
        }
        assert!(ring.peak_bytes() <= cap);
        assert!(ring.len() >= 5 && ring.len() <= 12, "{}", ring.len());
        assert_eq!(ring.skipped() as usize + ring.len(), 1000);
    }

    #[test]
    fn takes_come_oldest_first_in_batches() {
        let mut ring = Ring::new(100, usize::MAX);
        for n in 0..5 {
            ring.push(n, line(n as usize, ""));
        }
        let (first, _) = ring.take(2);
        let (rest, _) = ring.take(10);
        assert_eq!(first.iter().map(|l| l.0).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(rest.iter().map(|l| l.0).collect::<Vec<_>>(), [2, 3, 4]);
    }
}
