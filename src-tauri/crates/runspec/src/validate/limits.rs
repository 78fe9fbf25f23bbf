//! Resource limits (`-m`, `--memory-reservation`, `--memory-swap`, `--cpus`, `--cpu-shares`,
//! `--pids-limit`): one form and one spec, embedded in both `docker run` and `docker update`,
//! so the two check the same values with the same words and say them with the same flags.

use super::{opt, problem, Problems};
use crate::values::{self, size_text, MIN_MEMORY};
use serde::{Deserialize, Serialize};

/// The limits as typed. Empty means no limit (run) or "leave as it is" (update).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LimitsForm {
    pub memory: String,
    pub memory_reservation: String,
    pub memory_swap: String,
    pub cpus: String,
    pub cpu_shares: String,
    pub pids_limit: String,
}

/// Valid limits: only what was set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    #[specta(type = Option<f64>)]
    pub memory: Option<i64>,
    #[specta(type = Option<f64>)]
    pub memory_reservation: Option<i64>,
    /// -1: unlimited swap.
    #[specta(type = Option<f64>)]
    pub memory_swap: Option<i64>,
    /// CPUs as the user wrote them (`1.5`); the engine gets nano-CPUs.
    pub cpus: Option<String>,
    #[specta(type = Option<f64>)]
    pub cpu_shares: Option<i64>,
    #[specta(type = Option<f64>)]
    pub pids_limit: Option<i64>,
}

impl LimitsForm {
    /// The limits set, with problems on `memory`, `memoryReservation`, `memorySwap`, `cpus`,
    /// `cpuShares` and `pidsLimit` (the form's own field names).
    pub fn validate(&self, errs: &mut Problems) -> Limits {
        let mut l = Limits::default();
        match values::size(&self.memory, "memory") {
            Ok(Some(m)) if m < MIN_MEMORY => problem(
                errs,
                "memory",
                format!(
                    "memory {} is below the engine's minimum of 6 MB",
                    self.memory.trim()
                ),
            ),
            Ok(m) => l.memory = m,
            Err(m) => problem(errs, "memory", m),
        }
        match values::size(&self.memory_reservation, "memory reservation") {
            Ok(Some(r)) if l.memory.is_some_and(|m| r > m) => problem(
                errs,
                "memoryReservation",
                "the reservation (a soft limit) must be smaller than the memory limit",
            ),
            Ok(r) => l.memory_reservation = r,
            Err(m) => problem(errs, "memoryReservation", m),
        }
        match self.memory_swap.trim() {
            "" => {}
            "-1" => l.memory_swap = Some(-1),
            s => match values::size(s, "memory + swap") {
                Ok(Some(_)) if l.memory.is_none() => {
                    problem(errs, "memorySwap", "memory + swap needs a memory limit too")
                }
                Ok(Some(v)) if l.memory.is_some_and(|m| v < m) => problem(
                    errs,
                    "memorySwap",
                    "memory + swap counts memory too, so it must be at least the memory limit",
                ),
                Ok(v) => l.memory_swap = v,
                Err(m) => problem(errs, "memorySwap", m),
            },
        }
        if let Some(c) = opt(&self.cpus) {
            match c.parse::<f64>() {
                Ok(v)
                    if v > 0.0
                        && v <= 1024.0
                        && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.') =>
                {
                    l.cpus = Some(c)
                }
                _ => problem(
                    errs,
                    "cpus",
                    format!("`{c}` is not a number of CPUs: use a number above 0, like 0.5 or 2"),
                ),
            }
        }
        if let Some(s) = opt(&self.cpu_shares) {
            match s.parse::<i64>() {
                Ok(v) if (2..=262_144).contains(&v) => l.cpu_shares = Some(v),
                _ => problem(errs, "cpuShares", format!("`{s}` is not a valid weight: use a whole number from 2 to 262144 (1024 is normal)")),
            }
        }
        if let Some(s) = opt(&self.pids_limit) {
            match s.parse::<i64>() {
                Ok(v) if v >= -1 => l.pids_limit = Some(v),
                _ => problem(
                    errs,
                    "pidsLimit",
                    format!("`{s}` is not a process count: use a whole number, or -1 for no limit"),
                ),
            }
        }
        l
    }
}

impl Limits {
    /// CPUs in the engine's unit (billionths of a CPU).
    pub fn nano_cpus(&self) -> Option<i64> {
        values::nano_cpus(self.cpus.as_deref())
    }

    /// Appends the limits as flags, in the order both commands use.
    pub fn push_flags(&self, v: &mut Vec<String>) {
        let mut kv = |k: &str, val: String| {
            v.push(k.to_owned());
            v.push(val);
        };
        if let Some(m) = self.memory {
            kv("-m", size_text(m));
        }
        if let Some(m) = self.memory_reservation {
            kv("--memory-reservation", size_text(m));
        }
        if let Some(m) = self.memory_swap {
            kv(
                "--memory-swap",
                if m < 0 { "-1".into() } else { size_text(m) },
            );
        }
        if let Some(c) = &self.cpus {
            kv("--cpus", c.clone());
        }
        if let Some(c) = self.cpu_shares {
            kv("--cpu-shares", c.to_string());
        }
        if let Some(p) = self.pids_limit {
            kv("--pids-limit", p.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(f: LimitsForm) -> (Limits, Vec<(String, String)>) {
        let mut errs = Problems::new();
        let l = f.validate(&mut errs);
        (l, errs.into_iter().map(|e| (e.field, e.message)).collect())
    }

    #[test]
    fn set_limits_are_typed_and_said_as_flags() {
        let (l, errs) = checked(LimitsForm {
            memory: "256m".into(),
            memory_reservation: "128m".into(),
            memory_swap: "-1".into(),
            cpus: "1.5".into(),
            cpu_shares: "512".into(),
            pids_limit: "100".into(),
        });
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(l.memory, Some(256 << 20));
        assert_eq!(l.nano_cpus(), Some(1_500_000_000));
        let mut v = Vec::new();
        l.push_flags(&mut v);
        assert_eq!(
            v.join(" "),
            "-m 256m --memory-reservation 128m --memory-swap -1 --cpus 1.5 --cpu-shares 512 --pids-limit 100"
        );
        assert_eq!(checked(LimitsForm::default()).0, Limits::default());
    }

    #[test]
    fn each_bad_limit_is_on_its_own_field() {
        let (_, errs) = checked(LimitsForm {
            memory: "4m".into(),
            memory_reservation: "lots".into(),
            memory_swap: "1g".into(),
            cpus: "-1".into(),
            cpu_shares: "1".into(),
            pids_limit: "-2".into(),
        });
        let fields: Vec<&str> = errs.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "memory",
                "memoryReservation",
                "memorySwap",
                "cpus",
                "cpuShares",
                "pidsLimit"
            ]
        );
        assert!(errs[0].1.contains("minimum of 6 MB"));
        assert!(errs[2].1.contains("needs a memory limit"));
        let (_, errs) = checked(LimitsForm {
            memory: "64m".into(),
            memory_reservation: "128m".into(),
            memory_swap: "32m".into(),
            ..Default::default()
        });
        assert!(errs[0].1.contains("smaller than the memory limit"));
        assert!(errs[1].1.contains("at least the memory limit"));
    }
}
