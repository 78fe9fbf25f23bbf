//! Command lines for places that show what an action equals but have no form of their own (the
//! command palette): the words after `docker`, joined by the one quoting rule every other line
//! the app shows goes through.

use tugboat_runspec::argv::command_line;

/// `docker <args…>` as a line a shell splits back into the same words.
#[tauri::command]
#[specta::specta]
pub fn docker_line(args: Vec<String>) -> String {
    let mut argv = Vec::with_capacity(args.len() + 1);
    argv.push("docker".to_owned());
    argv.extend(args);
    command_line(&argv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_needs_quoting_is_quoted() {
        assert_eq!(
            docker_line(vec!["container".into(), "inspect".into(), "web".into()]),
            "docker container inspect web"
        );
        assert_eq!(
            docker_line(vec!["volume".into(), "inspect".into(), "my data".into()]),
            "docker volume inspect 'my data'"
        );
    }
}
