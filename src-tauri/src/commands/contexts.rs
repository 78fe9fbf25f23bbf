//! Docker contexts: list, create, update, remove, use (the CLI's current and the app's
//! connection) and connect (the app only), each with its `docker context …` line.

use crate::chosen::{ask, folder_of, ChosenPaths, Pick};
use crate::error::IpcError;
use crate::settings::SettingsFile;
use crate::state::AppState;
use std::path::Path;
use std::sync::Mutex;
use tauri::{AppHandle, State};
use tugboat_engine::contexts::{
    context_preview, mark_in_use, ContextAction, ContextCommand, ContextForm, ContextRow,
    ContextStore, RemovePreview, DEFAULT_CONTEXT,
};
use tugboat_engine::{EngineTarget, EnvSnapshot};

/// The context the app was last told to connect through, and its host then: several contexts
/// may share an address, and this says which one the user picked.
static CONNECTED_VIA: Mutex<Option<(String, String)>> = Mutex::new(None);

fn store() -> ContextStore {
    ContextStore::from_env(&EnvSnapshot::from_process())
}

/// `docker context ls`, with the one the app is connected to marked.
#[tauri::command]
#[specta::specta]
pub async fn context_list(state: State<'_, AppState>) -> Result<Vec<ContextRow>, IpcError> {
    let mut rows = store().list().await?;
    let status = state.engine.status();
    let via = CONNECTED_VIA.lock().ok().and_then(|v| v.clone());
    mark_in_use(
        &mut rows,
        status.endpoint.as_ref(),
        via.as_ref().map(|(n, h)| (n.as_str(), h.as_str())),
    );
    Ok(rows)
}

/// Which TLS file a dialog is for.
#[derive(Debug, Clone, Copy, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TlsFile {
    Ca,
    Cert,
    Key,
}

/// The system's open dialog for one TLS file; the app reads only files picked this way (or
/// the store's own copies, for an edit that keeps them).
#[tauri::command]
#[specta::specta]
pub async fn context_tls_choose(
    app: AppHandle,
    chosen: State<'_, ChosenPaths>,
    file: TlsFile,
    typed: String,
) -> Result<Option<String>, IpcError> {
    let title = match file {
        TlsFile::Ca => "Choose the CA certificate (ca.pem)",
        TlsFile::Cert => "Choose the client certificate (cert.pem)",
        TlsFile::Key => "Choose the client key (key.pem)",
    };
    let picked = ask(&app, Pick::File, title, folder_of(&typed)).await?;
    Ok(picked.map(|p| {
        chosen.allow_read(&p);
        p.display().to_string()
    }))
}

/// Refuses TLS paths the user did not pick (a page could otherwise name any file to copy).
fn check_tls_picked(
    store: &ContextStore,
    chosen: &ChosenPaths,
    form: &ContextForm,
) -> Result<(), IpcError> {
    let Some(tls) = &form.tls else {
        return Ok(());
    };
    let own = store.dir().join("contexts").join("tls");
    for (file, path) in tls.files() {
        let p = Path::new(path);
        if !chosen.may_read(p) && !p.starts_with(&own) {
            let field = file.trim_end_matches(".pem");
            return Err(tugboat_engine::EngineError::InvalidInput(format!(
                "tls.{field}: {path} was not picked here; choose the file with its button"
            ))
            .into());
        }
    }
    Ok(())
}

/// `docker context create`.
#[tauri::command]
#[specta::specta]
pub async fn context_create(
    chosen: State<'_, ChosenPaths>,
    form: ContextForm,
) -> Result<(), IpcError> {
    let store = store();
    check_tls_picked(&store, &chosen, &form)?;
    Ok(store.create(&form).await?)
}

/// `docker context update`.
#[tauri::command]
#[specta::specta]
pub async fn context_update(
    chosen: State<'_, ChosenPaths>,
    name: String,
    form: ContextForm,
) -> Result<(), IpcError> {
    let store = store();
    check_tls_picked(&store, &chosen, &form)?;
    Ok(store.update(&name, &form).await?)
}

/// What `docker context rm` would remove, and whether it needs force.
#[tauri::command]
#[specta::specta]
pub async fn context_remove_preview(name: String) -> Result<RemovePreview, IpcError> {
    Ok(store().remove_preview(&name).await?)
}

/// `docker context rm [-f]`.
#[tauri::command]
#[specta::specta]
pub async fn context_remove(name: String, force: bool) -> Result<(), IpcError> {
    Ok(store().remove(&name, force).await?)
}

/// Switches the app to a context (`default`: back to the configured engine) the way the
/// switcher does — with the context's TLS files, closing what belonged to the old engine — and
/// remembers it as the last engine.
async fn connect_app(
    state: &AppState,
    settings: &SettingsFile,
    row: &ContextRow,
) -> Result<(), IpcError> {
    let target = if row.name == DEFAULT_CONTEXT {
        EngineTarget::Configured
    } else {
        tugboat_engine::connection::endpoint::check_scheme(&row.host)?;
        EngineTarget::Context {
            name: row.name.clone(),
        }
    };
    if let Ok(mut via) = CONNECTED_VIA.lock() {
        *via = Some((row.name.clone(), row.host.clone()));
    }
    state.switch_engine(target.clone());
    if let Err(e) = settings.remember_engine(target).await {
        // The switch itself worked; only next start's choice is lost.
        tracing::warn!(error = %e, "the last engine was not remembered");
    }
    Ok(())
}

/// `docker context use NAME` (the CLI's current context, so a terminal's `docker` follows it
/// too), then the app connects to it. Checked first that the app can connect, so a refusal
/// changes nothing.
#[tauri::command]
#[specta::specta]
pub async fn context_use(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    name: String,
) -> Result<(), IpcError> {
    let store = store();
    let row = store.get(&name).await?;
    if row.name != DEFAULT_CONTEXT {
        tugboat_engine::connection::endpoint::check_scheme(&row.host)?;
    }
    store.use_context(&name).await?;
    connect_app(&state, &settings, &row).await
}

/// The app connects to a context's endpoint; the CLI's current context stays as it is.
#[tauri::command]
#[specta::specta]
pub async fn context_connect(
    state: State<'_, AppState>,
    settings: State<'_, SettingsFile>,
    name: String,
) -> Result<(), IpcError> {
    let row = store().get(&name).await?;
    connect_app(&state, &settings, &row).await
}

/// The `docker context …` line an action equals, and what is wrong with the form.
#[tauri::command]
#[specta::specta]
pub fn context_command(action: ContextAction, form: ContextForm) -> ContextCommand {
    context_preview(action, &form)
}
