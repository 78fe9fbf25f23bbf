//! `docker top`: the processes running in a container, as the host's `ps` lists them, and the
//! `docker …` lines of the other views that look inside a container (stats, diff, port), so
//! every such line is made in one place with the one quoting rule.

use crate::connection::Engine;
use crate::error::EngineError;
use bollard::query_parameters::TopOptions;
use serde::Serialize;
use tugboat_runspec::argv::command_line;

/// What `docker top` prints: `ps`'s column titles and one row of cells per process.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProcessTable {
    pub titles: Vec<String>,
    pub processes: Vec<Vec<String>>,
}

/// The `docker …` lines the inside views of one container equal.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InsideCommands {
    pub stats: String,
    pub top: String,
    pub diff: String,
    pub port: String,
}

/// ps options as the engine takes them: words separated by single spaces (the engine splits on
/// each space, so runs of blanks would reach `ps` as empty words). None when there are none:
/// the engine then runs `ps -ef`.
pub fn ps_words(ps_args: Option<&str>) -> Option<Vec<String>> {
    let words: Vec<String> = ps_args?.split_whitespace().map(str::to_owned).collect();
    (!words.is_empty()).then_some(words)
}

/// `docker top NAME [ps OPTIONS]`, `docker stats NAME…`, `docker diff NAME`, `docker port NAME`.
pub fn inside_commands(name: &str, ps_args: Option<&str>) -> InsideCommands {
    let mut top = vec!["docker".to_owned(), "top".to_owned(), name.to_owned()];
    top.extend(ps_words(ps_args).unwrap_or_default());
    InsideCommands {
        stats: stats_command(&[name]),
        top: command_line(&top),
        diff: command_line(&["docker", "diff", name]),
        port: command_line(&["docker", "port", name]),
    }
}

/// `docker stats` for the containers shown side by side.
pub fn stats_command<S: AsRef<str>>(names: &[S]) -> String {
    let mut argv = vec!["docker", "stats"];
    argv.extend(names.iter().map(AsRef::as_ref));
    command_line(&argv)
}

impl Engine {
    /// `docker top`: refused with `Conflict` for a container that is not running, and with
    /// `InvalidInput` or an API error (the engine's words) for options `ps` does not take.
    pub async fn top(&self, id: &str, ps_args: Option<&str>) -> Result<ProcessTable, EngineError> {
        let options = ps_words(ps_args).map(|w| TopOptions {
            ps_args: w.join(" "),
        });
        let answer = self.docker.top_processes(id, options).await?;
        Ok(ProcessTable {
            titles: answer.titles.unwrap_or_default(),
            processes: answer.processes.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ps_options_are_single_spaced_words_or_none() {
        assert_eq!(ps_words(None), None);
        assert_eq!(ps_words(Some("   ")), None);
        assert_eq!(
            ps_words(Some("  -eo   pid,ppid,user,args ")),
            Some(vec!["-eo".to_owned(), "pid,ppid,user,args".to_owned()])
        );
    }

    #[test]
    fn inside_lines_name_the_container_and_quote_like_a_shell() {
        let c = inside_commands("web", Some("aux"));
        assert_eq!(c.top, "docker top web aux");
        assert_eq!(c.stats, "docker stats web");
        assert_eq!(c.diff, "docker diff web");
        assert_eq!(c.port, "docker port web");
        assert_eq!(inside_commands("web", None).top, "docker top web");
        assert_eq!(
            inside_commands("web", Some("-o pid,args;rm")).top,
            "docker top web -o 'pid,args;rm'"
        );
        assert_eq!(stats_command(&["a", "b"]), "docker stats a b");
    }
}
