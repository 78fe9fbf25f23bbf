//! Live resource figures for one container, computed the way `docker stats` computes them
//! (the CLI's formulas, for cgroup v1 and v2 alike). Streams are opened only for what is on
//! screen; each sample costs the engine a cgroup read.
//!
//! Two paces: [`Engine::stats`], a sample a second, for the views about one container (its
//! Stats tab, the comparison); and [`Engine::stats_glance`], a sample every
//! [`GLANCE_EVERY`], for the container list's rows. Each sample costs dockerd and the
//! container's shim a collection: about 7 ms of CPU on the project's 2-core machines, so a
//! screen of 16 rows streaming each second kept the engine 10 % of a core busy
//! (BENCHMARKS.md, P15).

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::models::{ContainerBlkioStatEntry, ContainerStatsResponse};
use bollard::query_parameters::StatsOptions;
use futures_util::{Stream, StreamExt};
use serde::Serialize;

/// One sample of a container's figures. Byte counts are f64: TypeScript has no u64, and a
/// double holds any byte count up to 8 PB exactly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatsSample {
    /// Percent of one CPU (200 = two CPUs busy), as `docker stats` shows it.
    pub cpu_percent: f64,
    /// The CPUs the container may run on (the most `cpu_percent` can reach is 100 × this).
    pub online_cpus: u32,
    /// Memory in use, without the page cache the kernel can drop (as `docker stats`).
    pub memory_bytes: f64,
    /// The container's memory limit (`-m`), or the host's memory when none was set.
    pub memory_limit_bytes: f64,
    /// `memory_bytes` as a percent of the limit (0 with no limit known).
    pub memory_percent: f64,
    pub pids: Option<u32>,
    /// `--pids-limit`; None when unlimited.
    pub pids_limit: Option<f64>,
    /// Bytes received and sent since the container started, over all its interfaces.
    pub net_rx_bytes: f64,
    pub net_tx_bytes: f64,
    /// Bytes read from and written to block devices since the container started.
    pub block_read_bytes: f64,
    pub block_write_bytes: f64,
    /// Per second since the previous sample of the same stream (0 for the first).
    pub net_rx_per_second: f64,
    pub net_tx_per_second: f64,
    pub block_read_per_second: f64,
    pub block_write_per_second: f64,
    /// When the engine read the figures, in milliseconds since 1970 (0 when it did not say).
    pub read_at_ms: f64,
}

/// `docker stats` arithmetic: CPU from the deltas between this sample and the previous one
/// the engine includes (`precpu_stats`); memory as [`memory_in_use`]; network summed over
/// interfaces; block I/O as [`block_io`]. None for a sample without figures (a stopped
/// container). Rates are left at 0: they need the previous sample ([`Rates`]).
pub fn sample(s: &ContainerStatsResponse) -> Option<StatsSample> {
    let cpu = s.cpu_stats.as_ref()?;
    let mem = s.memory_stats.as_ref()?;
    let total = cpu.cpu_usage.as_ref().and_then(|u| u.total_usage)? as f64;
    let pre = s.precpu_stats.as_ref();
    let pre_total = pre
        .and_then(|p| p.cpu_usage.as_ref())
        .and_then(|u| u.total_usage)
        .unwrap_or(0) as f64;
    let system = cpu.system_cpu_usage.unwrap_or(0) as f64;
    let pre_system = pre.and_then(|p| p.system_cpu_usage).unwrap_or(0) as f64;
    // The CLI's order: the engine's count of online CPUs, else the per-CPU figures it listed.
    let cpus = cpu
        .online_cpus
        .filter(|n| *n > 0)
        .or_else(|| {
            cpu.cpu_usage
                .as_ref()?
                .percpu_usage
                .as_ref()
                .map(|v| v.len() as u32)
                .filter(|n| *n > 0)
        })
        .unwrap_or(1);
    let (cpu_delta, system_delta) = (total - pre_total, system - pre_system);
    let cpu_percent = if cpu_delta > 0.0 && system_delta > 0.0 {
        cpu_delta / system_delta * f64::from(cpus) * 100.0
    } else {
        0.0
    };
    let memory_bytes = memory_in_use(mem.usage?, mem.stats.as_ref()) as f64;
    let memory_limit_bytes = mem.limit.unwrap_or(0) as f64;
    let memory_percent = if memory_limit_bytes > 0.0 {
        memory_bytes / memory_limit_bytes * 100.0
    } else {
        0.0
    };
    let (net_rx_bytes, net_tx_bytes) =
        s.networks
            .iter()
            .flat_map(|n| n.values())
            .fold((0.0, 0.0), |(rx, tx), n| {
                (
                    rx + n.rx_bytes.unwrap_or(0) as f64,
                    tx + n.tx_bytes.unwrap_or(0) as f64,
                )
            });
    let (block_read_bytes, block_write_bytes) = block_io(
        s.blkio_stats
            .as_ref()
            .and_then(|b| b.io_service_bytes_recursive.as_deref())
            .unwrap_or_default(),
    );
    let pids = s.pids_stats.as_ref();
    Some(StatsSample {
        cpu_percent,
        online_cpus: cpus,
        memory_bytes,
        memory_limit_bytes,
        memory_percent,
        pids: pids.and_then(|p| p.current).map(|c| c as u32),
        pids_limit: pids.and_then(|p| p.limit).and_then(pids_limit),
        net_rx_bytes,
        net_tx_bytes,
        block_read_bytes,
        block_write_bytes,
        net_rx_per_second: 0.0,
        net_tx_per_second: 0.0,
        block_read_per_second: 0.0,
        block_write_per_second: 0.0,
        read_at_ms: s
            .read
            .map(|t| t.timestamp_millis() as f64)
            .filter(|ms| *ms > 0.0)
            .unwrap_or(0.0),
    })
}

/// A pids limit as the kernel reports it: 0 (cgroup v1's "max") and numbers too large to be
/// a limit anyone set (cgroup v2's "max") mean none.
fn pids_limit(limit: u64) -> Option<f64> {
    (limit > 0 && limit < (1 << 53)).then_some(limit as f64)
}

/// Bytes read and written, as the CLI sums them: the entries of `io_service_bytes_recursive`
/// whose op is read or write, in any case (cgroup v1 says `Read`/`Write` per device and adds
/// `Total`, `Sync`, `Async`; cgroup v2 says `read`/`write`).
fn block_io(entries: &[ContainerBlkioStatEntry]) -> (f64, f64) {
    entries.iter().fold((0.0, 0.0), |(r, w), e| {
        let value = e.value.unwrap_or(0) as f64;
        match e.op.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("read") => (r + value, w),
            Some("write") => (r, w + value),
            _ => (r, w),
        }
    })
}

/// Turns a stream's counters into rates: each sample's per-second figures are its counters'
/// growth since the previous sample over the time between the two readings. A counter that
/// went down (the container restarted) gives 0, not a negative rate.
#[derive(Debug, Default)]
pub struct Rates {
    previous: Option<StatsSample>,
}

impl Rates {
    pub fn next(&mut self, mut now: StatsSample) -> StatsSample {
        if let Some(before) = &self.previous {
            let seconds = (now.read_at_ms - before.read_at_ms) / 1000.0;
            if seconds > 0.0 {
                let rate = |a: f64, b: f64| ((a - b) / seconds).max(0.0);
                now.net_rx_per_second = rate(now.net_rx_bytes, before.net_rx_bytes);
                now.net_tx_per_second = rate(now.net_tx_bytes, before.net_tx_bytes);
                now.block_read_per_second = rate(now.block_read_bytes, before.block_read_bytes);
                now.block_write_per_second = rate(now.block_write_bytes, before.block_write_bytes);
            }
        }
        self.previous = Some(now.clone());
        now
    }
}

/// Memory in use as `docker stats` counts it: usage minus the inactive page cache, which the
/// kernel can take back. cgroup v1 reports it as `total_inactive_file` (and v1's `cache`
/// counts active pages too, so it is not used), cgroup v2 as `inactive_file`. A figure not
/// below usage is passed over (the CLI's order: v1's, then v2's, then usage as it is).
fn memory_in_use(usage: u64, stats: Option<&std::collections::HashMap<String, u64>>) -> u64 {
    let figure = |key: &str| stats.and_then(|st| st.get(key)).copied();
    ["total_inactive_file", "inactive_file"]
        .into_iter()
        .filter_map(figure)
        .find(|inactive| *inactive < usage)
        .map_or(usage, |inactive| usage - inactive)
}

impl Engine {
    /// One sample a second until the container stops or the stream is dropped, with rates
    /// since the previous sample.
    pub fn stats(
        &self,
        id: &str,
    ) -> impl Stream<Item = Result<StatsSample, EngineError>> + Send + 'static {
        let mut rates = Rates::default();
        self.docker
            .stats(
                id,
                Some(StatsOptions {
                    stream: true,
                    one_shot: false,
                }),
            )
            .filter_map(|r| async move {
                match r {
                    Ok(s) => sample(&s).map(Ok),
                    Err(e) => Some(Err(EngineError::from(e))),
                }
            })
            .map(move |r| r.map(|s| rates.next(s)))
    }

    /// A sample now and then one every [`GLANCE_EVERY`] until the container stops or the stream
    /// is dropped: what a list row shows. The first sample is the engine's own two readings a
    /// second apart (as `docker stats --no-stream`); after it each is one reading
    /// (`one-shot`), its CPU figure taken over the time since the one before.
    pub fn stats_glance(
        &self,
        id: &str,
    ) -> impl Stream<Item = Result<StatsSample, EngineError>> + Send + 'static {
        self.stats_every(id, GLANCE_EVERY)
    }

    /// As [`Engine::stats_glance`], a sample every `every` after the first.
    pub fn stats_every(
        &self,
        id: &str,
        every: std::time::Duration,
    ) -> impl Stream<Item = Result<StatsSample, EngineError>> + Send + 'static {
        struct Pace {
            docker: bollard::Docker,
            id: String,
            /// The previous reading's CPU counters, which a one-shot reading lacks.
            before: Option<Box<bollard::models::ContainerCpuStats>>,
            ended: bool,
        }
        let pace = Pace {
            docker: self.docker.clone(),
            id: id.to_owned(),
            before: None,
            ended: false,
        };
        futures_util::stream::unfold(pace, move |mut pace| async move {
            if pace.ended {
                return None;
            }
            let first = pace.before.is_none();
            if !first {
                tokio::time::sleep(every).await;
            }
            let options = StatsOptions {
                stream: false,
                one_shot: !first,
            };
            let read = pace.docker.stats(&pace.id, Some(options)).next().await;
            let item = match read {
                Some(Ok(mut s)) => {
                    if let Some(before) = pace.before.take() {
                        s.precpu_stats = Some(*before);
                    }
                    pace.before = s.cpu_stats.clone().map(Box::new);
                    // A stopped container's reading has no figures: the stream ends there.
                    sample(&s).map(Ok)
                }
                Some(Err(e)) => Some(Err(EngineError::from(e))),
                None => None,
            };
            match item {
                Some(Ok(x)) => Some((Ok(x), pace)),
                Some(Err(e)) => {
                    pace.ended = true;
                    Some((Err(e), pace))
                }
                None => None,
            }
        })
    }
}

/// How often a list row's figures are read again ([`Engine::stats_glance`]). A row is a glance;
/// the container's Stats tab follows it each second.
pub const GLANCE_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_computed_like_docker_stats() {
        let s: ContainerStatsResponse = serde_json::from_value(serde_json::json!({
            "cpu_stats": {"cpu_usage": {"total_usage": 2_000_000_000u64}, "system_cpu_usage": 20_000_000_000u64, "online_cpus": 2},
            "precpu_stats": {"cpu_usage": {"total_usage": 1_000_000_000u64}, "system_cpu_usage": 10_000_000_000u64},
            "memory_stats": {"usage": 50_000_000u64, "limit": 100_000_000u64, "stats": {"cache": 12_000_000u64, "total_inactive_file": 10_000_000u64, "inactive_file": 1u64}},
            "pids_stats": {"current": 3}
        }))
        .unwrap();
        let x = sample(&s).unwrap();
        assert!((x.cpu_percent - 20.0).abs() < 1e-9, "{}", x.cpu_percent);
        assert_eq!(x.memory_bytes, 40_000_000.0);
        assert_eq!(x.memory_limit_bytes, 100_000_000.0);
        assert_eq!(x.pids, Some(3));
    }

    #[test]
    fn memory_is_usage_minus_inactive_file_as_the_cli_computes_it() {
        let st = |pairs: &[(&str, u64)]| -> std::collections::HashMap<String, u64> {
            pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
        };
        // cgroup v1: total_inactive_file, never `cache` (which holds active pages too).
        let v1 = st(&[
            ("cache", 900),
            ("total_inactive_file", 300),
            ("inactive_file", 200),
        ]);
        assert_eq!(memory_in_use(1000, Some(&v1)), 700);
        let v1_odd = st(&[("total_inactive_file", 2000), ("inactive_file", 200)]);
        assert_eq!(memory_in_use(1000, Some(&v1_odd)), 800);
        // cgroup v2: inactive_file.
        let v2 = st(&[("inactive_file", 250), ("file", 400)]);
        assert_eq!(memory_in_use(1000, Some(&v2)), 750);
        // More inactive cache than usage (the figures are read at different moments): usage.
        let odd = st(&[("inactive_file", 5000)]);
        assert_eq!(memory_in_use(1000, Some(&odd)), 1000);
        assert_eq!(memory_in_use(1000, Some(&st(&[("cache", 400)]))), 1000);
        assert_eq!(memory_in_use(1000, None), 1000);
    }

    #[test]
    fn cgroup_v2_uses_inactive_file_and_a_first_sample_has_no_cpu_yet() {
        let s: ContainerStatsResponse = serde_json::from_value(serde_json::json!({
            "cpu_stats": {"cpu_usage": {"total_usage": 5u64}, "system_cpu_usage": 100u64, "online_cpus": 4},
            "precpu_stats": {},
            "memory_stats": {"usage": 3000u64, "limit": 9000u64, "stats": {"inactive_file": 1000u64}}
        }))
        .unwrap();
        let x = sample(&s).unwrap();
        assert_eq!(x.memory_bytes, 2000.0);
        assert!(
            x.cpu_percent > 0.0,
            "deltas against an empty previous sample still count"
        );
        let stopped: ContainerStatsResponse =
            serde_json::from_value(serde_json::json!({})).unwrap();
        assert!(sample(&stopped).is_none());
    }

    fn fixture(json: &str) -> ContainerStatsResponse {
        serde_json::from_str(json).unwrap()
    }

    /// Written by hand from the Engine API's stats schema, as a cgroup v1 host answers.
    const V1: &str = include_str!("stats_samples/cgroup-v1.json");
    /// The same, as a cgroup v2 host answers (lowercase block ops, `inactive_file`, "max" pids).
    const V2: &str = include_str!("stats_samples/cgroup-v2.json");

    #[test]
    fn a_cgroup_v1_sample_gives_the_clis_figures() {
        let x = sample(&fixture(V1)).unwrap();
        // (2.5e9 - 2.0e9) / (40e9 - 36e9) × 4 CPUs × 100
        assert!((x.cpu_percent - 50.0).abs() < 1e-9, "{}", x.cpu_percent);
        assert_eq!(x.online_cpus, 4);
        // 100 MiB usage − 10 MiB total_inactive_file; of a 256 MiB limit.
        assert_eq!(x.memory_bytes, 94_371_840.0);
        assert_eq!(x.memory_limit_bytes, 268_435_456.0);
        assert!(
            (x.memory_percent - 35.156_25).abs() < 1e-9,
            "{}",
            x.memory_percent
        );
        // eth0 + eth1.
        assert_eq!((x.net_rx_bytes, x.net_tx_bytes), (1500.0, 2250.0));
        // Read and Write of both devices; Sync, Async, Discard and Total are not added.
        assert_eq!((x.block_read_bytes, x.block_write_bytes), (5120.0, 8192.0));
        assert_eq!((x.pids, x.pids_limit), (Some(5), Some(100.0)));
        assert_eq!(x.read_at_ms, 1_796_032_802_000.0);
        assert_eq!(x.net_rx_per_second, 0.0, "a first sample has no rate");
    }

    #[test]
    fn a_cgroup_v2_sample_gives_the_clis_figures() {
        let x = sample(&fixture(V2)).unwrap();
        // (3e9 - 1e9) / (22e9 - 12e9) × 2 CPUs × 100
        assert!((x.cpu_percent - 40.0).abs() < 1e-9, "{}", x.cpu_percent);
        // 50 MiB usage − 12 MiB inactive_file = 38 MiB; of 128 MiB.
        assert_eq!(x.memory_bytes, 39_845_888.0);
        assert!(
            (x.memory_percent - 29.687_5).abs() < 1e-9,
            "{}",
            x.memory_percent
        );
        assert_eq!((x.net_rx_bytes, x.net_tx_bytes), (4096.0, 1024.0));
        // Lowercase ops.
        assert_eq!(
            (x.block_read_bytes, x.block_write_bytes),
            (65_536.0, 131_072.0)
        );
        // "max" pids: no limit.
        assert_eq!((x.pids, x.pids_limit), (Some(2), None));
    }

    #[test]
    fn cpus_come_from_the_per_cpu_list_when_online_cpus_is_missing() {
        let mut s = fixture(V1);
        if let Some(c) = s.cpu_stats.as_mut() {
            c.online_cpus = None;
        }
        let x = sample(&s).unwrap();
        assert_eq!(x.online_cpus, 4);
        assert!((x.cpu_percent - 50.0).abs() < 1e-9);
    }

    #[test]
    fn rates_are_growth_over_the_time_between_readings() {
        let first = sample(&fixture(V1)).unwrap();
        let mut later = first.clone();
        later.read_at_ms += 2000.0;
        later.net_rx_bytes += 4000.0;
        later.net_tx_bytes += 1000.0;
        later.block_read_bytes += 10_000.0;
        later.block_write_bytes -= 1.0;
        let mut rates = Rates::default();
        assert_eq!(rates.next(first).net_rx_per_second, 0.0);
        let x = rates.next(later);
        assert_eq!(x.net_rx_per_second, 2000.0);
        assert_eq!(x.net_tx_per_second, 500.0);
        assert_eq!(x.block_read_per_second, 5000.0);
        assert_eq!(
            x.block_write_per_second, 0.0,
            "a counter that fell is not a negative rate"
        );
    }
}
