//! Live resource figures for one container, computed the way `docker stats` computes them.
//! Streams are opened only for what is on screen; each sample costs the engine a cgroup read.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::models::ContainerStatsResponse;
use bollard::query_parameters::StatsOptions;
use futures_util::{Stream, StreamExt};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatsSample {
    /// Percent of one CPU (200 = two CPUs busy), as `docker stats` shows it.
    pub cpu_percent: f64,
    /// Memory in use, without the page cache the kernel can drop (as `docker stats`).
    pub memory_bytes: f64,
    pub memory_limit_bytes: f64,
    pub pids: Option<u32>,
}

/// `docker stats` arithmetic: CPU from the deltas between this sample and the previous one
/// the engine includes (`precpu_stats`); memory as [`memory_in_use`]. None for a sample
/// without figures (a stopped container).
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
    let cpus = cpu
        .online_cpus
        .map(f64::from)
        .or_else(|| {
            cpu.cpu_usage
                .as_ref()?
                .percpu_usage
                .as_ref()
                .map(|v| v.len() as f64)
        })
        .unwrap_or(1.0);
    let (cpu_delta, system_delta) = (total - pre_total, system - pre_system);
    let cpu_percent = if cpu_delta > 0.0 && system_delta > 0.0 {
        cpu_delta / system_delta * cpus * 100.0
    } else {
        0.0
    };
    Some(StatsSample {
        cpu_percent,
        memory_bytes: memory_in_use(mem.usage?, mem.stats.as_ref()) as f64,
        memory_limit_bytes: mem.limit.unwrap_or(0) as f64,
        pids: s
            .pids_stats
            .as_ref()
            .and_then(|p| p.current)
            .map(|c| c as u32),
    })
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
    /// One sample a second until the container stops or the stream is dropped.
    pub fn stats(
        &self,
        id: &str,
    ) -> impl Stream<Item = Result<StatsSample, EngineError>> + Send + 'static {
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
    }
}

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
}
