//! Learn: the lessons list, a lesson opened with the user's progress on this engine, a step's
//! check and "Do it for me", "finish", and lesson files in and out (teacher mode). What a
//! lesson is and checks is the lessons crate's; what it does to the engine is the engine
//! crate's; where progress and imported lessons are kept is `crate::settings`.

use crate::chosen::{ask, Pick};
use crate::error::IpcError;
use crate::settings::{LessonProgress, SettingsFile};
use crate::state::AppState;
use tauri::{AppHandle, State};
use tugboat_engine::lessons::{Finished, Printed};
use tugboat_engine::Engine;
use tugboat_lessons::builtin::{builtin_text, BUILTIN};
use tugboat_lessons::command::read_command;
use tugboat_lessons::format::read_lesson_with;
use tugboat_lessons::{Check, Lesson, LessonRefusal, Made, Verdict};

/// Lesson files larger than this are not lessons.
const MAX_LESSON_BYTES: usize = 256 * 1024;

/// One lesson in the list, with how far the user got on this engine.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LessonSummary {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: u32,
    /// Imported from a file (a teacher's), not one that comes with the app.
    pub imported: bool,
    /// Steps done on this engine; None: not started here.
    pub done: Option<u32>,
}

/// A lesson as the Learn view shows it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LessonOpen {
    pub lesson: Lesson,
    /// None: not started on this engine.
    pub progress: Option<LessonProgress>,
    /// Whether the lesson's image is on the engine.
    pub image_here: bool,
    /// The other images its steps run that are not on the engine: each needs a pull first.
    pub also_missing: Vec<String>,
    /// Where its files are written when it starts (the folder to `cd` into for the steps that
    /// build); None: it has no files.
    pub folder: Option<String>,
    /// Tagged images on the engine, to use instead of the suggested one.
    pub images: Vec<String>,
}

/// A lesson file read for import: the lesson added, or every reason it was refused.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LessonImport {
    pub lesson: Option<LessonSummary>,
    pub refusals: Vec<LessonRefusal>,
}

/// Where a lesson with files keeps them: `<TUGBOAT_LESSONS_DIR or ~/tugboat-lessons>/<id>`.
/// In the home folder, under a name with no spaces, because the user `cd`s there to type the
/// builds and opens the files to read them.
fn lesson_folder(lesson: &Lesson) -> Option<std::path::PathBuf> {
    if lesson.files.is_empty() {
        return None;
    }
    let base = match std::env::var_os("TUGBOAT_LESSONS_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => std::path::PathBuf::from(dir),
        None => dirs::home_dir()?.join("tugboat-lessons"),
    };
    Some(base.join(&lesson.id))
}

/// The lesson's folder, which it must have since it has files.
fn folder_of(lesson: &Lesson) -> Result<Option<std::path::PathBuf>, IpcError> {
    match lesson_folder(lesson) {
        None if !lesson.files.is_empty() => Err(IpcError::invalid_input(
            "lesson folder: there is no home folder to keep this lesson's files in; set \
             TUGBOAT_LESSONS_DIR to a folder"
                .to_owned(),
        )),
        folder => Ok(folder),
    }
}

/// The engine in use and the key its progress is kept under (its endpoint).
fn engine_and_key(state: &AppState) -> Result<(Engine, String), IpcError> {
    let engine = state.engine.engine()?;
    let key = state
        .engine
        .status()
        .endpoint
        .map(|e| e.host)
        .unwrap_or_else(|| engine.host().to_owned());
    Ok((engine, key))
}

/// The lesson's file text: a built-in one, or one imported earlier.
fn lesson_text(settings: &SettingsFile, id: &str) -> Result<String, IpcError> {
    if let Some(text) = builtin_text(id) {
        return Ok(text.to_owned());
    }
    settings
        .get()
        .learn()
        .imported
        .get(id)
        .cloned()
        .ok_or_else(|| IpcError::invalid_input(format!("lesson: there is no lesson `{id}`")))
}

/// Reads the lesson with `{image}` as `image`, refusing in words if it no longer reads.
fn read(text: &str, image: Option<&str>) -> Result<Lesson, IpcError> {
    read_lesson_with(text, image).map_err(|refusals| {
        IpcError::invalid_input(format!(
            "lesson: {}",
            refusals
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })
}

/// The lesson with the user's progress on this engine; it must be started.
fn started(
    settings: &SettingsFile,
    key: &str,
    id: &str,
) -> Result<(Lesson, LessonProgress), IpcError> {
    let progress = settings.get().learn().progress_of(key, id).ok_or_else(|| {
        IpcError::invalid_input(format!(
            "lesson: `{id}` is not started on this engine; press Start first"
        ))
    })?;
    let lesson = read(&lesson_text(settings, id)?, Some(&progress.image))?;
    Ok((lesson, progress))
}

/// Keeps (or, with None, forgets) the lesson's progress on this engine.
async fn save_progress(
    settings: &SettingsFile,
    key: &str,
    id: &str,
    progress: Option<LessonProgress>,
) -> Result<(), IpcError> {
    settings
        .update(|s| s.set_lesson_progress(key, id, progress))
        .await
        .map_err(IpcError::internal)
}

/// The check held against the engine's facts now.
async fn verdict_now(engine: &Engine, check: &Check) -> Result<Verdict, IpcError> {
    Ok(check.verdict(&engine.lesson_facts(&check.asks()).await?))
}

fn step_of(lesson: &Lesson, step: u32) -> Result<&tugboat_lessons::Step, IpcError> {
    lesson.steps.get(step as usize).ok_or_else(|| {
        IpcError::invalid_input(format!(
            "step: the lesson has steps 0 to {}, not {step}",
            lesson.steps.len().saturating_sub(1)
        ))
    })
}

fn summary(lesson: &Lesson, imported: bool, done: Option<u32>) -> LessonSummary {
    LessonSummary {
        id: lesson.id.clone(),
        title: lesson.title.clone(),
        summary: lesson.summary.clone(),
        steps: lesson.steps.len() as u32,
        imported,
        done,
    }
}

/// Every lesson: the built-in ones in order, then imported ones by id.
#[tauri::command]
#[specta::specta]
pub fn learn_lessons(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
) -> Vec<LessonSummary> {
    let learn = settings.get().learn();
    let key = engine_and_key(&state).ok().map(|(_, k)| k);
    let done = |id: &str| {
        key.as_deref()
            .and_then(|k| learn.progress_of(k, id))
            .map(|p| p.done)
    };
    let builtins = BUILTIN.iter().map(|(_, text)| (text.to_string(), false));
    let imported = learn.imported.values().map(|text| (text.clone(), true));
    builtins
        .chain(imported)
        .filter_map(|(text, imported)| {
            let lesson = read_lesson_with(&text, None).ok()?;
            let d = done(&lesson.id);
            Some(summary(&lesson, imported, d))
        })
        .collect()
}

/// A lesson with the user's progress on this engine, the image it will use and whether that
/// image is here.
#[tauri::command]
#[specta::specta]
pub async fn learn_open(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    id: String,
    image: Option<String>,
) -> Result<LessonOpen, IpcError> {
    let (engine, key) = engine_and_key(&state)?;
    let progress = settings.get().learn().progress_of(&key, &id);
    let image = progress.as_ref().map(|p| p.image.clone()).or(image);
    let lesson = read(&lesson_text(&settings, &id)?, image.as_deref())?;
    let images: Vec<String> = engine
        .images()
        .await?
        .into_iter()
        .flat_map(|r| r.repo_tags)
        .collect();
    let here = |i: &str| images.contains(&tugboat_lessons::check::full_reference(i));
    let also_missing = lesson
        .also_runs
        .iter()
        .filter(|i| !here(i))
        .cloned()
        .collect();
    Ok(LessonOpen {
        image_here: here(&lesson.image),
        also_missing,
        folder: lesson_folder(&lesson).map(|f| f.to_string_lossy().into_owned()),
        lesson,
        progress,
        images,
    })
}

/// Starts the lesson on this engine with `image`. Refused, naming them, when something the
/// lesson would make already exists: the lesson would take it over and remove it at the end.
#[tauri::command]
#[specta::specta]
pub async fn learn_start(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    id: String,
    image: String,
) -> Result<LessonProgress, IpcError> {
    let (engine, key) = engine_and_key(&state)?;
    let lesson = read(&lesson_text(&settings, &id)?, Some(&image))?;
    let here = engine.lesson_present(&lesson.makes).await?;
    // An image the lesson only pulls may be here already: it stays when the lesson ends.
    let pulled: Vec<String> = lesson
        .steps
        .iter()
        .filter_map(|s| match read_command(&s.command) {
            Ok(tugboat_lessons::Action::Pull { reference }) => {
                Some(tugboat_lessons::check::full_reference(&reference))
            }
            _ => None,
        })
        .collect();
    if here.swarm {
        return Err(IpcError::invalid_input(
            "engine: this engine is already in a swarm. The lesson makes a swarm of its own and \
             leaves it when it ends, which would take this engine out of yours: use an engine \
             that is in no swarm"
                .to_owned(),
        ));
    }
    // The swarm's task bridge may be left from an earlier swarm: not the lesson's to remove.
    let kept_networks: Vec<String> = if lesson.makes.swarm {
        here.networks
            .iter()
            .filter(|n| !lesson.makes.networks.contains(*n))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    let taken: Vec<String> = here
        .containers
        .iter()
        .map(|n| format!("container {n}"))
        .chain(here.volumes.iter().map(|n| format!("volume {n}")))
        .chain(
            here.networks
                .iter()
                .filter(|n| !kept_networks.contains(n))
                .map(|n| format!("network {n}")),
        )
        .chain(here.services.iter().map(|n| format!("service {n}")))
        .chain(
            here.images
                .iter()
                .filter(|i| !pulled.contains(i))
                .map(|n| format!("image {n}")),
        )
        .collect();
    if !taken.is_empty() {
        return Err(IpcError::invalid_input(format!(
            "names: this lesson makes {}, which already exist on this engine. Remove or rename \
             them first: the lesson would change them and remove them when it ends",
            taken.join(", ")
        )));
    }
    if let Some(folder) = folder_of(&lesson)? {
        tugboat_lessons::folder::write_files(&folder, &lesson.files)
            .map_err(IpcError::invalid_input)?;
    }
    let progress = LessonProgress {
        image: lesson.image.clone(),
        done: 0,
        kept_images: here.images.into_iter().collect(),
        kept_networks,
    };
    save_progress(&settings, &key, &id, Some(progress.clone())).await?;
    Ok(progress)
}

/// Holds the step's check against the engine now.
#[tauri::command]
#[specta::specta]
pub async fn learn_check(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    id: String,
    step: u32,
) -> Result<Verdict, IpcError> {
    let (engine, key) = engine_and_key(&state)?;
    let (lesson, _) = started(&settings, &key, &id)?;
    verdict_now(&engine, &step_of(&lesson, step)?.check).await
}

/// "Do it for me": runs the step's command through the engine, as the CLI would, and returns
/// what the CLI would have printed.
#[tauri::command]
#[specta::specta]
pub async fn learn_do(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    id: String,
    step: u32,
) -> Result<Printed, IpcError> {
    let (engine, key) = engine_and_key(&state)?;
    let (lesson, _) = started(&settings, &key, &id)?;
    let s = step_of(&lesson, step)?;
    if let Some(why) = &s.terminal_only {
        return Err(IpcError::invalid_input(format!(
            "step: type this one in your own terminal: {why}"
        )));
    }
    let action = read_command(&s.command).map_err(IpcError::invalid_input)?;
    tracing::info!(command = %s.command, lesson = %id, "lesson step");
    let folder = folder_of(&lesson)?;
    Ok(engine.lesson_do(&action, folder.as_deref()).await?)
}

/// Records the step as done. A checked step counts only when its check passes now: the
/// engine, not the click, says it was done.
#[tauri::command]
#[specta::specta]
pub async fn learn_step_done(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    id: String,
    step: u32,
) -> Result<LessonProgress, IpcError> {
    let (engine, key) = engine_and_key(&state)?;
    let (lesson, mut progress) = started(&settings, &key, &id)?;
    let check = &step_of(&lesson, step)?.check;
    if !matches!(check, Check::Look) {
        let verdict = verdict_now(&engine, check).await?;
        if !verdict.passed {
            return Err(IpcError::invalid_input(format!(
                "step: not done yet: {}",
                verdict.seen
            )));
        }
    }
    progress.done = progress.done.max(step + 1);
    save_progress(&settings, &key, &id, Some(progress.clone())).await?;
    Ok(progress)
}

/// What "finish" would remove now: what the lesson made that is still here, except images
/// that were on the engine before it started.
#[tauri::command]
#[specta::specta]
pub async fn learn_finish_preview(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    id: String,
) -> Result<Made, IpcError> {
    let (engine, key) = engine_and_key(&state)?;
    let (lesson, progress) = started(&settings, &key, &id)?;
    let mut here = engine.lesson_present(&lesson.makes).await?;
    here.images.retain(|i| !progress.kept_images.contains(i));
    here.networks
        .retain(|n| !progress.kept_networks.contains(n));
    here.files = files_as_written(&lesson)?;
    Ok(here)
}

/// Removes what the finish preview listed (`seen`) and is still here, and forgets the
/// lesson's progress on this engine.
#[tauri::command]
#[specta::specta]
pub async fn learn_finish(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    id: String,
    seen: Made,
) -> Result<Finished, IpcError> {
    let (engine, key) = engine_and_key(&state)?;
    let (lesson, progress) = started(&settings, &key, &id)?;
    let here = engine.lesson_present(&lesson.makes).await?;
    let both = |a: &std::collections::BTreeSet<String>, b: &std::collections::BTreeSet<String>| {
        a.intersection(b).cloned().collect()
    };
    let mut remove = Made {
        containers: both(&here.containers, &seen.containers),
        volumes: both(&here.volumes, &seen.volumes),
        networks: both(&here.networks, &seen.networks),
        images: both(&here.images, &seen.images),
        // The files are the app's to remove, below.
        files: Default::default(),
        services: both(&here.services, &seen.services),
        swarm: here.swarm && seen.swarm,
    };
    remove.images.retain(|i| !progress.kept_images.contains(i));
    remove
        .networks
        .retain(|n| !progress.kept_networks.contains(n));
    tracing::info!(lesson = %id, "lesson finish");
    let mut finished = engine.lesson_finish(&remove).await;
    if let Some(folder) = folder_of(&lesson)? {
        // Only the files the preview showed: one changed since is the user's and stays.
        let shown: Vec<_> = lesson
            .files
            .iter()
            .filter(|f| seen.files.contains(&f.path))
            .cloned()
            .collect();
        let kept = tugboat_lessons::folder::remove_files(&folder, &shown);
        finished.removed.files = shown
            .iter()
            .map(|f| f.path.clone())
            .filter(|p| !kept.contains(p))
            .collect();
        finished.refused.extend(kept.into_iter().map(|p| {
            (
                folder.join(&p).to_string_lossy().into_owned(),
                "changed since the preview, so it was kept".to_owned(),
            )
        }));
    }
    save_progress(&settings, &key, &id, None).await?;
    Ok(finished)
}

/// The lesson's files still exactly as it wrote them: those "finish" removes. One the user
/// changed is theirs and stays.
fn files_as_written(lesson: &Lesson) -> Result<std::collections::BTreeSet<String>, IpcError> {
    let Some(folder) = folder_of(lesson)? else {
        return Ok(Default::default());
    };
    Ok(lesson
        .files
        .iter()
        .filter(|f| std::fs::read(folder.join(&f.path)).is_ok_and(|t| t == f.text.as_bytes()))
        .map(|f| f.path.clone())
        .collect())
}

/// Adds a lesson from its text (pasted), or lists every reason it is refused.
#[tauri::command]
#[specta::specta]
pub async fn learn_import_text(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    text: String,
) -> Result<LessonImport, IpcError> {
    import(&state, &settings, text).await
}

/// Opens the system's file dialog for a lesson file and adds it, or lists why it is refused.
/// None: the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn learn_import_choose(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
) -> Result<Option<LessonImport>, IpcError> {
    let Some(path) = ask(&app, Pick::File, "Open a lesson file", None).await? else {
        return Ok(None);
    };
    let file = tugboat_files::text::read_text(&path, "lesson file")
        .await
        .map_err(|e| IpcError::invalid_input(e.to_string()))?;
    import(&state, &settings, file.text).await.map(Some)
}

async fn import(
    state: &AppState,
    settings: &SettingsFile,
    text: String,
) -> Result<LessonImport, IpcError> {
    if text.len() > MAX_LESSON_BYTES {
        return Err(IpcError::invalid_input(format!(
            "lesson file: {} KB is more than a lesson; lesson files are at most {} KB",
            text.len() / 1024,
            MAX_LESSON_BYTES / 1024
        )));
    }
    let lesson = match read_lesson_with(&text, None) {
        Ok(l) => l,
        Err(refusals) => {
            return Ok(LessonImport {
                lesson: None,
                refusals,
            })
        }
    };
    if builtin_text(&lesson.id).is_some() {
        return Ok(LessonImport {
            lesson: None,
            refusals: vec![LessonRefusal {
                line: id_line(&text),
                reason: format!(
                    "id `{}` is a lesson that comes with Tugboat; give yours an id of its own",
                    lesson.id
                ),
            }],
        });
    }
    let id = lesson.id.clone();
    settings
        .update(|s| s.import_lesson(&id, text))
        .await
        .map_err(IpcError::internal)?;
    let done = engine_and_key(state)
        .ok()
        .and_then(|(_, key)| settings.get().learn().progress_of(&key, &id))
        .map(|p| p.done);
    Ok(LessonImport {
        lesson: Some(summary(&lesson, true, done)),
        refusals: vec![],
    })
}

/// The line `id = …` is on (1 when there is none).
fn id_line(text: &str) -> u32 {
    text.lines()
        .position(|l| l.trim_start().starts_with("id"))
        .map_or(1, |i| i as u32 + 1)
}

/// Saves the lesson's file where the user picks in the save dialog, for a class or to edit
/// into a lesson of their own. Returns where it was written; None: the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn learn_export_choose(
    app: AppHandle,
    settings: State<'_, SettingsFile>,
    id: String,
) -> Result<Option<String>, IpcError> {
    let text = lesson_text(&settings, &id)?;
    let Some(path) = ask(
        &app,
        Pick::Save {
            file_name: format!("{id}.toml"),
            filter: ("Lesson", &["toml"]),
        },
        "Save the lesson file",
        None,
    )
    .await?
    else {
        return Ok(None);
    };
    // The save dialog has asked before replacing a file.
    let mut file = tugboat_files::AtomicFile::create(&path, true, "lesson file")
        .await
        .map_err(|e| IpcError::invalid_input(e.to_string()))?;
    file.write(text.as_bytes())
        .await
        .map_err(|e| IpcError::internal(e.to_string()))?;
    file.commit()
        .await
        .map_err(|e| IpcError::internal(e.to_string()))?;
    Ok(Some(path.display().to_string()))
}
