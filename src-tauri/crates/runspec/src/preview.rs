//! What a form shows under itself as the user types: the `docker …` line its input equals, or
//! the fields that are wrong. The same shapes serve every command form (run, update, commit,
//! and later the create forms of other resources).

use crate::argv::command_line;
use crate::explain::ArgPart;
use crate::form::FieldError;
use crate::spec::ContainerSpec;
use serde::Serialize;

/// The run form's preview.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunPreview {
    /// The whole command, to copy. Empty while the form has errors.
    pub command_line: String,
    /// The command flag by flag, each with what it does.
    pub parts: Vec<ArgPart>,
    /// Problems that stop the run, on the fields they belong to.
    pub errors: Vec<FieldError>,
    /// Things worth knowing that do not stop it (a host port already taken…).
    pub warnings: Vec<FieldError>,
}

impl RunPreview {
    /// A valid spec, with the warnings found about it (the spec's own are added here).
    pub fn of_spec(spec: &ContainerSpec, mut warnings: Vec<FieldError>) -> Self {
        warnings.extend(spec.advanced.warnings());
        RunPreview {
            command_line: spec.command_line(),
            parts: spec.explained(),
            errors: vec![],
            warnings,
        }
    }

    /// A form that did not validate.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        RunPreview {
            command_line: String::new(),
            parts: vec![],
            errors,
            warnings: vec![],
        }
    }
}

/// What a command would say for these inputs (`docker update`, `docker commit`), or the fields
/// that are wrong.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CommandPreview {
    pub command_line: String,
    pub errors: Vec<FieldError>,
}

impl CommandPreview {
    pub fn of<T>(
        validated: Result<T, Vec<FieldError>>,
        argv: impl FnOnce(&T) -> Vec<String>,
    ) -> Self {
        match validated {
            Ok(v) => CommandPreview {
                command_line: command_line(&argv(&v)),
                errors: vec![],
            },
            Err(errors) => CommandPreview {
                command_line: String::new(),
                errors,
            },
        }
    }
}

/// A form that did not validate, as one message naming every field and what is wrong with it
/// (for a submit that bypassed the preview).
pub fn describe_invalid(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(field: &str, message: &str) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }

    #[test]
    fn an_invalid_form_names_every_field() {
        let e = [
            err("image", "is required"),
            err("ports[0].host", "must be 1-65535"),
        ];
        assert_eq!(
            describe_invalid(&e),
            "image: is required; ports[0].host: must be 1-65535"
        );
        let p = RunPreview::invalid(e.to_vec());
        assert!(p.command_line.is_empty() && p.parts.is_empty());
        assert_eq!(p.errors.len(), 2);
    }

    #[test]
    fn a_command_preview_has_a_line_or_errors_never_both() {
        let ok = CommandPreview::of(Ok::<_, Vec<FieldError>>(3), |n| {
            vec![
                "docker".into(),
                "update".into(),
                "--cpus".into(),
                n.to_string(),
                "web".into(),
            ]
        });
        assert_eq!(ok.command_line, "docker update --cpus 3 web");
        assert!(ok.errors.is_empty());
        let bad = CommandPreview::of(
            Err::<u8, _>(vec![err("cpus", "is not a number")]),
            |_| vec![],
        );
        assert!(bad.command_line.is_empty());
        assert_eq!(bad.errors.len(), 1);
    }
}
