//! The restart policy (`--restart no|always|unless-stopped|on-failure[:N]`), shared by
//! `docker run` and `docker update`.

use super::{problem, Problems};

/// A valid restart policy: its name and, for on-failure, how many retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestartPolicy {
    pub name: String,
    pub max_retries: Option<u32>,
}

/// The policy typed (empty means `no`), or an empty name with a problem on `restart`.
pub fn restart(text: &str, errs: &mut Problems) -> RestartPolicy {
    let restart = text.trim();
    let (policy, retries) = match restart.split_once(':') {
        Some((p, n)) => (p, Some(n)),
        None => (restart, None),
    };
    let plain = |name: &str| RestartPolicy {
        name: name.into(),
        max_retries: None,
    };
    match (policy, retries) {
        ("" | "no", None) => plain("no"),
        ("always" | "unless-stopped" | "on-failure", None) => plain(policy),
        ("on-failure", Some(n)) => match n.trim().parse::<u32>() {
            Ok(n) => RestartPolicy {
                name: policy.into(),
                max_retries: Some(n),
            },
            Err(_) => {
                problem(
                    errs,
                    "restart",
                    format!("`{n}` is not a number of retries: write on-failure:3"),
                );
                plain("")
            }
        },
        _ => {
            problem(errs, "restart", format!(
                "restart policy `{restart}` is not one of no, always, unless-stopped, on-failure or on-failure:N"
            ));
            plain("")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_and_retries() {
        let mut errs = Problems::new();
        assert_eq!(restart("", &mut errs).name, "no");
        assert_eq!(restart(" always ", &mut errs).name, "always");
        let p = restart("on-failure:3", &mut errs);
        assert_eq!((p.name.as_str(), p.max_retries), ("on-failure", Some(3)));
        assert!(errs.is_empty());
        restart("on-failure:x", &mut errs);
        restart("sometimes", &mut errs);
        restart("always:2", &mut errs);
        assert_eq!(errs.len(), 3);
        assert!(errs.iter().all(|e| e.field == "restart"));
        assert!(errs[0].message.contains("on-failure:3"));
        assert!(errs[1].message.contains("not one of"));
    }
}
