//! `docker update`: the limits and restart policy a container can change in place. Everything
//! else (ports, volumes, environment…) is fixed at creation and needs a new container.

use crate::form::FieldError;
use crate::validate::limits::{Limits, LimitsForm};
use crate::validate::{self, Problems};
use serde::{Deserialize, Serialize};

/// The fields of `docker update`, as typed. Empty means "leave as it is".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateForm {
    pub restart: String,
    /// The run form's limits (flattened: the same JSON fields as before).
    #[serde(flatten)]
    pub limits: LimitsForm,
}

/// A validated update: only what the user set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateSpec {
    pub restart: Option<String>,
    pub restart_max_retries: Option<u32>,
    #[serde(flatten)]
    pub limits: Limits,
}

impl UpdateForm {
    /// The same rules (and messages) as the run form's fields of the same names: both use
    /// the `restart` and `limits` sections.
    pub fn validate(&self) -> Result<UpdateSpec, Vec<FieldError>> {
        let mut errs = Problems::new();
        let restart = validate::restart::restart(&self.restart, &mut errs);
        let mut limits = self.limits.validate(&mut errs);
        if !errs.is_empty() {
            return Err(errs);
        }
        // The engine refuses a new memory limit on a running container unless memory+swap
        // changes with it ("should be smaller than already set memoryswap limit"), the docker
        // CLI included. Unless the user set one, it goes with unlimited swap (-1), and the
        // command shown says so.
        limits.memory_swap = limits.memory_swap.or(limits.memory.map(|_| -1));
        let spec = UpdateSpec {
            restart: (!self.restart.trim().is_empty()).then_some(restart.name),
            restart_max_retries: restart.max_retries,
            limits,
        };
        if spec == UpdateSpec::default() {
            return Err(vec![FieldError::new("", "change at least one value")]);
        }
        Ok(spec)
    }
}

impl UpdateSpec {
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
        self.limits.push_flags(&mut v);
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
            restart: "unless-stopped".into(),
            limits: LimitsForm {
                memory: "256m".into(),
                ..Default::default()
            },
        }
        .validate()
        .unwrap();
        assert_eq!(u.limits.memory, Some(256 << 20));
        assert_eq!(u.limits.cpus, None);
        assert_eq!(
            shell_words::join(u.argv("web")),
            "docker update --restart unless-stopped -m 256m --memory-swap -1 web"
        );
        let with_swap = UpdateForm {
            limits: LimitsForm {
                memory: "256m".into(),
                memory_swap: "1g".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(
            with_swap.validate().unwrap().limits.memory_swap,
            Some(1 << 30)
        );
    }

    #[test]
    fn errors_are_the_run_forms_and_nothing_set_is_refused() {
        let e = UpdateForm {
            limits: LimitsForm {
                memory: "4m".into(),
                ..Default::default()
            },
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e[0].field, "memory");
        assert!(e[0].message.contains("minimum of 6 MB"));
        let e = UpdateForm::default().validate().unwrap_err();
        assert!(e[0].message.contains("at least one"));
    }

    #[test]
    fn run_and_update_give_the_same_errors_for_the_same_limits() {
        use crate::form::RunForm;
        let cases = [
            LimitsForm {
                memory: "4m".into(),
                ..Default::default()
            },
            LimitsForm {
                memory: "64m".into(),
                memory_reservation: "128m".into(),
                memory_swap: "32m".into(),
                ..Default::default()
            },
            LimitsForm {
                memory_swap: "1g".into(),
                cpus: "2 cores".into(),
                cpu_shares: "1".into(),
                pids_limit: "-5".into(),
                ..Default::default()
            },
        ];
        for limits in cases {
            let run = RunForm {
                image: "busybox".into(),
                limits: limits.clone(),
                ..Default::default()
            }
            .validate()
            .unwrap_err();
            let update = UpdateForm {
                limits: limits.clone(),
                ..Default::default()
            }
            .validate()
            .unwrap_err();
            assert!(!run.is_empty());
            assert_eq!(run, update, "{limits:?}");
        }
    }

    #[test]
    fn the_limits_travel_as_the_forms_own_fields() {
        let form = UpdateForm {
            restart: "always".into(),
            limits: LimitsForm {
                cpus: "2".into(),
                ..Default::default()
            },
        };
        let json = serde_json::to_value(&form).unwrap();
        assert_eq!(json["cpus"], "2");
        assert_eq!(json["pidsLimit"], "");
        assert_eq!(serde_json::from_value::<UpdateForm>(json).unwrap(), form);
        let run = serde_json::to_value(crate::form::RunForm::default()).unwrap();
        assert_eq!(run["memorySwap"], "");
        assert!(run.get("limits").is_none());
    }
}
