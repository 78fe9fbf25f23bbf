//! The app's own settings: a small versioned JSON file in the platform's config folder
//! (`<config>/tugboat/settings.json`; `TUGBOAT_CONFIG_DIR` names another folder, for tests).
//! It remembers the last engine used, the theme, the last section shown, each list's filter and
//! the window's size. The format stays
//! open for later settings: keys this version does not know are read, kept and written back
//! untouched. A file that cannot be read (not JSON, not an object, or written by a newer
//! Tugboat) never stops the app: it is set aside as `settings.json.broken-<unix time>` and the
//! app starts with defaults, saying so.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tugboat_engine::EngineTarget;

/// The format this Tugboat writes. A file with a higher number is set aside, not guessed at.
pub const VERSION: u32 = 1;

/// Files larger than this are not settings this app wrote.
const MAX_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_engine: Option<EngineTarget>,
    /// `system`, `light` or `dark`, kept as text: a word a later Tugboat adds is read as
    /// `system` here (see [`Theme::from_setting`]) rather than setting the whole file aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The section shown last (`containers`, `volumes`…), to start on next time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_view: Option<String>,
    /// The window's size and place (see `crate::window_place`), kept as it was written: one
    /// that makes no sense is ignored there rather than setting the whole file aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<serde_json::Value>,
    /// Each list's filter by list id (`containers`, `images`…), kept as written: an entry
    /// that is not a [`ListView`] is skipped when read (see [`Settings::list_views`]) rather
    /// than setting the whole file aside.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub lists: serde_json::Map<String, serde_json::Value>,
    /// Learn: lesson progress by engine and lessons imported from files, kept as written: a
    /// value that is not a [`LearnSettings`] reads as none (see [`Settings::learn`]) rather
    /// than setting the whole file aside.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub learn: serde_json::Value,
    /// Keys of other (later) settings, kept as they were.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: VERSION,
            last_engine: None,
            theme: None,
            last_view: None,
            window: None,
            lists: serde_json::Map::new(),
            learn: serde_json::Value::Null,
            other: serde_json::Map::new(),
        }
    }
}

/// Learn's part of the settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearnSettings {
    /// By engine (its endpoint), then by lesson id.
    #[serde(default)]
    pub progress:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, LessonProgress>>,
    /// Lessons imported from files: their text by lesson id.
    #[serde(default)]
    pub imported: std::collections::BTreeMap<String, String>,
}

impl LearnSettings {
    pub fn progress_of(&self, engine: &str, lesson: &str) -> Option<LessonProgress> {
        self.progress.get(engine)?.get(lesson).cloned()
    }
}

/// How far one lesson got on one engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LessonProgress {
    /// The image `{image}` stands for in this run of the lesson.
    pub image: String,
    /// Steps done, from the first.
    pub done: u32,
    /// Images the lesson pulls that were here before it started: "finish" leaves them.
    #[serde(default)]
    pub kept_images: Vec<String>,
    /// Networks the lesson's swarm makes (`docker_gwbridge`) that were here before it started:
    /// "finish" leaves them too.
    #[serde(default)]
    pub kept_networks: Vec<String>,
}

impl Settings {
    /// Learn's settings; none if the value written is not one.
    pub fn learn(&self) -> LearnSettings {
        serde_json::from_value(self.learn.clone()).unwrap_or_default()
    }

    fn set_learn(&mut self, learn: LearnSettings) {
        self.learn = serde_json::to_value(learn).unwrap_or(serde_json::Value::Null);
    }

    /// Sets (or, with None, forgets) a lesson's progress on an engine.
    pub fn set_lesson_progress(&mut self, engine: &str, lesson: &str, p: Option<LessonProgress>) {
        let mut learn = self.learn();
        let of_engine = learn.progress.entry(engine.to_owned()).or_default();
        match p {
            Some(p) => {
                of_engine.insert(lesson.to_owned(), p);
            }
            None => {
                of_engine.remove(lesson);
            }
        }
        learn.progress.retain(|_, lessons| !lessons.is_empty());
        self.set_learn(learn);
    }

    /// Keeps an imported lesson's text (replacing one with the same id).
    pub fn import_lesson(&mut self, id: &str, text: String) {
        let mut learn = self.learn();
        learn.imported.insert(id.to_owned(), text);
        self.set_learn(learn);
    }

    /// The lists' kept filters that can be read; any other entry is left out.
    pub fn list_views(&self) -> std::collections::BTreeMap<String, ListView> {
        self.lists
            .iter()
            .filter_map(|(list, view)| {
                let view = serde_json::from_value(view.clone()).ok()?;
                Some((list.clone(), view))
            })
            .collect()
    }
}

/// How one list was left: what its filter box held and its check boxes by name
/// (`showAll`, `unusedOnly`…). It opens that way next time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ListView {
    pub filter: String,
    #[serde(default)]
    pub toggles: std::collections::BTreeMap<String, bool>,
}

/// How the app is coloured: as the system asks, or always light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn word(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme a stored word names; a missing or unknown word is `System`.
    pub fn from_setting(word: Option<&str>) -> Theme {
        match word {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// The settings file and what was read from it.
pub struct SettingsFile {
    path: PathBuf,
    current: Mutex<Settings>,
    /// One write at a time, in the order they were asked for.
    writing: tokio::sync::Mutex<()>,
    /// Why the file could not be used at start, for the UI.
    problem: Option<String>,
}

/// `TUGBOAT_CONFIG_DIR`, else the platform's config folder + `tugboat`.
pub fn settings_dir() -> Option<PathBuf> {
    match std::env::var_os("TUGBOAT_CONFIG_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => dirs::config_dir().map(|d| d.join("tugboat")),
    }
}

impl SettingsFile {
    /// Reads `<dir>/settings.json`; a missing file gives the defaults, a broken one is set
    /// aside (see the module's note).
    pub fn load(dir: &Path) -> SettingsFile {
        let path = dir.join("settings.json");
        let (settings, problem) = match read(&path) {
            Ok(Some(s)) => (s, None),
            Ok(None) => (Settings::default(), None),
            Err(why) => {
                let aside = set_aside(&path);
                let problem = match aside {
                    Ok(to) => format!(
                        "Settings were not used: {why}. The file was kept as {}; Tugboat starts with its defaults.",
                        to.display()
                    ),
                    Err(e) => format!(
                        "Settings were not used: {why}; moving the file aside failed too ({e}). Tugboat starts with its defaults."
                    ),
                };
                tracing::warn!(path = %path.display(), %problem, "settings file not used");
                (Settings::default(), Some(problem))
            }
        };
        SettingsFile {
            path,
            current: Mutex::new(settings),
            writing: tokio::sync::Mutex::new(()),
            problem,
        }
    }

    /// Settings kept only for this session (no config folder could be found).
    pub fn in_memory() -> SettingsFile {
        SettingsFile {
            path: PathBuf::new(),
            current: Mutex::new(Settings::default()),
            writing: tokio::sync::Mutex::new(()),
            problem: Some(
                "No config folder was found: settings are not kept after Tugboat closes.".into(),
            ),
        }
    }

    pub fn get(&self) -> Settings {
        self.current.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn problem(&self) -> Option<String> {
        self.problem.clone()
    }

    /// Remembers the engine in use and writes the file.
    pub async fn remember_engine(&self, target: EngineTarget) -> Result<(), String> {
        self.update(|s| s.last_engine = Some(target)).await
    }

    /// Where the file is (None: settings are kept in memory only).
    pub fn path(&self) -> Option<&Path> {
        (!self.path.as_os_str().is_empty()).then_some(self.path.as_path())
    }

    /// Changes the settings and writes the whole file atomically (a crash leaves the old
    /// file or the new one, never half of one).
    pub async fn update(&self, change: impl FnOnce(&mut Settings)) -> Result<(), String> {
        let _turn = self.writing.lock().await;
        let text = {
            let mut current = self
                .current
                .lock()
                .map_err(|_| "settings: the copy in memory is unusable".to_string())?;
            change(&mut current);
            current.version = VERSION;
            serde_json::to_string_pretty(&*current).map_err(|e| format!("settings: {e}"))?
        };
        if self.path.as_os_str().is_empty() {
            return Ok(());
        }
        if let Some(dir) = self.path.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| format!("settings: could not make {}: {e}", dir.display()))?;
        }
        let mut file = tugboat_files::AtomicFile::create(&self.path, true, "settings")
            .await
            .map_err(|e| e.to_string())?;
        file.write(text.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        file.write(b"\n").await.map_err(|e| e.to_string())?;
        file.commit().await.map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// The settings in the file; None when there is no file; Err saying why it cannot be used.
fn read(path: &Path) -> Result<Option<Settings>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{} could not be read: {e}", path.display())),
    };
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "{} is {} bytes, more than settings ever take ({MAX_BYTES})",
            path.display(),
            meta.len()
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{} could not be read: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not valid JSON ({e})", path.display()))?;
    let version = value
        .get("version")
        .and_then(|v| v.as_u64())
        .ok_or_else(|| format!("{} has no version number", path.display()))?;
    if version > u64::from(VERSION) {
        return Err(format!(
            "{} was written by a newer Tugboat (format {version}; this one reads up to {VERSION})",
            path.display()
        ));
    }
    serde_json::from_value(value).map(Some).map_err(|e| {
        format!(
            "{} holds a setting this Tugboat cannot read ({e})",
            path.display()
        )
    })
}

/// Renames the file to `settings.json.broken-<unix time>` so the user's data is never lost.
fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".broken-{secs}"));
    let to = path.with_file_name(name);
    std::fs::rename(path, &to)?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(h: &str) -> EngineTarget {
        EngineTarget::Host { host: h.into() }
    }

    #[tokio::test]
    async fn the_last_engine_survives_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("not/yet/there");
        let file = SettingsFile::load(&nested);
        assert_eq!(file.get(), Settings::default());
        assert!(file.problem().is_none());
        file.remember_engine(EngineTarget::Context {
            name: "home".into(),
        })
        .await
        .unwrap();
        let again = SettingsFile::load(&nested);
        assert_eq!(
            again.get().last_engine,
            Some(EngineTarget::Context {
                name: "home".into()
            })
        );
        assert!(again.problem().is_none());
    }

    #[tokio::test]
    async fn keys_of_later_settings_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(
            &path,
            r#"{"version":1,"columns":{"containers":["name"]},"lastEngine":{"kind":"configured"}}"#,
        )
        .unwrap();
        let file = SettingsFile::load(dir.path());
        file.remember_engine(host("unix:///b.sock")).await.unwrap();
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            written["columns"],
            serde_json::json!({"containers": ["name"]})
        );
        assert_eq!(
            written["lastEngine"],
            serde_json::json!({"kind": "host", "host": "unix:///b.sock"})
        );
        assert_eq!(written["version"], 1);
    }

    #[tokio::test]
    async fn theme_and_last_view_survive_a_round_trip_and_an_unknown_theme_is_system() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::load(dir.path());
        file.update(|s| {
            s.theme = Some(Theme::Dark.word().into());
            s.last_view = Some("volumes".into());
        })
        .await
        .unwrap();
        let again = SettingsFile::load(dir.path()).get();
        assert_eq!(Theme::from_setting(again.theme.as_deref()), Theme::Dark);
        assert_eq!(again.last_view.as_deref(), Some("volumes"));

        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"version":1,"theme":"high-contrast"}"#,
        )
        .unwrap();
        let later = SettingsFile::load(dir.path());
        assert!(later.problem().is_none(), "{:?}", later.problem());
        assert_eq!(
            Theme::from_setting(later.get().theme.as_deref()),
            Theme::System
        );
    }

    #[tokio::test]
    async fn list_views_survive_a_round_trip_and_an_odd_entry_is_skipped_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::load(dir.path());
        let view = ListView {
            filter: "web".into(),
            toggles: [("showAll".to_owned(), false)].into(),
        };
        file.update(|s| {
            s.lists
                .insert("containers".into(), serde_json::to_value(&view).unwrap());
        })
        .await
        .unwrap();
        let again = SettingsFile::load(dir.path()).get();
        assert_eq!(again.list_views().get("containers"), Some(&view));

        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"version":1,"lists":{"images":{"filter":"alp"},"volumes":{"filter":7}}}"#,
        )
        .unwrap();
        let later = SettingsFile::load(dir.path());
        assert!(later.problem().is_none(), "{:?}", later.problem());
        let views = later.get().list_views();
        assert_eq!(views.len(), 1, "{views:?}");
        assert_eq!(views["images"].filter, "alp");
        assert!(views["images"].toggles.is_empty());
    }

    fn broken_files(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("settings.json.broken-"))
            .collect()
    }

    #[test]
    fn a_corrupt_file_is_set_aside_and_defaults_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{\"version\": 1, \"lastEng").unwrap();
        let file = SettingsFile::load(dir.path());
        assert_eq!(file.get(), Settings::default());
        let problem = file.problem().expect("the problem is said");
        assert!(problem.contains("not valid JSON"), "{problem}");
        assert!(!path.exists(), "moved away");
        let aside = broken_files(dir.path());
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&aside[0])).unwrap(),
            "{\"version\": 1, \"lastEng",
            "kept as it was"
        );
    }

    #[test]
    fn a_newer_format_is_set_aside_not_guessed_at() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"version":2,"lastEngine":{"kind":"configured"}}"#,
        )
        .unwrap();
        let file = SettingsFile::load(dir.path());
        assert_eq!(file.get().last_engine, None);
        assert!(file.problem().unwrap().contains("newer Tugboat"));
        assert_eq!(broken_files(dir.path()).len(), 1);
    }

    #[test]
    fn a_setting_of_the_wrong_shape_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"version":1,"lastEngine":{"kind":"spaceship"}}"#,
        )
        .unwrap();
        let file = SettingsFile::load(dir.path());
        assert!(file.problem().unwrap().contains("cannot read"));
        assert_eq!(broken_files(dir.path()).len(), 1);
    }
}
