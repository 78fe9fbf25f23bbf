//! `docker exec -it` and `docker attach`: the terminal form as the user fills it, its checks
//! (each error names its field), the request it becomes, and the `docker …` line each equals.

use crate::argv::command_line;
use crate::form::{EnvRow, FieldError};
use crate::values::env_name;
use serde::{Deserialize, Serialize};

/// The keys that detach from `docker attach` without stopping the container, as the engine
/// reads them (`detachKeys`), and the bytes the keyboard sends for them (ctrl-p is 0x10,
/// ctrl-q 0x11): the "Detach" button sends these bytes, exactly as typing them would.
pub const DETACH_KEYS: &str = "ctrl-p,ctrl-q";
pub const DETACH_BYTES: [u8; 2] = [0x10, 0x11];

/// The terminal form: the command as typed (`sh`, `bash` or anything else, split as a shell
/// would), and the optional user, working directory and environment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExecForm {
    pub command: String,
    pub user: String,
    pub working_dir: String,
    pub env: Vec<EnvRow>,
}

/// What the engine is asked to run in a container (`POST /containers/{id}/exec` with a TTY and
/// stdin), and the terminal's first size.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExecRequest {
    pub cmd: Vec<String>,
    pub user: Option<String>,
    pub working_dir: Option<String>,
    /// `NAME=value` entries.
    pub env: Vec<String>,
    pub cols: u16,
    pub rows: u16,
}

/// A terminal's size must be one a TTY can have; 0 would make every line wrap at once.
fn check_size(cols: u16, rows: u16, errs: &mut Vec<FieldError>) {
    if cols == 0 {
        errs.push(FieldError::new(
            "cols",
            "a terminal is at least 1 column wide",
        ));
    }
    if rows == 0 {
        errs.push(FieldError::new("rows", "a terminal is at least 1 row high"));
    }
}

fn check_user(user: &str, errs: &mut Vec<FieldError>) {
    if user.chars().any(char::is_whitespace) || user.starts_with(':') || user.ends_with(':') {
        errs.push(FieldError::new(
            "user",
            format!(
                "`{user}` is not a user: give a name or uid, optionally with a group \
                 (`www-data`, `1000`, `1000:1000`), or leave it empty for the image's user"
            ),
        ));
    }
}

fn check_working_dir(dir: &str, errs: &mut Vec<FieldError>) {
    if !dir.starts_with('/') {
        errs.push(FieldError::new(
            "workingDir",
            format!(
                "`{dir}` is not an absolute path inside the container: start it with `/` \
                 (such as /app), or leave it empty for the image's working directory"
            ),
        ));
    }
}

impl ExecForm {
    /// The request this form asks for (sized `cols`×`rows`), or what is wrong with each field.
    pub fn validate(&self, cols: u16, rows: u16) -> Result<ExecRequest, Vec<FieldError>> {
        let mut errs = Vec::new();
        let cmd = match shell_words::split(self.command.trim()) {
            Ok(words) if words.is_empty() => {
                errs.push(FieldError::new(
                    "command",
                    "give a command to run, such as sh, bash or ls -l /",
                ));
                vec![]
            }
            Ok(words) => words,
            Err(_) => {
                errs.push(FieldError::new(
                    "command",
                    "a quote is not closed: close it, or remove it",
                ));
                vec![]
            }
        };
        let user = self.user.trim();
        if !user.is_empty() {
            check_user(user, &mut errs);
        }
        let dir = self.working_dir.trim();
        if !dir.is_empty() {
            check_working_dir(dir, &mut errs);
        }
        let mut env = Vec::new();
        for (i, row) in self.env.iter().enumerate() {
            if row.name.trim().is_empty() && row.value.is_empty() {
                continue;
            }
            match env_name(&row.name) {
                Ok(name) => env.push(format!("{name}={}", row.value)),
                Err(e) => errs.push(FieldError::new(format!("env[{i}].name"), e)),
            }
        }
        check_size(cols, rows, &mut errs);
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(ExecRequest {
            cmd,
            user: (!user.is_empty()).then(|| user.to_owned()),
            working_dir: (!dir.is_empty()).then(|| dir.to_owned()),
            env,
            cols,
            rows,
        })
    }
}

impl ExecRequest {
    /// The same checks as the form's, for a request built elsewhere (the IPC takes one).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        if self.cmd.first().is_none_or(|c| c.trim().is_empty()) {
            errs.push(FieldError::new(
                "cmd",
                "give a command to run, such as sh, bash or ls -l /",
            ));
        }
        if let Some(user) = &self.user {
            check_user(user, &mut errs);
        }
        if let Some(dir) = &self.working_dir {
            check_working_dir(dir, &mut errs);
        }
        for (i, entry) in self.env.iter().enumerate() {
            let name = entry.split_once('=').map_or(entry.as_str(), |(n, _)| n);
            if !entry.contains('=') {
                errs.push(FieldError::new(
                    format!("env[{i}]"),
                    format!("`{entry}` needs a value: write it as NAME=value"),
                ));
            } else if let Err(e) = env_name(name) {
                errs.push(FieldError::new(format!("env[{i}]"), e));
            }
        }
        check_size(self.cols, self.rows, &mut errs);
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }

    /// `docker exec -it [-u U] [-w DIR] [-e K=V]… CONTAINER CMD…`
    pub fn argv(&self, container: &str) -> Vec<String> {
        let mut argv: Vec<String> = vec!["docker".into(), "exec".into(), "-it".into()];
        if let Some(user) = &self.user {
            argv.extend(["-u".into(), user.clone()]);
        }
        if let Some(dir) = &self.working_dir {
            argv.extend(["-w".into(), dir.clone()]);
        }
        for e in &self.env {
            argv.extend(["-e".into(), e.clone()]);
        }
        argv.push(container.into());
        argv.extend(self.cmd.iter().cloned());
        argv
    }

    /// [`ExecRequest::argv`] as one line for a shell.
    pub fn command_line(&self, container: &str) -> String {
        command_line(&self.argv(container))
    }
}

/// `docker attach CONTAINER` (the CLI's detach keys are ctrl-p ctrl-q already, so the line
/// needs no `--detach-keys`).
pub fn attach_command_line(container: &str) -> String {
    command_line(&["docker", "attach", container])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(command: &str) -> ExecForm {
        ExecForm {
            command: command.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_plain_shell_is_docker_exec_it_name_sh() {
        let req = form("sh").validate(80, 24).unwrap();
        assert_eq!(req.cmd, ["sh"]);
        assert_eq!(req.command_line("web"), "docker exec -it web sh");
        assert_eq!((req.cols, req.rows), (80, 24));
    }

    #[test]
    fn user_dir_env_and_a_quoted_custom_command_come_out_in_the_clis_order() {
        let f = ExecForm {
            command: "ls -l 'my dir'".into(),
            user: " 1000:1000 ".into(),
            working_dir: "/srv".into(),
            env: vec![
                EnvRow {
                    name: "A".into(),
                    value: "x y".into(),
                },
                EnvRow::default(),
            ],
        };
        let req = f.validate(100, 30).unwrap();
        assert_eq!(req.cmd, ["ls", "-l", "my dir"]);
        assert_eq!(req.env, ["A=x y"], "the empty row is skipped");
        assert_eq!(
            req.command_line("web"),
            "docker exec -it -u 1000:1000 -w /srv -e 'A=x y' web ls -l 'my dir'"
        );
        assert_eq!(
            shell_words::split(&req.command_line("web")).unwrap()[12],
            "my dir"
        );
        assert_eq!(req.validate(), Ok(()));
    }

    #[test]
    fn each_bad_field_is_named_with_what_would_be_valid() {
        let f = ExecForm {
            command: "echo 'open".into(),
            user: "a b".into(),
            working_dir: "srv".into(),
            env: vec![EnvRow {
                name: "=x".into(),
                value: "1".into(),
            }],
        };
        let errs = f.validate(0, 24).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["command", "user", "workingDir", "env[0].name", "cols"]
        );
        assert!(errs[2].message.contains("start it with `/`"), "{errs:?}");
        let empty = form("   ").validate(80, 24).unwrap_err();
        assert_eq!(empty[0].field, "command");
        assert!(empty[0].message.contains("such as sh"));
    }

    #[test]
    fn a_request_from_the_ipc_is_checked_the_same_way() {
        let bad = ExecRequest {
            cmd: vec![],
            user: Some(":".into()),
            working_dir: Some("rel".into()),
            env: vec!["NOVALUE".into(), "A B=1".into(), "OK=1".into()],
            cols: 80,
            rows: 0,
        };
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["cmd", "user", "workingDir", "env[0]", "env[1]", "rows"]
        );
    }

    #[test]
    fn attach_is_docker_attach_name_and_the_detach_bytes_are_ctrl_p_ctrl_q() {
        assert_eq!(attach_command_line("my app"), "docker attach 'my app'");
        // ctrl-<letter> is the letter's position in the alphabet.
        assert_eq!(DETACH_BYTES, [b'p' - b'a' + 1, b'q' - b'a' + 1]);
        assert_eq!(DETACH_KEYS, "ctrl-p,ctrl-q");
    }
}
