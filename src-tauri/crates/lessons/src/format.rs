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

/// The compose file a lesson's `docker compose` reads, in its folder.
pub const COMPOSE_FILE: &str = "compose.yaml";

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
    /// Files its steps build from (a Dockerfile, what it copies), written to the lesson's own
    /// folder when it starts; `{image}` in them is the lesson's image.
    pub files: Vec<LessonFile>,
    /// Other images its steps run containers from (a registry's, say), as written.
    pub also_runs: Vec<String>,
    pub steps: Vec<Step>,
    /// What the lesson makes, which "finish" removes.
    pub makes: Made,
}

/// One file of a lesson's folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct LessonFile {
    /// Relative to the lesson's folder: `Dockerfile`, `app/notes.txt`.
    pub path: String,
    pub text: String,
}

/// The most files a lesson may carry, and the most bytes in one: a lesson's files are a few
/// lines a learner reads.
pub const MAX_FILES: usize = 20;
pub const MAX_FILE_BYTES: usize = 64 * 1024;

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

/// The lesson file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonToml {
    format: Spanned<u32>,
    id: Spanned<String>,
    title: String,
    summary: String,
    image: Spanned<String>,
    #[serde(default)]
    file: Vec<Spanned<LessonFile>>,
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
    /// What the step makes that its command does not name (a compose file's containers,
    /// networks and volumes), so the lesson can check the names are free and remove them.
    #[serde(default)]
    makes: Option<StepMakes>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepMakes {
    #[serde(default)]
    containers: Vec<String>,
    #[serde(default)]
    networks: Vec<String>,
    #[serde(default)]
    volumes: Vec<String>,
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
    let file: LessonToml = toml::from_str(text).map_err(|e| {
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
    let mut files: Vec<LessonFile> = Vec::new();
    if file.file.len() > MAX_FILES {
        refusals.push(LessonRefusal {
            line: line_of(file.file[MAX_FILES].span()),
            reason: format!("a lesson has at most {MAX_FILES} [[file]] tables"),
        });
    }
    for f in file.file {
        let line = line_of(f.span());
        let f = f.into_inner();
        let reason = if let Err(e) = file_path(&f.path) {
            Some(e)
        } else if files.iter().any(|o| o.path == f.path) {
            Some(format!("file `{}` is given twice", f.path))
        } else if f.text.len() > MAX_FILE_BYTES {
            Some(format!(
                "file `{}` has {} bytes; a lesson's file has at most {MAX_FILE_BYTES}",
                f.path,
                f.text.len()
            ))
        } else {
            None
        };
        match reason {
            Some(reason) => refusals.push(LessonRefusal { line, reason }),
            None => files.push(LessonFile {
                text: f.text.replace("{image}", &chosen),
                path: f.path,
            }),
        }
    }
    let mut steps = Vec::new();
    let mut makes = Made {
        files: files.iter().map(|f| f.path.clone()).collect(),
        ..Made::default()
    };
    let mut runs = Vec::new();
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
        if let Some((does, wanted)) = action.reads_file() {
            if !files.iter().any(|f| f.path == wanted) {
                problem(
                    command_line,
                    format!(
                        "it {does} `{wanted}`, which is not among the lesson's files: add it \
                         as a [[file]] with path = \"{wanted}\""
                    ),
                );
            }
        }
        let looks = matches!(check, Check::Look);
        match (action.only_reads(), looks) {
            _ if action.checked_either_way() => {}
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
        match (&action, step.makes) {
            (Action::ComposeUp { .. }, None) => problem(
                command_line,
                "name what the compose file makes on the step (`makes = { containers = [...], \
                 networks = [...] }`), so the lesson can check the names are free and remove \
                 them when it ends"
                    .into(),
            ),
            (_, Some(m)) => {
                makes.containers.extend(m.containers);
                makes.networks.extend(m.networks);
                makes.volumes.extend(m.volumes);
            }
            _ => {}
        }
        makes.add(&action);
        if let Action::Run { form, .. } = &action {
            runs.push(form.image.clone());
        }
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
    // Images the lesson runs besides its own: say so before it starts, as they may need a
    // pull. One the lesson makes itself (a commit, a tag) is there when its run comes.
    let own = crate::check::full_reference(&chosen);
    let mut also_runs: Vec<String> = Vec::new();
    for image in runs {
        let full = crate::check::full_reference(&image);
        if full != own && !makes.images.contains(&full) && !also_runs.contains(&image) {
            also_runs.push(image);
        }
    }
    Ok(Lesson {
        id: file.id.into_inner(),
        title: file.title,
        summary: file.summary,
        image: chosen,
        files,
        also_runs,
        steps,
        makes,
    })
}

/// A path inside the lesson's folder: parts of letters, digits and `._-`, none of them `.` or
/// `..`, so a file can only land inside that folder.
fn file_path(path: &str) -> Result<(), String> {
    let part_ok = |p: &str| {
        !p.is_empty()
            && p != "."
            && p != ".."
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    };
    if path.len() <= 200 && path.split('/').all(part_ok) {
        Ok(())
    } else {
        Err(format!(
            "file path `{path}`: give a path inside the lesson's folder, of letters, digits and \
             `._-` separated by `/` (like Dockerfile or app/notes.txt)"
        ))
    }
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
        Check::Pushed { reference } => Check::Pushed {
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

    #[test]
    fn files_are_read_with_the_image_and_a_build_needs_its_dockerfile_among_them() {
        let build = GOOD.replace(
            "[[step]]",
            "[[file]]\npath = \"Dockerfile\"\ntext = \"FROM {image}\\n\"\n\n[[step]]",
        ) + r#"
[[step]]
title = "Build"
text = "Build it."
command = "docker build -t learn-tiny:1 -f Dockerfile.other ."
check = { kind = "image", reference = "learn-tiny:1" }
after = "Built."
"#;
        let r = refusals(&build);
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].starts_with("line 21: step 2: it builds from `Dockerfile.other`, which is not"),
            "{r:?}"
        );
        let l =
            read_lesson_with(&build.replace(" -f Dockerfile.other", ""), Some("alpine:3")).unwrap();
        assert_eq!(l.files[0].text, "FROM alpine:3\n");
        assert!(l.makes.images.contains("learn-tiny:1"));
        for bad in ["../x", "/etc/passwd", "a//b", "a b"] {
            let r = refusals(&build.replace("path = \"Dockerfile\"", &format!("path = \"{bad}\"")));
            assert!(r.iter().any(|r| r.contains("file path")), "{bad}: {r:?}");
        }
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

        let r = refusals(&GOOD.replace("docker run -d", "docker login -d"));
        assert!(
            r[0].starts_with("line 10: step 1: `docker login` is not a command"),
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
