//! Registries: who is logged in where (the docker CLI's own config), `docker login` and
//! `docker logout`, which registries the engine may use over plain HTTP, and a local registry
//! container. Logic is the engine crate's (`registry`), lines are runspec's (`registry_spec`).
//! The password is an argument of `registry_login` only; it is never logged (the lines say
//! `--password-stdin`, and `LoginForm`'s `Debug` hides it).

use crate::error::{IpcError, IpcErrorCode};
use crate::state::AppState;
use serde::Serialize;
use tauri::State;
use tugboat_engine::registry::local::LocalRegistryStarted;
use tugboat_engine::registry::login::{registry_logout as logout, CredentialsHome};
use tugboat_engine::registry::{LoginError, LoginOutcome, PlainHttpRegistries};
use tugboat_runspec::argv::command_line;
use tugboat_runspec::form::FieldError;
use tugboat_runspec::preview::describe_invalid;
use tugboat_runspec::registry_spec::{logout_argv, registry_name, LocalRegistryForm, LoginForm};

impl From<LoginError> for IpcError {
    fn from(err: LoginError) -> Self {
        match err {
            LoginError::Engine(e) => e.into(),
            // Whose mistake it was: the user's input.
            LoginError::WrongCredentials(m) => IpcError::invalid_input(m),
            other => IpcError {
                code: IpcErrorCode::Failed,
                message: other.to_string(),
            },
        }
    }
}

/// The config file, its helpers, and every registry it knows with who is logged in.
#[tauri::command]
#[specta::specta]
pub async fn registry_home(state: State<'_, AppState>) -> Result<CredentialsHome, IpcError> {
    state
        .docker_config
        .home()
        .await
        .map_err(|e| IpcError::internal(e.to_string()))
}

/// The registries the engine may use over plain HTTP (`insecure-registries`).
#[tauri::command]
#[specta::specta]
pub async fn registry_plain_http(
    state: State<'_, AppState>,
) -> Result<PlainHttpRegistries, IpcError> {
    Ok(state.engine.engine()?.plain_http_registries().await?)
}

/// The `docker login` line the form equals (never with the password), and its field errors.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LoginPreview {
    pub command_line: String,
    pub errors: Vec<FieldError>,
}

#[tauri::command]
#[specta::specta]
pub fn registry_login_preview(form: LoginForm) -> LoginPreview {
    LoginPreview {
        command_line: command_line(&form.argv()),
        errors: form.validate().err().unwrap_or_default(),
    }
}

/// `docker login SERVER -u USER --password-stdin`: checked by the engine, then kept where the
/// CLI keeps credentials. Nothing is kept when the check fails.
#[tauri::command]
#[specta::specta]
pub async fn registry_login(
    state: State<'_, AppState>,
    server: String,
    username: String,
    password: String,
) -> Result<LoginOutcome, IpcError> {
    let form = LoginForm {
        server,
        username,
        password,
    };
    let login = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    tracing::info!(command = %command_line(&login.argv()), "registry login");
    let engine = state.engine.engine()?;
    Ok(engine.registry_login(&state.docker_config, &login).await?)
}

/// The `docker logout` line for a registry.
#[tauri::command]
#[specta::specta]
pub fn registry_logout_command(server: String) -> Result<String, IpcError> {
    let registry = registry_name(&server).map_err(IpcError::invalid_input)?;
    Ok(command_line(&logout_argv(&registry)))
}

/// `docker logout SERVER`. Whether there were credentials to forget.
#[tauri::command]
#[specta::specta]
pub async fn registry_logout(state: State<'_, AppState>, server: String) -> Result<bool, IpcError> {
    let registry = registry_name(&server).map_err(IpcError::invalid_input)?;
    tracing::info!(command = %command_line(&logout_argv(&registry)), "registry logout");
    Ok(logout(&state.docker_config, &registry).await?)
}

/// The local registry card: the `docker run` line, the field errors, whether the image is on
/// the engine, and the lines that put `push_image` into it once it runs.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LocalRegistryPreview {
    pub command_line: String,
    pub errors: Vec<FieldError>,
    /// None when the form is invalid or the engine did not say.
    pub image_present: Option<bool>,
    /// `docker tag …` and `docker push …` for `push_image`; empty without one.
    pub push_commands: Vec<String>,
    /// `localhost:PORT`.
    pub address: String,
}

#[tauri::command]
#[specta::specta]
pub async fn registry_local_preview(
    state: State<'_, AppState>,
    form: LocalRegistryForm,
    push_image: String,
) -> Result<LocalRegistryPreview, IpcError> {
    match form.validate() {
        Ok(reg) => {
            let image_present = match state.engine.engine() {
                Ok(engine) => engine.has_image(&reg.image).await.ok(),
                Err(_) => None,
            };
            let push = push_image.trim();
            Ok(LocalRegistryPreview {
                command_line: command_line(&reg.argv()),
                errors: vec![],
                image_present,
                push_commands: if push.is_empty() {
                    vec![]
                } else {
                    reg.push_argvs(push)
                        .iter()
                        .map(|a| command_line(a))
                        .collect()
                },
                address: reg.address(),
            })
        }
        Err(errors) => Ok(LocalRegistryPreview {
            command_line: String::new(),
            errors,
            image_present: None,
            push_commands: vec![],
            address: String::new(),
        }),
    }
}

/// `docker run -d -p PORT:5000 --name NAME registry:2` (or the image given).
#[tauri::command]
#[specta::specta]
pub async fn registry_local_start(
    state: State<'_, AppState>,
    form: LocalRegistryForm,
) -> Result<LocalRegistryStarted, IpcError> {
    let reg = form
        .validate()
        .map_err(|e| IpcError::invalid_input(describe_invalid(&e)))?;
    Ok(state.engine.engine()?.start_local_registry(&reg).await?)
}
