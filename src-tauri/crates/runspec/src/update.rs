//! `docker update`: the limits and restart policy a container can change in place. Everything
//! else (ports, volumes, environment…) is fixed at creation and needs a new container.

use crate::form::{FieldError, RunForm};
use crate::values;
use serde::{Deserialize, Serialize};

/// The fields of `docker update`, as typed. Empty means "leave as it is".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateForm {
    pub restart: String,
    pub memory: String,
    pub memory_reservation: String,
    pub memory_swap: String,
    pub cpus: String,
    pub cpu_shares: String,
    pub pids_limit: String,
}

/// A validated update: only what the user set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateSpec {
    pub restart: Option<String>,
    pub restart_max_retries: Option<u32>,
    #[specta(type = Option<f64>)]
    pub memory: Option<i64>,
    #[specta(type = Option<f64>)]
    pub memory_reservation: Option<i64>,
    #[specta(type = Option<f64>)]
    pub memory_swap: Option<i64>,
    pub cpus: Option<String>,
    #[specta(type = Option<f64>)]
    pub cpu_shares: Option<i64>,
    #[specta(type = Option<f64>)]
    pub pids_limit: Option<i64>,
}

impl UpdateForm {
    /// The same rules (and messages) as the run form's fields of the same names.
    pub fn validate(&self) -> Result<UpdateSpec, Vec<FieldError>> {
        let as_run = RunForm {
            image: "placeholder".into(),
            restart: self.restart.clone(),
            memory: self.memory.clone(),
            memory_reservation: self.memory_reservation.clone(),
            memory_swap: self.memory_swap.clone(),
            cpus: self.cpus.clone(),
            cpu_shares: self.cpu_shares.clone(),
            pids_limit: self.pids_limit.clone(),
            ..Default::default()
        };
        let spec = as_run.validate()?;
        let spec = UpdateSpec {
            restart: (!self.restart.trim().is_empty()).then_some(spec.restart),
            restart_max_retries: spec.restart_max_retries,
            memory: spec.memory,
            memory_reservation: spec.memory_reservation,
            // The engine refuses a new memory limit on a running container unless memory+swap
            // changes with it ("should be smaller than already set memoryswap limit"), the
            // docker CLI included. Unless the user set one, it goes with unlimited swap (-1),
            // and the command shown says so.
            memory_swap: spec.memory_swap.or(spec.memory.map(|_| -1)),
            cpus: spec.cpus,
            cpu_shares: spec.cpu_shares,
            pids_limit: spec.pids_limit,
        };
        if spec == UpdateSpec::default() {
            return Err(vec![FieldError::new("", "change at least one value")]);
        }
        Ok(spec)
    }
}

impl UpdateSpec {
    pub fn nano_cpus(&self) -> Option<i64> {
        values::nano_cpus(self.cpus.as_deref())
    }

    /// The `docker update` command for `target`.
    pub fn argv(&self, target: &str) -> Vec<String> {
        let mut v: Vec<String> = vec!["docker".into(), "update".into()];
        let mut kv = |k: &str, val: String| {
            v.push(k.into());
            v.push(val);
        };
        if let Some(r) = &self.restart {
            kv(
                "--restart",
                match self.restart_max_retries {
                    Some(n) => format!("{r}:{n}"),
                    None => r.clone(),
                },
            );
        }
        values::Limits {
            memory: self.memory,
            memory_reservation: self.memory_reservation,
            memory_swap: self.memory_swap,
            cpus: self.cpus.as_deref(),
            cpu_shares: self.cpu_shares,
            pids_limit: self.pids_limit,
        }
        .push_flags(&mut v);
        v.push(target.to_owned());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_was_set_is_updated_and_said() {
        let u = UpdateForm {
            memory: "256m".into(),
            restart: "unless-stopped".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(u.memory, Some(256 << 20));
        assert_eq!(u.cpus, None);
        assert_eq!(
            shell_words::join(u.argv("web")),
            "docker update --restart unless-stopped -m 256m --memory-swap -1 web"
        );
        let with_swap = UpdateForm {
            memory: "256m".into(),
            memory_swap: "1g".into(),
            ..Default::default()
        };
        assert_eq!(with_swap.validate().unwrap().memory_swap, Some(1 << 30));
    }

    #[test]
    fn errors_are_the_run_forms_and_nothing_set_is_refused() {
        let e = UpdateForm {
            memory: "4m".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e[0].field, "memory");
        assert!(e[0].message.contains("minimum of 6 MB"));
        let e = UpdateForm::default().validate().unwrap_err();
        assert!(e[0].message.contains("at least one"));
    }
}
