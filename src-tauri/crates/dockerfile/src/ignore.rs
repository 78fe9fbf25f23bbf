//! `.dockerignore`: which files of a build context are left out, by Docker's own rules (moby's
//! `patternmatcher` and `ignorefile`, which the docker CLI uses to pack the context).
//!
//! The rules, as Docker reads them:
//! - a line starting with `#` is a comment; blank lines are skipped; each line is trimmed;
//! - a pattern is a path relative to the context root, cleaned (`a//b/./c/` → `a/b/c`); a
//!   leading `/` is dropped, so `/tmp` and `tmp` are the same pattern;
//! - `*` is any run of characters but `/`, `?` one character but `/`, `[a-z]` a class within
//!   one segment, `\` escapes the next character; `**` is any number of folders (`**/*.go`
//!   matches `a.go` and `x/y/a.go`; `dist/**` everything under `dist`);
//! - a pattern that matches a folder leaves out everything under it (a parent path matching
//!   counts as the file matching);
//! - `!` re-includes what an earlier pattern left out: patterns are read in order and the last
//!   one that matches wins;
//! - the Dockerfile and `.dockerignore` are always sent, even when a pattern names them (the
//!   CLI appends `!Dockerfile` and `!.dockerignore` to the rules; [`IgnoreRules::keep_build_files`]).
//!
//! How it differs from `.gitignore`: there is one file, at the context root, and every pattern
//! is anchored there — `*.log` matches only at the root (git matches it at any depth; write
//! `**/*.log` here); a trailing `/` means nothing special (git: folders only); a `!` can bring
//! back a file inside a left-out folder (git cannot), though the packer only looks inside a
//! left-out folder when a `!` pattern starts with that folder's path; and `#` only starts a
//! comment at the very start of a line.
//!
//! Docker compiles each pattern to a regular expression, with fast paths for patterns without
//! wildcards; both are kept here (the `regex` crate does the expressions) because the fast paths
//! answer differently for a few odd patterns (`**foo` matches `afoo`; `a\*b` compares the text).

use regex::Regex;

/// One pattern line: cleaned, whether it re-includes (`!`), and the 1-based line it came from.
#[derive(Debug, Clone)]
pub struct IgnorePattern {
    pub text: String,
    pub exclusion: bool,
    pub line: u32,
    kind: MatchKind,
}

#[derive(Debug, Clone)]
enum MatchKind {
    /// No wildcard: the path is the pattern.
    Exact,
    /// `prefix**`: the path starts with the prefix.
    Prefix(String),
    /// `**suffix` with no other wildcard: the path ends with the suffix.
    Suffix(String),
    Regex(Regex),
}

/// A pattern Docker would refuse (an unclosed `[`…), with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreError {
    pub line: u32,
    pub pattern: String,
    pub message: String,
}

impl std::error::Error for IgnoreError {}

impl std::fmt::Display for IgnoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            ".dockerignore line {}: `{}` is not a valid pattern ({}); close every `[` with `]`, \
             or escape it as `\\[`",
            self.line, self.pattern, self.message
        )
    }
}

/// The rules of one `.dockerignore`, in order.
#[derive(Debug, Clone, Default)]
pub struct IgnoreRules {
    patterns: Vec<IgnorePattern>,
}

/// `path` as Go's `filepath.Clean` returns it (with `/`): no empty or `.` parts, `..` folded
/// where it can be, no trailing `/`; `.` for nothing.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// Regular-expression characters that mean nothing in a path pattern, escaped as moby does.
fn should_escape(c: char) -> bool {
    matches!(c, '.' | '+' | '(' | ')' | '|' | '{' | '}' | '$')
}

fn compile(pattern: &str) -> Result<MatchKind, regex::Error> {
    #[derive(PartialEq)]
    enum Seen {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }
    let mut seen = Seen::Exact;
    let mut re = String::from("^");
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let first = i == 0;
        i += 1;
        match c {
            '*' if chars.get(i) == Some(&'*') => {
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                if i == chars.len() {
                    if seen == Seen::Exact {
                        seen = Seen::Prefix;
                    } else {
                        re.push_str(".*");
                        seen = Seen::Regex;
                    }
                } else {
                    re.push_str("(.*/)?");
                    seen = Seen::Regex;
                }
                if first {
                    seen = Seen::Suffix;
                }
            }
            '*' => {
                re.push_str("[^/]*");
                seen = Seen::Regex;
            }
            '?' => {
                re.push_str("[^/]");
                seen = Seen::Regex;
            }
            '\\' => match chars.get(i) {
                Some(next) => {
                    re.push_str(&regex::escape(&next.to_string()));
                    i += 1;
                }
                None => re.push_str("\\\\"),
            },
            '[' | ']' => {
                re.push(c);
                seen = Seen::Regex;
            }
            c if should_escape(c) => {
                re.push('\\');
                re.push(c);
            }
            c => re.push(c),
        }
    }
    re.push('$');
    // Docker checks every pattern's syntax even when a fast path will answer.
    let compiled = Regex::new(&re)?;
    Ok(match seen {
        Seen::Exact => MatchKind::Exact,
        Seen::Prefix => MatchKind::Prefix(pattern[..pattern.len() - 2].to_owned()),
        Seen::Suffix => MatchKind::Suffix(pattern[2..].to_owned()),
        Seen::Regex => MatchKind::Regex(compiled),
    })
}

impl IgnorePattern {
    fn new(raw: &str, line: u32) -> Result<Option<IgnorePattern>, IgnoreError> {
        let p = clean(raw.trim());
        let (exclusion, body) = match p.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, p.as_str()),
        };
        if body.is_empty() {
            return Err(IgnoreError {
                line,
                pattern: raw.to_owned(),
                message: "a lone `!` re-includes nothing".into(),
            });
        }
        let kind = compile(body).map_err(|e| IgnoreError {
            line,
            pattern: raw.to_owned(),
            message: e
                .to_string()
                .lines()
                .last()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        })?;
        Ok(Some(IgnorePattern {
            text: body.to_owned(),
            exclusion,
            line,
            kind,
        }))
    }

    /// Whether this pattern matches `path` itself (cleaned, relative, with `/`).
    pub fn matches(&self, path: &str) -> bool {
        match &self.kind {
            MatchKind::Exact => path == self.text,
            MatchKind::Prefix(p) => path.starts_with(p.as_str()),
            MatchKind::Suffix(s) => {
                path.ends_with(s.as_str()) || s.strip_prefix('/').is_some_and(|rest| path == rest)
            }
            MatchKind::Regex(r) => r.is_match(path),
        }
    }
}

impl IgnoreRules {
    /// Reads a `.dockerignore` as the CLI does (`ignorefile.ReadAll`): a byte-order mark on the
    /// first line is dropped, `#` lines and blank lines are skipped, a leading `/` is dropped.
    pub fn parse(text: &str) -> Result<IgnoreRules, IgnoreError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut patterns = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
            if raw.starts_with('#') {
                continue;
            }
            let mut p = raw.trim();
            if p.is_empty() {
                continue;
            }
            let invert = p.starts_with('!');
            if invert {
                p = p[1..].trim();
            }
            let mut body = String::new();
            if !p.is_empty() {
                body = clean(p);
                if body.len() > 1 && body.starts_with('/') {
                    body.remove(0);
                }
            }
            let written = if invert { format!("!{body}") } else { body };
            if let Some(pattern) = IgnorePattern::new(&written, line)? {
                patterns.push(pattern);
            }
        }
        Ok(IgnoreRules { patterns })
    }

    pub fn patterns(&self) -> &[IgnorePattern] {
        &self.patterns
    }

    /// Whether `path` (relative to the context, `/`-separated) is left out: the last pattern
    /// matching it or one of its parent folders decides.
    pub fn is_excluded(&self, path: &str) -> bool {
        let path = clean(path);
        let parents: Vec<&str> = match path.rfind('/') {
            Some(i) => path[..i].split('/').collect(),
            None => Vec::new(),
        };
        let mut matched = false;
        for p in &self.patterns {
            // An exclusion only matters once something matched, an inclusion only until then.
            if p.exclusion != matched {
                continue;
            }
            let mut hit = p.matches(&path);
            if !hit {
                let mut prefix = String::new();
                for part in &parents {
                    if !prefix.is_empty() {
                        prefix.push('/');
                    }
                    prefix.push_str(part);
                    if p.matches(&prefix) {
                        hit = true;
                        break;
                    }
                }
            }
            if hit {
                matched = !p.exclusion;
            }
        }
        matched
    }

    /// Whether a left-out folder must still be walked, because a `!` pattern starts with its
    /// path (the CLI's rule: `!logs/keep.txt` opens `logs`, `!**/keep.txt` does not).
    pub fn may_reinclude_under(&self, dir: &str) -> bool {
        let dir_slash = format!("{}/", clean(dir));
        self.patterns
            .iter()
            .filter(|p| p.exclusion)
            .any(|p| format!("{}/", p.text).starts_with(&dir_slash))
    }

    /// Whether any pattern re-includes.
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }

    /// Makes sure `.dockerignore` and the Dockerfile (relative to the context) are sent, as the
    /// CLI does by appending `!` patterns for them when the rules leave them out.
    pub fn keep_build_files(&mut self, dockerfile: &str) {
        for keep in [".dockerignore".to_owned(), clean(dockerfile)] {
            if self.is_excluded(&keep) {
                let line = u32::try_from(self.patterns.len() + 1).unwrap_or(u32::MAX);
                if let Ok(Some(p)) = IgnorePattern::new(&format!("!{keep}"), line) {
                    self.patterns.push(p);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (the .dockerignore, a path, whether it is left out); each row is a rule Docker documents
    /// or its patternmatcher tests pin.
    const TABLE: &[(&str, &str, bool)] = &[
        // Plain names are anchored at the context root.
        ("foo", "foo", true),
        ("foo", "a/foo", false),
        ("*.log", "x.log", true),
        ("*.log", "logs/x.log", false),
        // A leading slash and `./` mean nothing; paths are cleaned.
        ("/foo", "foo", true),
        ("./foo/../bar", "bar", true),
        ("foo//bar/", "foo/bar", true),
        // A pattern matching a folder leaves out all under it.
        ("node_modules", "node_modules/a/b.js", true),
        ("build/", "build/out/app", true),
        ("*/temp*", "somedir/temporary.txt", true),
        ("*/temp*", "somedir/x/temporary.txt", false),
        ("*/*/temp*", "somedir/subdir/temporary.txt", true),
        ("*/temp*", "temp.txt", false),
        // `?` and classes stay within one segment.
        ("temp?", "temp1", true),
        ("temp?", "temp/", false),
        ("temp?", "temp12", false),
        ("file[0-9].txt", "file7.txt", true),
        ("file[0-9].txt", "filex.txt", false),
        ("file[^0-9].txt", "filex.txt", true),
        ("a*b", "a/b", false),
        // `**` is any number of folders, even none.
        ("**/*.go", "main.go", true),
        ("**/*.go", "a/b/main.go", true),
        ("**/*.go", "a/b/main.gox", false),
        ("dist/**", "dist/a/b", true),
        ("dist/**", "distx", false),
        ("a/**/b", "a/b", true),
        ("a/**/b", "a/x/y/b", true),
        ("**", "anything/at/all", true),
        ("**foo", "xfoo", true),
        // `!` re-includes; the last pattern that matches wins.
        ("*.md\n!README.md", "README.md", false),
        ("*.md\n!README.md", "CHANGES.md", true),
        ("!README.md\n*.md", "README.md", true),
        ("docs\n!docs/keep.txt", "docs/keep.txt", false),
        ("docs\n!docs/keep.txt", "docs/other.txt", true),
        (
            "**/*.txt\n!keep/*.txt\nkeep/secret.txt",
            "keep/secret.txt",
            true,
        ),
        (
            "**/*.txt\n!keep/*.txt\nkeep/secret.txt",
            "keep/a.txt",
            false,
        ),
        // Comments only at the start of a line; blank lines skipped; lines trimmed.
        ("# foo\n\n   \nbar", "# foo", false),
        ("# foo\nbar", "bar", true),
        ("  spaced  ", "spaced", true),
        (" #notcomment", "#notcomment", true),
        // Regular-expression characters are literal.
        ("a.b", "axb", false),
        ("a.b", "a.b", true),
        ("(x)+*", "(x)+y", true),
        // A backslash escapes the next character.
        ("a\\*[b]", "a*b", true),
        ("a\\*[b]", "axb", false),
    ];

    #[test]
    fn docker_documented_semantics() {
        assert!(TABLE.len() >= 25);
        for (ignore, path, want) in TABLE {
            let rules = IgnoreRules::parse(ignore).unwrap();
            assert_eq!(
                rules.is_excluded(path),
                *want,
                "{ignore:?} on {path:?} should be {}",
                if *want { "left out" } else { "sent" }
            );
        }
    }

    #[test]
    fn clean_is_gos() {
        for (i, o) in [
            ("", "."),
            ("a/b/", "a/b"),
            ("a/./b", "a/b"),
            ("a/../../b", "../b"),
            ("/../a", "/a"),
            ("//a//b", "/a/b"),
            ("a/..", "."),
        ] {
            assert_eq!(clean(i), o, "{i}");
        }
    }

    #[test]
    fn the_dockerfile_and_dockerignore_are_always_sent() {
        let mut rules = IgnoreRules::parse("*\n").unwrap();
        assert!(rules.is_excluded("Dockerfile"));
        rules.keep_build_files("./docker/../Dockerfile");
        assert!(!rules.is_excluded("Dockerfile"));
        assert!(!rules.is_excluded(".dockerignore"));
        assert!(rules.is_excluded("src/main.rs"));

        let mut rules = IgnoreRules::parse("docker\n").unwrap();
        rules.keep_build_files("docker/dev.Dockerfile");
        assert!(!rules.is_excluded("docker/dev.Dockerfile"));
        assert!(rules.is_excluded("docker/other"));
        assert!(rules.may_reinclude_under("docker"));
    }

    #[test]
    fn left_out_folders_are_walked_only_when_a_bang_pattern_starts_with_them() {
        let rules = IgnoreRules::parse("logs\n!logs/keep/*.txt\n").unwrap();
        assert!(rules.may_reinclude_under("logs"));
        assert!(rules.may_reinclude_under("logs/keep"));
        assert!(!rules.may_reinclude_under("logs/other"));
        let rules = IgnoreRules::parse("logs\n!**/keep.txt\n").unwrap();
        assert!(!rules.may_reinclude_under("logs"));
        assert!(!IgnoreRules::parse("logs").unwrap().has_exclusions());
    }

    #[test]
    fn bad_patterns_name_their_line() {
        let e = IgnoreRules::parse("ok\n# c\n[unclosed\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().contains("line 3"), "{e}");
        let e = IgnoreRules::parse("!\n").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
