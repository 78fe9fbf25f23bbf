//! Parking: while a recreate starts the new container, the old one waits under a name that
//! says whose it is (`web-tugboat-old-01234567`), so that a Tugboat closed half-way leaves a
//! container whose details can offer its name back. Both the recreate (which parks) and the
//! inspect view (which recognises a parked container) use these names; neither depends on
//! the other.

/// The name the old container is parked under while its replacement starts.
pub fn parked_name(name: &str, id: &str) -> String {
    format!("{name}{PARKED}{}", parked_tag(id))
}

const PARKED: &str = "-tugboat-old-";

fn parked_tag(id: &str) -> String {
    id.chars().take(8).collect()
}

/// The name a parked container had, if `name` is [`parked_name`] of it: the id in the name
/// must be its own, so a container merely named like that is not taken for one.
pub fn parked_from(name: &str, id: &str) -> Option<String> {
    let original = name.strip_suffix(&parked_tag(id))?.strip_suffix(PARKED)?;
    (!original.is_empty() && id.len() >= 8).then(|| original.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parked_container_is_known_by_its_own_id_in_its_name() {
        let id = "0123456789abcdef";
        let parked = parked_name("web", id);
        assert_eq!(parked, "web-tugboat-old-01234567");
        assert_eq!(parked_from(&parked, id).as_deref(), Some("web"));
        assert_eq!(
            parked_from("my-tugboat-old-app-tugboat-old-01234567", id).as_deref(),
            Some("my-tugboat-old-app")
        );
        // Another container's id, no original name, or no tag at all: not parked.
        assert_eq!(parked_from(&parked, "fedcba9876543210"), None);
        assert_eq!(parked_from("-tugboat-old-01234567", id), None);
        assert_eq!(parked_from("web", id), None);
    }
}
