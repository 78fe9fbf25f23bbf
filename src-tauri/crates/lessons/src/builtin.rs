//! The lessons that come with the app, in the order the tutorial teaches them. Each is a
//! lesson file like a teacher's (builtin/*.toml), read by the same reader; a unit test reads
//! them all, so a broken one fails the build's tests, not a user's first lesson.

/// `(id, file text)`, in order.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "first-container",
        include_str!("../builtin/first-container.toml"),
    ),
    ("background", include_str!("../builtin/background.toml")),
    ("ports", include_str!("../builtin/ports.toml")),
    ("limits", include_str!("../builtin/limits.toml")),
    ("namespaces", include_str!("../builtin/namespaces.toml")),
    ("storage", include_str!("../builtin/storage.toml")),
    ("images", include_str!("../builtin/images.toml")),
    ("dockerfiles", include_str!("../builtin/dockerfiles.toml")),
    ("networks", include_str!("../builtin/networks.toml")),
    ("registries", include_str!("../builtin/registries.toml")),
    ("compose", include_str!("../builtin/compose.toml")),
    ("swarm", include_str!("../builtin/swarm.toml")),
];

/// A built-in lesson's file text.
pub fn builtin_text(id: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_lesson, Check};

    #[test]
    fn every_builtin_lesson_reads_and_names_what_it_makes_learn_something() {
        for (id, text) in BUILTIN {
            let lesson = read_lesson(text).unwrap_or_else(|e| panic!("{id}: {e:?}"));
            assert_eq!(&lesson.id, id);
            assert!(
                (5..=10).contains(&lesson.steps.len()),
                "{id}: {} steps",
                lesson.steps.len()
            );
            let m = &lesson.makes;
            for name in m
                .containers
                .iter()
                .chain(&m.volumes)
                .chain(&m.networks)
                .chain(&m.services)
            {
                assert!(name.starts_with("learn-"), "{id}: {name}");
            }
            // Every step that changes the engine is checked (the reader sees to that); each
            // lesson has such steps, so it is done on the engine and not only read.
            let checked = lesson
                .steps
                .iter()
                .filter(|s| !matches!(s.check, Check::Look))
                .count();
            assert!(checked >= 2, "{id}");
        }
        // The registries lesson says before it starts that it runs a registry's image too.
        let registries = read_lesson(builtin_text("registries").unwrap()).unwrap();
        assert_eq!(registries.also_runs, ["registry:2"]);
        let first = read_lesson(builtin_text("first-container").unwrap()).unwrap();
        assert!(first.also_runs.is_empty());
    }
}
