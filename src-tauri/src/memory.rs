//! Tugboat's own memory, split into the part the Rust backend allocates and the rest (the
//! window's GTK and WebKit, and WebKit's own processes), as the Settings view shows it and the
//! benchmarks read it.
//!
//! The split needs a counter on the Rust allocator: on Linux the app's process holds the GTK
//! main loop and WebKit's UI side as well as the backend, so its RSS says little about the
//! backend alone. GTK and WebKit allocate through malloc directly, never through Rust's global
//! allocator, so what the counter holds is the backend's share.

use cap::Cap;
use std::alloc::System;

/// Every Rust allocation in the app goes through this counter (a few atomic adds per call).
#[global_allocator]
static HEAP: Cap<System> = Cap::new(System, usize::MAX);

/// Bytes the Rust backend holds on its heap now.
pub fn backend_heap_bytes() -> usize {
    HEAP.allocated()
}

/// What the app's processes hold, where the system says (Linux's /proc); None elsewhere.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProcessMemory {
    /// This process's resident set: the backend, GTK and WebKit's UI side.
    pub process_rss_bytes: f64,
    /// This process and the ones it started (WebKit's web and network processes), with shared
    /// pages counted once (PSS).
    pub whole_app_bytes: f64,
    /// How many processes the whole app is.
    pub processes: u32,
}

#[cfg(target_os = "linux")]
pub fn process_memory() -> Option<ProcessMemory> {
    let me = std::process::id();
    let tree = linux::process_tree(me);
    let rss = linux::kib_field(&format!("/proc/{me}/status"), "VmRSS:")?;
    let pss: f64 = tree
        .iter()
        .filter_map(|p| linux::kib_field(&format!("/proc/{p}/smaps_rollup"), "Pss:"))
        .sum();
    Some(ProcessMemory {
        process_rss_bytes: rss * 1024.0,
        whole_app_bytes: pss * 1024.0,
        processes: u32::try_from(tree.len()).unwrap_or(u32::MAX),
    })
}

#[cfg(not(target_os = "linux"))]
pub fn process_memory() -> Option<ProcessMemory> {
    None
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::HashMap;

    /// `root` and every process below it.
    pub fn process_tree(root: u32) -> Vec<u32> {
        let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            if let Some(ppid) = parent_of(pid) {
                children.entry(ppid).or_default().push(pid);
            }
        }
        let mut out = vec![root];
        let mut i = 0;
        while let Some(&p) = out.get(i) {
            out.extend(children.get(&p).into_iter().flatten().copied());
            i += 1;
        }
        out
    }

    fn parent_of(pid: u32) -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The name in parentheses may hold spaces: the fields start after its last ')'.
        let rest = stat.rsplit_once(')')?.1;
        rest.split_whitespace().nth(1)?.parse().ok()
    }

    /// A "Name:   123 kB" line's number.
    pub fn kib_field(path: &str, field: &str) -> Option<f64> {
        let text = std::fs::read_to_string(path).ok()?;
        let line = text.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heap_counter_sees_an_allocation_and_its_release() {
        // Other tests run beside this one on the same heap, so a big block is used and a
        // margin allowed for their churn.
        let before = backend_heap_bytes();
        let block = vec![7u8; 64 << 20];
        let during = backend_heap_bytes();
        assert!(
            during >= before + (48 << 20),
            "64 MiB allocated, the counter went {before} → {during}"
        );
        drop(block);
        assert!(backend_heap_bytes() < during - (48 << 20));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn process_memory_is_read_for_this_process() {
        let m = process_memory().expect("Linux has /proc");
        assert!(m.processes >= 1);
        assert!(m.process_rss_bytes > 1e6, "{m:?}");
        assert!(m.whole_app_bytes > 0.0, "{m:?}");
    }
}
