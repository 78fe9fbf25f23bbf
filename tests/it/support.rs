//! The shared test fixtures, from the test kit (`src-tauri/crates/testkit`): the test engine and
//! its CLI, labelled objects with cleanup, private daemons, the engine proxy and the storm.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
pub use tugboat_testkit::*;

/// `relative-path size mode contents` of everything under `dir` on this computer (symlinks as
/// `-> target`, not followed): what a download is compared by, against `docker cp` of the same.
pub(crate) fn host_tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                out.push(format!(
                    "{rel} -> {}",
                    std::fs::read_link(&p).unwrap().display()
                ));
            } else if meta.is_dir() {
                out.push(format!("{rel}/ {:o}", meta.permissions().mode() & 0o777));
                walk(root, &p, out);
            } else {
                out.push(format!(
                    "{rel} {} {:o} {}",
                    meta.len(),
                    meta.permissions().mode() & 0o777,
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap())
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
