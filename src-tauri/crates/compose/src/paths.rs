//! Paths in compose files: relative to the project folder (or to the file that wrote them for
//! `extends: file:` and `include:`), `~` for the home folder, and normalised by their words
//! (`a/./b/../c` → `a/c`) without touching the file system, which this crate never does.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute against `base` (when `base` is known), `~` expanded with `home`.
pub fn resolve(base: Option<&Path>, home: Option<&str>, path: &str) -> String {
    let expanded = match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{home}{rest}")
        }
        _ => path.to_string(),
    };
    let p = Path::new(&expanded);
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        match base {
            Some(base) => base.join(p),
            None => return expanded,
        }
    };
    normalise(&joined).display().to_string()
}

/// `a/./b/../c` → `a/c`, by the words of the path.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The folder holding `file`.
pub fn folder_of(file: &str) -> Option<PathBuf> {
    Path::new(file).parent().map(Path::to_path_buf)
}

/// The last word of a folder path (the default project name).
pub fn folder_name(folder: &Path) -> Option<String> {
    folder.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// A remote build context (a Git URL or an archive URL) stays as written.
pub fn is_remote(context: &str) -> bool {
    context.contains("://") || context.starts_with("git@") || context.starts_with("github.com/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_home_and_dots() {
        let base = Path::new("/srv/app");
        assert_eq!(resolve(Some(base), None, "./data"), "/srv/app/data");
        assert_eq!(resolve(Some(base), None, "../shared/x"), "/srv/shared/x");
        assert_eq!(
            resolve(Some(base), Some("/home/me"), "~/cache"),
            "/home/me/cache"
        );
        assert_eq!(resolve(Some(base), None, "/abs/./p"), "/abs/p");
        assert_eq!(resolve(None, None, "./rel"), "./rel");
        assert_eq!(
            resolve(Some(base), Some("/h"), "~user/x"),
            "/srv/app/~user/x"
        );
    }
}
