//! The health check (`--health-cmd` and its timings): a command the engine runs inside the
//! container to decide whether it is healthy.

use super::{opt, problem, Problems};
use crate::spec::HealthSpec;
use crate::values;

/// A health check as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct HealthFields<'a> {
    pub command: &'a str,
    /// Run the command without a shell (its words split as a shell would).
    pub exec: bool,
    pub interval: &'a str,
    pub timeout: &'a str,
    pub retries: &'a str,
    pub start_period: &'a str,
}

/// The check, if a command is given; problems are on `healthCmd`, `healthInterval`,
/// `healthTimeout`, `healthRetries` and `healthStartPeriod`.
pub fn health(h: HealthFields<'_>, errs: &mut Problems) -> Option<HealthSpec> {
    let any_timing = [h.interval, h.timeout, h.retries, h.start_period]
        .iter()
        .any(|v| !v.trim().is_empty());
    let Some(command) = opt(h.command) else {
        if any_timing {
            problem(errs, "healthCmd", "timings need a health command to run");
        }
        return None;
    };
    let exec = if h.exec {
        match shell_words::split(&command) {
            Ok(words) if !words.is_empty() => Some(words),
            _ => {
                problem(
                    errs,
                    "healthCmd",
                    "a health check run without a shell needs a program and its arguments, \
                     quoted as a shell would (`wget -q -O- localhost`)",
                );
                None
            }
        }
    } else {
        None
    };
    let mut spec = HealthSpec {
        command,
        exec,
        interval_ns: None,
        timeout_ns: None,
        retries: None,
        start_period_ns: None,
    };
    match values::duration_ns(h.interval, "interval") {
        Ok(v) => spec.interval_ns = v,
        Err(m) => problem(errs, "healthInterval", m),
    }
    match values::duration_ns(h.timeout, "timeout") {
        Ok(v) => spec.timeout_ns = v,
        Err(m) => problem(errs, "healthTimeout", m),
    }
    match values::duration_ns(h.start_period, "start period") {
        Ok(v) => spec.start_period_ns = v,
        Err(m) => problem(errs, "healthStartPeriod", m),
    }
    if let Some(r) = opt(h.retries) {
        match r.parse::<u32>() {
            Ok(v) => spec.retries = Some(v),
            Err(_) => problem(
                errs,
                "healthRetries",
                format!("`{r}` is not a whole number of retries"),
            ),
        }
    }
    Some(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_with_timings_and_the_problems_of_each() {
        let mut errs = Problems::new();
        let h = health(
            HealthFields {
                command: "wget -q -O- localhost",
                interval: "30s",
                retries: "3",
                ..Default::default()
            },
            &mut errs,
        )
        .unwrap();
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(h.interval_ns, Some(30_000_000_000));
        assert_eq!((h.retries, h.exec), (Some(3), None));

        let exec = HealthFields {
            command: "wget -q -O- localhost",
            exec: true,
            ..Default::default()
        };
        assert_eq!(health(exec, &mut errs).unwrap().exec.unwrap().len(), 4);

        assert!(health(
            HealthFields {
                interval: "5s",
                ..Default::default()
            },
            &mut errs
        )
        .is_none());
        health(
            HealthFields {
                command: "true",
                interval: "soon",
                timeout: "x",
                retries: "many",
                start_period: "later",
                ..Default::default()
            },
            &mut errs,
        );
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "healthCmd",
                "healthInterval",
                "healthTimeout",
                "healthStartPeriod",
                "healthRetries"
            ]
        );
    }
}
