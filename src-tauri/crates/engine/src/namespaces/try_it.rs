//! The "try it" container of the cgroups card: a shell that doubles a string until the kernel
//! kills it for passing its memory limit. It is an ordinary run form, so the app runs it through
//! the same code (and shows the same `docker run` line) as the run form would.

use tugboat_runspec::form::LabelRow;
use tugboat_runspec::validate::limits::LimitsForm;
use tugboat_runspec::RunForm;

/// The label that marks a container as made by this "try it", so it can be found and removed.
pub const TRY_IT_LABEL: &str = "dev.tugboat.try-it";

/// The memory limit: small enough to be reached in about a second.
pub const OOM_MEMORY: &str = "32m";

/// A command that only grows: each turn doubles the string the shell holds.
pub const MEMORY_HOG: &str = "sh -c 'x=a; while :; do x=$x$x; done'";

/// `docker run --name <name> -m 32m --memory-swap 32m --label dev.tugboat.try-it=oom <image>
/// sh -c '…'`. Swap is capped at the same figure, so the limit cannot be stretched by swapping
/// and the kill comes at once.
pub fn oom_try_it(name: &str, image: &str) -> RunForm {
    RunForm {
        image: image.to_owned(),
        name: name.to_owned(),
        command: MEMORY_HOG.to_owned(),
        limits: LimitsForm {
            memory: OOM_MEMORY.to_owned(),
            memory_swap: OOM_MEMORY.to_owned(),
            ..Default::default()
        },
        labels: vec![LabelRow {
            key: TRY_IT_LABEL.to_owned(),
            value: "oom".to_owned(),
        }],
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tugboat_runspec::argv::command_line;

    #[test]
    fn the_form_is_a_valid_run_with_the_limit_and_label() {
        let spec = oom_try_it("oom-demo", "busybox").validate().unwrap();
        let line = command_line(&spec.argv());
        for part in [
            "--name oom-demo",
            "-m 32m",
            "--memory-swap 32m",
            "dev.tugboat.try-it=oom",
            "busybox sh -c",
        ] {
            assert!(line.contains(part), "{part} in {line}");
        }
        assert_eq!(spec.limits.memory, Some(32 * 1024 * 1024));
    }
}
