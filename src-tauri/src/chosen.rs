//! The system's file dialogs, opened from Rust, and the paths they returned. Commands that
//! write or read this computer's files take only a path the user chose in such a dialog during
//! this session: the window cannot name a file to overwrite or read by itself, even if script
//! ever ran in it.

use crate::error::IpcError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FilePath};

/// Files the save dialog returned in this session: the only places an export may write.
#[derive(Default)]
pub struct ChosenPaths {
    to_write: Mutex<HashSet<PathBuf>>,
    to_read: Mutex<HashSet<PathBuf>>,
    /// Folders opened to edit files in (a Dockerfile's build context): files inside may be
    /// read and saved.
    to_edit_in: Mutex<HashSet<PathBuf>>,
}

impl ChosenPaths {
    /// A file or folder the open dialog returned: one an upload or restore may read.
    pub fn allow_read(&self, path: &Path) {
        if let Ok(mut set) = self.to_read.lock() {
            set.insert(path.to_path_buf());
        }
    }

    pub fn may_read(&self, path: &Path) -> bool {
        self.to_read
            .lock()
            .map(|set| set.contains(path))
            .unwrap_or(false)
    }

    /// A folder the folder dialog returned for editing: files inside it may be read and saved.
    pub fn allow_edit_in(&self, folder: &Path) {
        if let Ok(mut set) = self.to_edit_in.lock() {
            set.insert(folder.to_path_buf());
        }
    }

    /// Whether `folder` is one the folder dialog returned for editing.
    pub fn is_edit_folder(&self, folder: &Path) -> bool {
        self.to_edit_in
            .lock()
            .map(|set| set.contains(folder))
            .unwrap_or(false)
    }

    /// Whether `path` lies inside a folder chosen for editing. Judged on the words of the
    /// path, which must not step up (`..`), so `chosen/../elsewhere` is not inside `chosen`.
    pub fn may_edit(&self, path: &Path) -> bool {
        use std::path::Component;
        let plain = path.components().all(|c| {
            matches!(
                c,
                Component::RootDir | Component::Prefix(_) | Component::Normal(_)
            )
        });
        plain
            && self
                .to_edit_in
                .lock()
                .map(|set| set.iter().any(|dir| path != dir && path.starts_with(dir)))
                .unwrap_or(false)
    }

    pub fn allow_write(&self, path: &Path) {
        if let Ok(mut set) = self.to_write.lock() {
            set.insert(path.to_path_buf());
        }
    }

    /// A copy of what was chosen so far, for work on another thread (a compose load reads the
    /// files it names from a blocking thread, which cannot borrow the app's state).
    pub fn snapshot(&self) -> ChosenPaths {
        let copy = |set: &Mutex<HashSet<PathBuf>>| {
            Mutex::new(set.lock().map(|s| s.clone()).unwrap_or_default())
        };
        ChosenPaths {
            to_write: copy(&self.to_write),
            to_read: copy(&self.to_read),
            to_edit_in: copy(&self.to_edit_in),
        }
    }

    pub fn may_write(&self, path: &Path) -> bool {
        self.to_write
            .lock()
            .map(|set| set.contains(path))
            .unwrap_or(false)
    }
}

/// Which dialog to open.
pub enum Pick {
    /// A file to create, suggested as `file_name` in `directory`.
    Save {
        file_name: String,
        filter: (&'static str, &'static [&'static str]),
    },
    File,
    Folder,
}

/// Opens the dialog titled `title` in `directory` (the home folder if none: without one GTK
/// opens on "Recent", which lists files, not folders) and waits for the user. `None`: they
/// closed it without choosing.
pub async fn ask<R: Runtime>(
    app: &AppHandle<R>,
    pick: Pick,
    title: &str,
    directory: Option<PathBuf>,
) -> Result<Option<PathBuf>, IpcError> {
    let mut dialog = app.dialog().file().set_title(title);
    if let Some(dir) = directory.or_else(|| app.path().home_dir().ok()) {
        dialog = dialog.set_directory(dir);
    }
    let (tx, rx) = tokio::sync::oneshot::channel::<Option<FilePath>>();
    let answer = move |p: Option<FilePath>| {
        let _ = tx.send(p);
    };
    match pick {
        Pick::Save { file_name, filter } => {
            #[cfg(desktop)]
            if let Some(window) = app.get_webview_window("main") {
                dialog = dialog.set_parent(&window);
            }
            dialog
                .set_file_name(file_name)
                .add_filter(filter.0, filter.1)
                .save_file(answer)
        }
        Pick::File => dialog.pick_file(answer),
        Pick::Folder => dialog.pick_folder(answer),
    }
    let picked = rx.await.map_err(|_| {
        IpcError::internal(format!(
            "the system dialog \"{title}\" closed without an answer"
        ))
    })?;
    picked
        .map(|p| {
            p.into_path().map_err(|e| {
                IpcError::invalid_input(format!(
                    "the system dialog \"{title}\" returned something that is not a file path: {e}"
                ))
            })
        })
        .transpose()
}

/// The folder to open a dialog in: the one holding `typed` (a full path the user typed), if
/// there is such a folder.
pub fn folder_of(typed: &str) -> Option<PathBuf> {
    let p = Path::new(typed.trim());
    if !p.is_absolute() {
        return None;
    }
    if p.is_dir() {
        return Some(p.to_path_buf());
    }
    p.parent().filter(|d| d.is_dir()).map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_and_writing_are_allowed_apart() {
        let chosen = ChosenPaths::default();
        let picked = Path::new("/home/someone/backup.tar");
        chosen.allow_read(picked);
        assert!(chosen.may_read(picked));
        assert!(
            !chosen.may_write(picked),
            "a file chosen to read may not be written"
        );
        assert!(!chosen.may_read(Path::new("/home/someone/.ssh/id_ed25519")));
    }

    #[test]
    fn only_a_path_the_dialog_returned_may_be_written() {
        let chosen = ChosenPaths::default();
        let picked = Path::new("/home/someone/web.tar");
        assert!(!chosen.may_write(picked));
        chosen.allow_write(picked);
        assert!(chosen.may_write(picked));
        assert!(!chosen.may_write(Path::new("/home/someone/.bashrc")));
        assert!(!chosen.may_write(Path::new("/home/someone/web.tar/../.bashrc")));
    }

    #[test]
    fn only_files_inside_a_folder_chosen_for_editing_may_be_edited() {
        let chosen = ChosenPaths::default();
        let folder = Path::new("/home/someone/web");
        assert!(!chosen.may_edit(&folder.join("Dockerfile")));
        chosen.allow_edit_in(folder);
        assert!(chosen.may_edit(&folder.join("Dockerfile")));
        assert!(chosen.may_edit(&folder.join("docker/prod.Dockerfile")));
        assert!(!chosen.may_edit(folder), "the folder itself is not a file");
        assert!(!chosen.may_edit(Path::new("/home/someone/web/../.bashrc")));
        assert!(!chosen.may_edit(Path::new("/home/someone/webx/Dockerfile")));
        assert!(
            !chosen.may_read(&folder.join("Dockerfile")),
            "editing is apart from reading"
        );
    }

    #[test]
    fn a_typed_path_opens_the_dialog_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.tar");
        assert_eq!(
            folder_of(file.to_str().unwrap()),
            Some(dir.path().to_path_buf())
        );
        assert_eq!(
            folder_of(dir.path().to_str().unwrap()),
            Some(dir.path().to_path_buf())
        );
        assert_eq!(folder_of("relative/x.tar"), None);
        assert_eq!(folder_of("/no/such/folder/x.tar"), None);
    }
}
