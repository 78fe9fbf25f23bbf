//! Linux processes as the benchmarks measure them: a process and what runs below it, their CPU
//! time, and their memory fields, read from /proc.

use std::collections::HashMap;

/// `root` and every process below it.
pub fn process_tree(root: u32) -> Vec<u32> {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The name in parentheses may hold spaces: the fields start after its last ')'.
        if let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, r)| r.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
        {
            parent.insert(pid, ppid);
        }
    }
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(parent.iter().filter(|(_, pp)| **pp == p).map(|(c, _)| *c));
        i += 1;
    }
    out
}

/// The CPU time `pids` have used, user and system, in clock ticks (USER_HZ: 100 a second).
pub fn cpu_ticks(pids: &[u32]) -> f64 {
    pids.iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/stat")).ok())
        .filter_map(|s| {
            let rest = s.rsplit_once(')')?.1.to_owned();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?)
        })
        .sum()
}

/// A "Name:   123 kB" line's number in a /proc file; 0 when there is none.
pub fn kb_field(path: &str, field: &str) -> f64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(field)).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .unwrap_or(0.0)
}

/// The whole PSS of `root` and every process below it, in bytes: shared pages counted once.
pub fn tree_pss_bytes(root: u32) -> f64 {
    process_tree(root)
        .iter()
        .map(|p| kb_field(&format!("/proc/{p}/smaps_rollup"), "Pss:") * 1024.0)
        .sum()
}

/// The cold-start floor (`benches/floor`, a Tauri window with one heading built the same way
/// as the app) running, once its page has painted. Killed when dropped.
pub struct FloorWindow {
    child: std::process::Child,
    /// Spawn → its page painted, in ms.
    pub painted_ms: f64,
    /// The page's own share of that (since the page began loading), in ms.
    pub page_ms: f64,
}

impl FloorWindow {
    /// Starts `bin` and waits for the `painted …` line it prints on stderr; None if it ends
    /// without one.
    pub fn launch(bin: &str) -> Option<FloorWindow> {
        use std::io::{BufRead, BufReader};
        let start = std::time::Instant::now();
        let mut child = std::process::Command::new(bin)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        let stderr = child.stderr.take()?;
        let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
        let Some(rest) = lines.find_map(|l| l.strip_prefix("painted ").map(str::to_owned)) else {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        };
        let painted_ms = start.elapsed().as_secs_f64() * 1000.0;
        let page_ms = rest
            .split("page_ms=")
            .nth(1)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .unwrap_or(f64::NAN);
        // Nothing reads stderr from here on: drain it, so the window never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Some(FloorWindow {
            child,
            painted_ms,
            page_ms,
        })
    }

    /// The floor's whole PSS now (its own process and WebKit's), in bytes.
    pub fn pss_bytes(&self) -> f64 {
        tree_pss_bytes(self.child.id())
    }
}

impl Drop for FloorWindow {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
