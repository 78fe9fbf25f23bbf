//! Just enough of a shell reader to see the commands a `RUN` line chains: words with their
//! byte positions in the source, split at `&&`, `||`, `;`, `|` and new lines.
//!
//! Hand-written because the rules need positions in the *Dockerfile* text (to place quick-fix
//! edits) across `\` line continuations and the comment lines BuildKit drops inside them; the
//! shell-word crates give words without positions and know nothing of Dockerfile continuations.
//! It does not expand anything: a word is what the user typed.

/// One word of a simple command: its text (quotes removed) and where it sits in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// Byte range in the text given to [`commands`].
    pub start: usize,
    pub end: usize,
}

/// A simple command: the words between two operators.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    pub words: Vec<Word>,
}

impl Command {
    /// The program run, skipping `sudo`, `env` and leading `NAME=value` assignments.
    pub fn program(&self) -> Option<(usize, &Word)> {
        self.words
            .iter()
            .enumerate()
            .find(|(_, w)| !is_assignment(&w.text) && w.text != "sudo" && w.text != "env")
    }

    /// The words after the program.
    pub fn args(&self) -> &[Word] {
        match self.program() {
            Some((i, _)) => &self.words[i + 1..],
            None => &[],
        }
    }

    /// The first argument not starting with `-`: the sub-command of `apt-get`, `npm`, `go`.
    pub fn subcommand(&self) -> Option<&Word> {
        self.args().iter().find(|w| !w.text.starts_with('-'))
    }

    pub fn is(&self, program: &str) -> bool {
        self.program()
            .is_some_and(|(_, w)| w.text == program || w.text.rsplit('/').next() == Some(program))
    }
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

/// The simple commands of a shell-form script, in order. `escape` is the Dockerfile escape
/// character (`\` unless a `# escape=` directive says otherwise): it joins lines.
pub fn commands(script: &str, escape: char) -> Vec<Command> {
    let mut out = Vec::new();
    let mut current = Command::default();
    let mut word = String::new();
    let mut word_start: Option<usize> = None;
    let mut chars = script.char_indices().peekable();
    let mut at_line_start = true;

    let finish_word =
        |word: &mut String, start: &mut Option<usize>, end: usize, cmd: &mut Command| {
            if let Some(s) = start.take() {
                cmd.words.push(Word {
                    text: std::mem::take(word),
                    start: s,
                    end,
                });
            }
        };

    while let Some((i, c)) = chars.next() {
        if at_line_start {
            // A comment line inside a continuation: BuildKit drops it before the shell sees it.
            if c == ' ' || c == '\t' {
                continue;
            }
            at_line_start = false;
            if c == '#' {
                for (_, n) in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                at_line_start = true;
                continue;
            }
        }
        match c {
            _ if c == escape && matches!(chars.peek(), Some((_, '\n' | '\r'))) => {
                // Line continuation: the word ends, the command goes on.
                finish_word(&mut word, &mut word_start, i, &mut current);
                while let Some((_, n)) = chars.peek() {
                    if *n == '\r' || *n == '\n' {
                        let n = *n;
                        chars.next();
                        if n == '\n' {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                at_line_start = true;
            }
            ' ' | '\t' => finish_word(&mut word, &mut word_start, i, &mut current),
            // A comment runs to the end of the line (a `#` inside a word is just a character).
            '#' if word_start.is_none() => {
                while let Some((_, n)) = chars.peek() {
                    if *n == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            '\n' | ';' | '&' | '|' => {
                finish_word(&mut word, &mut word_start, i, &mut current);
                if matches!(
                    (c, chars.peek()),
                    ('&', Some((_, '&'))) | ('|', Some((_, '|')))
                ) {
                    chars.next();
                }
                if !current.words.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                at_line_start = c == '\n';
            }
            '\'' | '"' => {
                word_start.get_or_insert(i);
                while let Some((_, n)) = chars.next() {
                    if n == c {
                        break;
                    }
                    if c == '"' && n == '\\' {
                        if let Some((_, e)) = chars.next() {
                            word.push(e);
                        }
                        continue;
                    }
                    word.push(n);
                }
            }
            '\\' => {
                word_start.get_or_insert(i);
                if let Some((_, n)) = chars.next() {
                    word.push(n);
                }
            }
            _ => {
                word_start.get_or_insert(i);
                word.push(c);
            }
        }
    }
    finish_word(&mut word, &mut word_start, script.len(), &mut current);
    if !current.words.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cmd: &Command) -> Vec<&str> {
        cmd.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn splits_at_operators_and_keeps_positions() {
        let s = "apt-get update && apt-get install -y curl; echo 'a b' | tee x";
        let cmds = commands(s, '\\');
        assert_eq!(cmds.len(), 4);
        assert_eq!(texts(&cmds[1]), ["apt-get", "install", "-y", "curl"]);
        assert_eq!(texts(&cmds[2]), ["echo", "a b"]);
        let install = &cmds[1].words[1];
        assert_eq!(&s[install.start..install.end], "install");
    }

    #[test]
    fn follows_continuations_and_drops_comment_lines() {
        let s = "apt-get install \\\n  # the tools\n  curl \\\n  git";
        let cmds = commands(s, '\\');
        assert_eq!(cmds.len(), 1);
        assert_eq!(texts(&cmds[0]), ["apt-get", "install", "curl", "git"]);
    }

    #[test]
    fn a_comment_ends_at_the_line_end() {
        let cmds = commands("echo a#b # note && x\nls", '\\');
        assert_eq!(cmds.len(), 2);
        assert_eq!(texts(&cmds[0]), ["echo", "a#b"]);
    }

    #[test]
    fn backtick_escape_joins_lines() {
        let cmds = commands("echo a `\n  b", '`');
        assert_eq!(texts(&cmds[0]), ["echo", "a", "b"]);
    }

    #[test]
    fn program_skips_sudo_and_assignments() {
        let cmds = commands(
            "DEBIAN_FRONTEND=noninteractive sudo apt-get -q install x",
            '\\',
        );
        assert!(cmds[0].is("apt-get"));
        assert_eq!(
            cmds[0].subcommand().map(|w| w.text.as_str()),
            Some("install")
        );
        assert!(!commands("echo apt-get", '\\')[0].is("apt-get"));
    }
}
