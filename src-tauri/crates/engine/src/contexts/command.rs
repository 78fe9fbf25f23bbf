//! The `docker context …` line each action equals, quoted by runspec's one rule. The
//! `--docker` value is one CSV record (the CLI parses it with a CSV reader), so a field holding
//! a comma or a quote is quoted the CSV way before the shell quoting goes around it all.

use super::{ContextForm, DEFAULT_CONTEXT};
use serde::{Deserialize, Serialize};
use tugboat_runspec::argv::command_line;

/// What is being done to a context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ContextAction {
    Create,
    Update,
    Remove,
    /// `docker context rm -f`: removes the CLI's current context too.
    RemoveForce,
    Use,
}

/// One CSV field: quoted (inner quotes doubled) only when it has to be. Hand-written: this is
/// the whole of the CSV rule a single record needs.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// The `--docker` value: `host=…[,ca=…][,cert=…][,key=…][,skip-tls-verify=true]`.
pub fn docker_flag(form: &ContextForm) -> String {
    let mut fields = vec![format!("host={}", form.host.trim())];
    if let Some(tls) = &form.tls {
        for (file, path) in tls.files() {
            let key = file.trim_end_matches(".pem");
            fields.push(format!("{key}={path}"));
        }
    }
    if form.skip_tls_verify {
        fields.push("skip-tls-verify=true".into());
    }
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// The line a form equals and, for create and update, what is wrong with the form (the first
/// problem, naming its field), so the form shows both as it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContextCommand {
    pub command: String,
    pub error: Option<String>,
}

/// `context_command` with the form checked.
pub fn context_preview(action: ContextAction, form: &ContextForm) -> ContextCommand {
    let error = match action {
        ContextAction::Create | ContextAction::Update => {
            super::check::check_form(form).err().map(|e| e.to_string())
        }
        _ => None,
    };
    ContextCommand {
        command: context_command(action, form),
        error,
    }
}

/// The command line for `action` on the context the form describes (only `name` is read for
/// remove and use).
pub fn context_command(action: ContextAction, form: &ContextForm) -> String {
    let name = form.name.trim().to_owned();
    let mut argv: Vec<String> = vec!["docker".into(), "context".into()];
    match action {
        ContextAction::Create | ContextAction::Update => {
            argv.push(
                if action == ContextAction::Create {
                    "create"
                } else {
                    "update"
                }
                .into(),
            );
            argv.push(name);
            if !form.description.is_empty() {
                argv.push("--description".into());
                argv.push(form.description.clone());
            }
            argv.push("--docker".into());
            argv.push(docker_flag(form));
        }
        ContextAction::Remove => argv.extend(["rm".into(), name]),
        ContextAction::RemoveForce => argv.extend(["rm".into(), "-f".into(), name]),
        ContextAction::Use => {
            argv.push("use".into());
            argv.push(if name.is_empty() {
                DEFAULT_CONTEXT.into()
            } else {
                name
            });
        }
    }
    command_line(&argv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contexts::ContextTls;

    #[test]
    fn create_line_carries_every_tls_file_and_skip_verify() {
        let form = ContextForm {
            name: "prod".into(),
            description: "the box in the attic".into(),
            host: "tcp://10.0.0.2:2376".into(),
            tls: Some(ContextTls {
                ca: Some("/certs/ca.pem".into()),
                cert: Some("/certs/cert.pem".into()),
                key: Some("/certs/key.pem".into()),
            }),
            skip_tls_verify: true,
        };
        assert_eq!(
            context_command(ContextAction::Create, &form),
            "docker context create prod --description 'the box in the attic' --docker \
             'host=tcp://10.0.0.2:2376,ca=/certs/ca.pem,cert=/certs/cert.pem,key=/certs/key.pem,skip-tls-verify=true'"
        );
    }

    #[test]
    fn a_comma_in_a_path_is_csv_quoted_inside_the_shell_quoting() {
        let form = ContextForm {
            name: "c1".into(),
            host: "tcp://h:2376".into(),
            tls: Some(ContextTls {
                ca: Some("/a,b/ca.pem".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            context_command(ContextAction::Update, &form),
            r#"docker context update c1 --docker 'host=tcp://h:2376,"ca=/a,b/ca.pem"'"#
        );
    }

    #[test]
    fn remove_and_use_lines() {
        let form = ContextForm {
            name: "ssh1".into(),
            ..Default::default()
        };
        assert_eq!(
            context_command(ContextAction::Remove, &form),
            "docker context rm ssh1"
        );
        assert_eq!(
            context_command(ContextAction::RemoveForce, &form),
            "docker context rm -f ssh1"
        );
        assert_eq!(
            context_command(ContextAction::Use, &form),
            "docker context use ssh1"
        );
    }
}
