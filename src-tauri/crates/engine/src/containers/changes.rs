//! `docker diff`: what a container changed in its writable layer, as a tree of paths with the
//! kind of each change and, for each folder, how many changes lie under it.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::models::{ChangeType, FilesystemChange};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// `A`: a path the image did not have.
    Added,
    /// `C`: a path of the image changed (copied up into the container's layer first).
    Changed,
    /// `D`: a path of the image removed (hidden by a whiteout in the container's layer).
    Deleted,
}

impl ChangeKind {
    fn from_engine(kind: ChangeType) -> Self {
        match kind {
            ChangeType::_0 => ChangeKind::Changed,
            ChangeType::_1 => ChangeKind::Added,
            ChangeType::_2 => ChangeKind::Deleted,
        }
    }
}

/// One path of the tree. `kind` is None for a folder the engine did not list itself (only its
/// contents changed). Counts are of the changes under it, itself excluded.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChangeNode {
    pub name: String,
    /// The whole path, from `/`.
    pub path: String,
    pub kind: Option<ChangeKind>,
    pub children: Vec<ChangeNode>,
    pub added: u32,
    pub changed: u32,
    pub deleted: u32,
}

/// The whole answer: the root's children, and counts over every path listed.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContainerChanges {
    pub roots: Vec<ChangeNode>,
    pub added: u32,
    pub changed: u32,
    pub deleted: u32,
}

impl ChangeNode {
    fn new(name: &str, path: String) -> Self {
        ChangeNode {
            name: name.to_owned(),
            path,
            kind: None,
            children: Vec::new(),
            added: 0,
            changed: 0,
            deleted: 0,
        }
    }

    fn count(&mut self, kind: ChangeKind) {
        match kind {
            ChangeKind::Added => self.added += 1,
            ChangeKind::Changed => self.changed += 1,
            ChangeKind::Deleted => self.deleted += 1,
        }
    }
}

/// Builds the tree from the engine's flat list (in any order). Children are sorted by name.
pub fn change_tree(changes: &[(String, ChangeKind)]) -> ContainerChanges {
    let mut root = ChangeNode::new("", String::new());
    for (path, kind) in changes {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if parts.is_empty() {
            continue;
        }
        root.count(*kind);
        let mut node = &mut root;
        let mut at = String::new();
        for (depth, part) in parts.iter().enumerate() {
            at = format!("{at}/{part}");
            let i = match node.children.iter().position(|c| c.name == *part) {
                Some(i) => i,
                None => {
                    node.children.push(ChangeNode::new(part, at.clone()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[i];
            // A folder counts the changes under it; the changed path itself is not under it.
            if depth + 1 < parts.len() {
                node.count(*kind);
            }
        }
        node.kind = Some(*kind);
    }
    sort(&mut root.children);
    ContainerChanges {
        added: root.added,
        changed: root.changed,
        deleted: root.deleted,
        roots: root.children,
    }
}

fn sort(nodes: &mut [ChangeNode]) {
    nodes.sort_by(|a, b| a.name.cmp(&b.name));
    for n in nodes {
        sort(&mut n.children);
    }
}

impl Engine {
    /// `docker diff`: works on running and stopped containers alike.
    pub async fn changes(&self, id: &str) -> Result<ContainerChanges, EngineError> {
        let listed: Vec<FilesystemChange> =
            self.docker.container_changes(id).await?.unwrap_or_default();
        let flat: Vec<(String, ChangeKind)> = listed
            .into_iter()
            .map(|c| (c.path, ChangeKind::from_engine(c.kind)))
            .collect();
        Ok(change_tree(&flat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChangeKind::*;

    fn p(path: &str, kind: ChangeKind) -> (String, ChangeKind) {
        (path.to_owned(), kind)
    }

    #[test]
    fn paths_fold_into_folders_with_counts_of_what_lies_under_them() {
        let t = change_tree(&[
            p("/tmp/new.txt", Added),
            p("/etc", Changed),
            p("/tmp", Changed),
            p("/etc/hostname", Changed),
            p("/etc/motd", Deleted),
            p("/tmp/a/b/deep", Added),
        ]);
        assert_eq!((t.added, t.changed, t.deleted), (2, 3, 1));
        let names: Vec<&str> = t.roots.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["etc", "tmp"]);
        let etc = &t.roots[0];
        assert_eq!(etc.kind, Some(Changed));
        assert_eq!((etc.added, etc.changed, etc.deleted), (0, 1, 1));
        assert_eq!(etc.children[1].path, "/etc/motd");
        assert_eq!(etc.children[1].kind, Some(Deleted));
        let tmp = &t.roots[1];
        assert_eq!((tmp.added, tmp.changed, tmp.deleted), (2, 0, 0));
        // /tmp/a was not listed: a folder without a kind of its own.
        let a = &tmp.children[0];
        assert_eq!((a.name.as_str(), a.kind, a.added), ("a", None, 1));
        assert_eq!(a.children[0].children[0].path, "/tmp/a/b/deep");
        assert_eq!(a.children[0].children[0].kind, Some(Added));
    }

    #[test]
    fn nothing_changed_is_an_empty_tree() {
        let t = change_tree(&[]);
        assert!(t.roots.is_empty());
        assert_eq!((t.added, t.changed, t.deleted), (0, 0, 0));
    }

    #[test]
    fn the_engines_kind_numbers_mean_c_a_d() {
        assert_eq!(ChangeKind::from_engine(ChangeType::_0), Changed);
        assert_eq!(ChangeKind::from_engine(ChangeType::_1), Added);
        assert_eq!(ChangeKind::from_engine(ChangeType::_2), Deleted);
    }
}
