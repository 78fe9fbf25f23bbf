//! Names as Compose v2 makes them: the project name, and the engine names of a service's
//! containers and of the project's networks and volumes.

/// The project name Compose v2 would use for `raw` (a `-p`, a `name:` or a folder name):
/// lowercased, characters other than `[a-z0-9_-]` dropped, and leading characters that are not
/// a letter or digit dropped. `None` when nothing is left.
pub fn normalise_project(raw: &str) -> Option<String> {
    let kept: String = raw
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    let trimmed = kept.trim_start_matches(['_', '-']);
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Whether `name` is already a valid project name (what `-p` must be, as Compose checks).
pub fn is_valid_project(name: &str) -> bool {
    normalise_project(name).as_deref() == Some(name)
}

/// The name of replica `number` (1-based) of `service`: `<project>-<service>-<n>`.
pub fn container_name(project: &str, service: &str, number: u32) -> String {
    format!("{project}-{service}-{number}")
}

/// The engine name of a project network or volume `key`: `<project>_<key>`.
pub fn scoped_name(project: &str, key: &str) -> String {
    format!("{project}_{key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_follow_compose_v2() {
        assert_eq!(normalise_project("My App").as_deref(), Some("myapp"));
        assert_eq!(normalise_project("_x.y-Z").as_deref(), Some("xy-z"));
        assert_eq!(normalise_project("--"), None);
        assert!(is_valid_project("web_1-a"));
        assert!(!is_valid_project("Web"));
        assert!(!is_valid_project("-web"));
    }

    #[test]
    fn engine_names() {
        assert_eq!(container_name("shop", "web", 2), "shop-web-2");
        assert_eq!(scoped_name("shop", "default"), "shop_default");
    }
}
