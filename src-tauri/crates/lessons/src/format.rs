//! The lesson file: TOML, versioned by `format`, read whole or refused with every problem's
//! line and reason. A teacher writes one by hand, so a refusal names the step and says what
//! would be valid.
//!
//! ```toml
//! format = 1
//! id = "ports"
//! title = "Ports"
//! summary = "Reach a server inside a container from your browser."
//! image = "busybox"            # what `{image}` in the commands and checks stands for
//!
//! [[step]]
//! title = "Start a web server"
//! text = "What to do and why."
//! command = "docker run -d --name learn-web -p 8080:80 {image} httpd -f -p 80"
//! check = { kind = "container", name = "learn-web", state = "running", publishes = ["8080:80"] }
//! after = "What just happened in the engine."
//! ```

use crate::check::{port_of, Check};
use crate::command::{read_command, Action};
use crate::made::Made;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use tugboat_textspan::Offsets;

/// The lesson format this version reads and writes.
pub const FORMAT: u32 = 1;

/// The most steps a lesson may have; a lesson is one sitting.
pub const MAX_STEPS: usize = 30;

/// A lesson ready to show: every command read, every check valid.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The image `{image}` stands for here.
    pub image: String,
    pub steps: Vec<Step>,
    /// What the lesson makes, which "finish" removes.
    pub makes: Made,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub title: String,
    /// What to do and why.
    pub text: String,
    /// The exact command, as the user would type it.
    pub command: String,
    pub check: Check,
    /// The check in words: what the engine must show.
    pub expects: String,
    /// What just happened in the engine, shown once the check passes.
    pub after: String,
    /// Why the app cannot do this step for the user; None: "Do it for me" is offered.
    pub terminal_only: Option<String>,
}

/// One reason a lesson file is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct LessonRefusal {
    /// 1-based.
    pub line: u32,
    pub reason: String,
}

impl std::fmt::Display for LessonRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFile {
    format: Spanned<u32>,
    id: Spanned<String>,
    title: String,
    summary: String,
    image: Spanned<String>,
    #[serde(default)]
    step: Vec<Spanned<StepFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    title: String,
    text: String,
    command: Spanned<String>,
    check: Spanned<Check>,
    after: String,
    #[serde(default)]
    terminal_only: bool,
}

/// Reads a lesson, with `{image}` standing for the file's own `image`.
pub fn read_lesson(text: &str) -> Result<Lesson, Vec<LessonRefusal>> {
    read_lesson_with(text, None)
}

/// Reads a lesson with `{image}` standing for `image` (one the user picked from those on the
/// engine) instead of the file's own.
pub fn read_lesson_with(text: &str, image: Option<&str>) -> Result<Lesson, Vec<LessonRefusal>> {
    let at = Offsets::new(text);
    let line_of = |span: std::ops::Range<usize>| at.line(span.start);
    let refuse = |line: u32, reason: String| vec![LessonRefusal { line, reason }];
    let file: LessonFile = toml::from_str(text).map_err(|e| {
        refuse(
            e.span().map_or(1, line_of),
            e.message().trim_end().to_owned(),
        )
    })?;
    let mut refusals = Vec::new();
    if *file.format.get_ref() != FORMAT {
        return Err(refuse(
            line_of(file.format.span()),
            format!(
                "format {} is not one this Tugboat reads: it reads format {FORMAT}",
                file.format.get_ref()
            ),
        ));
    }
    if let Err(reason) = lesson_id(file.id.get_ref()) {
        refusals.push(LessonRefusal {
            line: line_of(file.id.span()),
            reason,
        });
    }
    let chosen = match image {
        Some(i) => i.to_owned(),
        None => file.image.get_ref().clone(),
    };
    if let Err(e) = tugboat_runspec::reference::ImageReference::parse(&chosen) {
        refusals.push(LessonRefusal {
            line: line_of(file.image.span()),
            reason: format!("image: {e}"),
        });
    }
    if file.step.is_empty() || file.step.len() > MAX_STEPS {
        refusals.push(LessonRefusal {
            line: at.line(text.len()),
            reason: format!(
                "a lesson has 1 to {MAX_STEPS} [[step]] tables; this one has {}",
                file.step.len()
            ),
        });
    }
    let mut steps = Vec::new();
    let mut makes = Made::default();
    for (n, step) in file.step.into_iter().enumerate() {
        let n = n + 1;
        let step = step.into_inner();
        let command_line = line_of(step.command.span());
        let check_line = line_of(step.check.span());
        let command = step.command.into_inner();
        let check = with_image(step.check.into_inner(), &chosen);
        let shown = command.replace("{image}", &chosen);
        let mut problem = |line: u32, reason: String| {
            refusals.push(LessonRefusal {
                line,
                reason: format!("step {n}: {reason}"),
            })
        };
        let action = match read_command(&shown) {
            Ok(a) => a,
            Err(e) => {
                problem(command_line, e);
                continue;
            }
        };
        let terminal_only = match (action.needs_terminal(), step.terminal_only) {
            (Some(why), false) => {
                problem(
                    command_line,
                    format!("{why}; mark the step `terminal_only = true`"),
                );
                continue;
            }
            (Some(why), true) => Some(format!("{why}.")),
            (None, true) => Some("The lesson asks you to type this one yourself.".into()),
            (None, false) => None,
        };
        match (action.only_reads(), matches!(check, Check::Look)) {
            (true, false) => problem(
                check_line,
                "the command only reads, so nothing changes that a check could see: \
                 use check = { kind = \"look\" }"
                    .into(),
            ),
            (false, true) => problem(
                check_line,
                "the command changes the engine: check what it changes (a container, image, \
                 volume or network), so the step passes only when it was really done"
                    .into(),
            ),
            _ => {}
        }
        if let Err(reason) = check_fields(&check) {
            problem(check_line, reason);
        }
        makes.add(&action);
        steps.push(Step {
            title: step.title,
            text: step.text,
            expects: check.describe(),
            command: shown,
            check,
            after: step.after,
            terminal_only,
        });
    }
    if !refusals.is_empty() {
        refusals.sort_by_key(|r| r.line);
        return Err(refusals);
    }
    Ok(Lesson {
        id: file.id.into_inner(),
        title: file.title,
        summary: file.summary,
        image: chosen,
        steps,
        makes,
    })
}

/// Lowercase letters, digits and `-`, starting with a letter; at most 40.
fn lesson_id(id: &str) -> Result<(), String> {
    let ok = id.len() <= 40
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "id `{id}`: use lowercase letters, digits and `-`, starting with a letter (at most \
             40), like `first-container`"
        ))
    }
}

fn with_image(check: Check, image: &str) -> Check {
    let sub = |s: String| s.replace("{image}", image);
    match check {
        Check::Container(mut c) => {
            c.image = c.image.map(sub);
            Check::Container(c)
        }
        Check::Image { reference } => Check::Image {
            reference: sub(reference),
        },
        Check::NoImage { reference } => Check::NoImage {
            reference: sub(reference),
        },
        other => other,
    }
}

const STATES: [&str; 6] = [
    "created",
    "running",
    "paused",
    "restarting",
    "exited",
    "dead",
];

fn check_fields(check: &Check) -> Result<(), String> {
    let Check::Container(c) = check else {
        return Ok(());
    };
    if let Some(state) = &c.state {
        if !STATES.contains(&state.as_str()) {
            return Err(format!(
                "state `{state}` is not a container state: use one of {}",
                STATES.join(", ")
            ));
        }
    }
    if let Some(p) = c.publishes.iter().find(|p| port_of(p).is_none()) {
        return Err(format!(
            "publishes `{p}`: write HOST:CONTAINER or CONTAINER, with /udp for UDP, like 8080:80"
        ));
    }
    if let Some(m) = &c.memory {
        tugboat_runspec::values::size(m, "memory")?;
    }
    if let Some(n) = c
        .cpus
        .as_ref()
        .filter(|n| crate::check::nano_cpus(n).is_none())
    {
        return Err(format!(
            "cpus `{n}`: write a number of CPUs above 0, like 0.5 or 2"
        ));
    }
    if let Some(v) = c.volumes.iter().find(|v| {
        !v.split_once(':')
            .is_some_and(|(n, p)| !n.is_empty() && p.starts_with('/'))
    }) {
        return Err(format!(
            "volumes `{v}`: write VOLUME:/path inside, like learn-data:/data"
        ));
    }
    Ok(())
}

/// The action of each step, in order (for the app's "Do it for me" and for tests).
pub fn actions(lesson: &Lesson) -> Vec<Result<Action, String>> {
    lesson
        .steps
        .iter()
        .map(|s| read_command(&s.command))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"format = 1
id = "tiny"
title = "Tiny"
summary = "One step."
image = "busybox"

[[step]]
title = "Run"
text = "Run it."
command = "docker run -d --name learn-tiny {image} sleep 600"
check = { kind = "container", name = "learn-tiny", state = "running", image = "{image}" }
after = "It runs."
"#;

    #[test]
    fn a_good_lesson_reads_with_its_image_or_a_chosen_one() {
        let l = read_lesson(GOOD).unwrap();
        assert_eq!(
            l.steps[0].command,
            "docker run -d --name learn-tiny busybox sleep 600"
        );
        assert_eq!(
            l.steps[0].expects,
            "a container named learn-tiny from busybox is running"
        );
        assert!(l.makes.containers.contains("learn-tiny"));
        let l = read_lesson_with(GOOD, Some("alpine:3")).unwrap();
        assert_eq!(l.image, "alpine:3");
        let Check::Container(c) = &l.steps[0].check else {
            panic!()
        };
        assert_eq!(c.image.as_deref(), Some("alpine:3"));
    }

    fn refusals(text: &str) -> Vec<String> {
        read_lesson(text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn refusals_name_the_line_and_the_reason() {
        let typo = GOOD.replace("command =", "comand =");
        let r = refusals(&typo);
        assert_eq!(r.len(), 1);
        assert!(r[0].starts_with("line 10: unknown field `comand`"), "{r:?}");

        let r = refusals(&GOOD.replace("format = 1", "format = 2"));
        assert_eq!(
            r,
            ["line 1: format 2 is not one this Tugboat reads: it reads format 1"]
        );

        let r = refusals(&GOOD.replace("docker run -d", "docker build -d"));
        assert!(
            r[0].starts_with("line 10: step 1: `docker build` is not a command"),
            "{r:?}"
        );

        let r = refusals(&GOOD.replace("state = \"running\"", "state = \"up\""));
        assert!(
            r[0].starts_with("line 11: step 1: state `up` is not a container state"),
            "{r:?}"
        );

        let r = refusals(&GOOD.replace("id = \"tiny\"", "id = \"Tiny Lesson\""));
        assert!(r[0].starts_with("line 2: id `Tiny Lesson`"), "{r:?}");

        let r = refusals(&GOOD.replace("sleep 600", "sleep 600\nx = 1\""));
        assert!(
            r[0].starts_with("line 10: "),
            "a broken string is still refused: {r:?}"
        );
    }

    #[test]
    fn checks_must_fit_their_command() {
        let look = GOOD.replace(
            "docker run -d --name learn-tiny {image} sleep 600",
            "docker ps -a",
        );
        let r = refusals(&look);
        assert!(r[0].contains("use check = { kind = \"look\" }"), "{r:?}");

        let lazy = GOOD.replace(
            "{ kind = \"container\", name = \"learn-tiny\", state = \"running\", image = \"{image}\" }",
            "{ kind = \"look\" }",
        );
        let r = refusals(&lazy);
        assert!(r[0].contains("check what it changes"), "{r:?}");

        let it = GOOD.replace("run -d", "run -it");
        let r = refusals(&it);
        assert!(
            r[0].contains("mark the step `terminal_only = true`"),
            "{r:?}"
        );
        let typed = it.replace(
            "after = \"It runs.\"",
            "after = \"It runs.\"\nterminal_only = true",
        );
        let l = read_lesson(&typed).unwrap();
        assert!(l.steps[0].terminal_only.is_some());
    }

    #[test]
    fn a_lesson_with_no_steps_or_a_bad_image_is_refused() {
        let head = GOOD.split("[[step]]").next().unwrap();
        let r = refusals(head);
        assert!(
            r[0].contains("1 to 30 [[step]] tables; this one has 0"),
            "{r:?}"
        );
        let r = refusals(&GOOD.replace("image = \"busybox\"", "image = \"Bad Image\""));
        assert!(r[0].starts_with("line 5: image:"), "{r:?}");
    }
}
