//! The one rule that turns a `docker …` argv into a line a person can paste into a shell: every
//! command the app shows or logs goes through it, so what is shown quotes the way it is logged.

/// An argv as one line a POSIX shell splits back into the same words.
pub fn command_line<S: AsRef<str>>(argv: &[S]) -> String {
    shell_words::join(argv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_quote_what_a_shell_would_split() {
        let argv = ["docker", "rename", "web", "it's"];
        assert_eq!(command_line(&argv), "docker rename web 'it'\\''s'");
        assert_eq!(
            command_line(&["docker", "start", "web"]),
            "docker start web"
        );
        let round = shell_words::split(&command_line(&["a b", "$HOME", ""])).unwrap();
        assert_eq!(round, ["a b", "$HOME", ""]);
    }
}
