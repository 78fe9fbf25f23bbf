//! Small readings of `docker inspect` that several container operations share (the inspect
//! view, the recreate), kept in a leaf module so those operations do not depend on each other.

/// A container's name from `docker inspect`, without the engine's leading `/`.
pub fn inspected_name(c: &bollard::models::ContainerInspectResponse) -> String {
    c.name
        .as_deref()
        .unwrap_or_default()
        .trim_start_matches('/')
        .to_owned()
}

/// Whether `docker inspect` says the container's main process is running.
pub fn inspected_running(c: &bollard::models::ContainerInspectResponse) -> bool {
    c.state.as_ref().and_then(|s| s.running).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::{ContainerInspectResponse, ContainerState};

    #[test]
    fn the_name_loses_its_slash_and_a_missing_state_is_not_running() {
        let c = ContainerInspectResponse {
            name: Some("/web".into()),
            ..Default::default()
        };
        assert_eq!(inspected_name(&c), "web");
        assert!(!inspected_running(&c));
        let running = ContainerInspectResponse {
            state: Some(ContainerState {
                running: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(inspected_running(&running));
        assert_eq!(inspected_name(&running), "");
    }
}
