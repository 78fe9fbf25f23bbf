//! A lesson's folder: where the files its builds use are written, so both "Do it for me" and
//! the user's own `docker build .` (typed after `cd` into it) read the same files. The user
//! may open and change them, so nothing here overwrites or removes a file that is not exactly
//! as the lesson wrote it: that file is the user's now.

use crate::format::LessonFile;
use std::io::ErrorKind;
use std::path::Path;

/// Writes the lesson's files into `dir`, making it and any folders they sit in. Refused,
/// naming the file, when one is there with other content; nothing is written then.
pub fn write_files(dir: &Path, files: &[LessonFile]) -> Result<(), String> {
    for f in files {
        match std::fs::read(dir.join(&f.path)) {
            Ok(text) if text == f.text.as_bytes() => {}
            Ok(_) => {
                return Err(format!(
                    "lesson folder: {} was changed since the lesson wrote it; move it away (or \
                     remove it) and start again, so the lesson does not overwrite your edits",
                    dir.join(&f.path).display()
                ))
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => {
                return Err(format!(
                    "lesson folder: {}: {e}",
                    dir.join(&f.path).display()
                ))
            }
        }
    }
    for f in files {
        let path = dir.join(&f.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &f.text));
        written.map_err(|e| format!("lesson folder: cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Removes the lesson's files that are still as it wrote them, then the folders left empty
/// (`dir` included). Returns the paths kept because they were changed; files the user added
/// keep their folders.
pub fn remove_files(dir: &Path, files: &[LessonFile]) -> Vec<String> {
    let mut kept = Vec::new();
    for f in files {
        let path = dir.join(&f.path);
        match std::fs::read(&path) {
            Ok(text) if text == f.text.as_bytes() => {
                if std::fs::remove_file(&path).is_err() {
                    kept.push(f.path.clone());
                }
            }
            Ok(_) => kept.push(f.path.clone()),
            Err(_) => {}
        }
    }
    // Deepest first; remove_dir refuses a folder that still holds anything.
    let mut folders: Vec<&str> = files
        .iter()
        .flat_map(|f| f.path.match_indices('/').map(|(i, _)| &f.path[..i]))
        .collect();
    folders.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for folder in folders {
        let _ = std::fs::remove_dir(dir.join(folder));
    }
    let _ = std::fs::remove_dir(dir);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> LessonFile {
        LessonFile {
            path: path.into(),
            text: text.into(),
        }
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tugboat-lesson-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn files_are_written_again_unchanged_and_removed_with_their_folders() {
        let dir = scratch("plain");
        let files = [
            file("Dockerfile", "FROM busybox\n"),
            file("app/notes.txt", "hi\n"),
        ];
        write_files(&dir, &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("app/notes.txt")).unwrap(),
            "hi\n"
        );
        // Starting again finds them as written: nothing to refuse.
        write_files(&dir, &files).unwrap();
        assert!(remove_files(&dir, &files).is_empty());
        assert!(!dir.exists());
    }

    #[test]
    fn a_file_the_user_changed_is_never_overwritten_or_removed() {
        let dir = scratch("edited");
        let files = [
            file("Dockerfile", "FROM busybox\n"),
            file("notes.txt", "hi\n"),
        ];
        write_files(&dir, &files).unwrap();
        std::fs::write(dir.join("Dockerfile"), "FROM busybox\nRUN echo mine\n").unwrap();
        std::fs::write(dir.join("notes.txt"), "gone?").unwrap();
        std::fs::remove_file(dir.join("notes.txt")).unwrap();
        let e = write_files(&dir, &files).unwrap_err();
        assert!(e.contains("Dockerfile was changed"), "{e}");
        // Refused before writing anything: the removed file is not back.
        assert!(!dir.join("notes.txt").exists());
        assert_eq!(remove_files(&dir, &files), ["Dockerfile"]);
        assert_eq!(
            std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
            "FROM busybox\nRUN echo mine\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
