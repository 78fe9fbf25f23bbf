//! `docker build`: the build form (context folder, Dockerfile, tags, build args, target stage,
//! cache and pull switches, platform, builder), its checks, and the line it equals. No engine:
//! the engine crate sends the same checked values.

use crate::form::FieldError;
use crate::pull_spec::check_platform;
use crate::reference::ImageReference;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path};

/// Which builder runs the build: BuildKit (what `DOCKER_BUILDKIT=1` picks; cache mounts,
/// heredocs, skipping stages the target does not need) or the classic one (step by step,
/// every stage).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Builder {
    #[default]
    Buildkit,
    Classic,
}

/// One `--build-arg`: a value, or none to take it from the environment as the CLI does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuildArg {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// One `--label` put on the built image.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuildLabel {
    pub name: String,
    pub value: String,
}

/// A build as the editor sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuildSpec {
    /// The build context: an absolute folder path.
    pub context_dir: String,
    /// The Dockerfile, relative to the context (`Dockerfile`, `docker/dev.Dockerfile`).
    pub dockerfile: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub build_args: Vec<BuildArg>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub no_cache: bool,
    #[serde(default)]
    pub pull: bool,
    /// `os/arch[/variant]`; absent: the engine's own.
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub builder: Builder,
    #[serde(default)]
    pub labels: Vec<BuildLabel>,
}

/// The Dockerfile name `docker build` reads when no `-f` is given.
pub const DEFAULT_DOCKERFILE: &str = "Dockerfile";

/// A build argument's name: what a Dockerfile's `ARG` can declare and `${…}` can use.
fn check_arg_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "`{name}` is not a build argument name: use letters, digits and `_`, not starting \
             with a digit (such as VERSION or http_proxy)"
        ));
    }
    Ok(())
}

/// A stage name as BuildKit accepts it after `AS`: a letter, then letters, digits, `-`, `_`, `.`.
fn check_stage_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        return Err(format!(
            "`{name}` is not a stage name: a stage is named after `AS` with a letter, then \
             letters, digits, `-`, `_` or `.` (such as build or runtime)"
        ));
    }
    Ok(())
}

/// The Dockerfile path as a relative path inside the context (`a/./b` → `a/b`), or why not.
pub fn dockerfile_in_context(dockerfile: &str) -> Result<String, String> {
    let d = dockerfile.trim();
    if d.is_empty() {
        return Err(
            "name the Dockerfile, relative to the context folder (such as Dockerfile)".into(),
        );
    }
    let mut parts = Vec::new();
    for c in Path::new(d).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir if parts.pop().is_some() => {}
            _ => {
                return Err(format!(
                    "`{d}` is outside the context folder: give the Dockerfile's path relative \
                     to the context, inside it (such as Dockerfile or docker/Dockerfile)"
                ))
            }
        }
    }
    if parts.is_empty() {
        return Err(format!(
            "`{d}` names the context folder itself: name the Dockerfile in it"
        ));
    }
    Ok(parts.join("/"))
}

impl BuildSpec {
    /// Every problem on its field (`contextDir`, `dockerfile`, `tags[i]`, `buildArgs[i].name`,
    /// `target`, `platform`, `labels[i].name`). `stages` are the stage names of the Dockerfile
    /// when the caller has parsed it; then `target` must be one of them.
    pub fn validate(&self, stages: Option<&[String]>) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        let ctx = self.context_dir.trim();
        if ctx.is_empty() {
            errs.push(FieldError::new(
                "contextDir",
                "choose the build context: the folder whose files the build may copy",
            ));
        } else if !Path::new(ctx).is_absolute() {
            errs.push(FieldError::new(
                "contextDir",
                format!("`{ctx}` is not an absolute folder path: choose the context folder"),
            ));
        }
        if let Err(m) = dockerfile_in_context(&self.dockerfile) {
            errs.push(FieldError::new("dockerfile", m));
        }
        for (i, tag) in self.tags.iter().enumerate() {
            let field = format!("tags[{i}]");
            match ImageReference::parse(tag.trim()) {
                Err(m) => errs.push(FieldError::new(field, m)),
                Ok(r) if r.digest.is_some() => errs.push(FieldError::new(
                    field,
                    format!(
                        "`{}` names a digest: a build gives the image its digest; tag it \
                         name:tag instead (such as app:dev)",
                        tag.trim()
                    ),
                )),
                Ok(_) => {}
            }
        }
        let mut seen = Vec::new();
        for (i, arg) in self.build_args.iter().enumerate() {
            let field = format!("buildArgs[{i}].name");
            let name = arg.name.trim();
            if let Err(m) = check_arg_name(name) {
                errs.push(FieldError::new(field, m));
            } else if seen.contains(&name) {
                errs.push(FieldError::new(
                    field,
                    format!("`{name}` is given twice: keep one value per build argument"),
                ));
            } else {
                seen.push(name);
            }
        }
        if let Some(target) = self.target.as_deref().map(str::trim) {
            if target.is_empty() {
                // An empty target means none: the last stage is built.
            } else if let Err(m) = check_stage_name(target) {
                errs.push(FieldError::new("target", m));
            } else if let Some(stages) = stages {
                if !stages.iter().any(|s| s.eq_ignore_ascii_case(target)) {
                    let named = if stages.is_empty() {
                        "the Dockerfile names no stage (write `FROM image AS name`)".to_owned()
                    } else {
                        format!("the Dockerfile's stages are {}", stages.join(", "))
                    };
                    errs.push(FieldError::new(
                        "target",
                        format!("no stage is named `{target}`: {named}"),
                    ));
                }
            }
        }
        if let Some(p) = self.platform() {
            if let Err(m) = check_platform(p) {
                errs.push(FieldError::new("platform", m));
            }
        }
        for (i, label) in self.labels.iter().enumerate() {
            if label.name.trim().is_empty() || label.name.contains('=') {
                errs.push(FieldError::new(
                    format!("labels[{i}].name"),
                    "a label needs a name without `=` (such as org.example.team)",
                ));
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }

    /// The platform asked for, trimmed; None when empty.
    pub fn platform(&self) -> Option<&str> {
        self.platform
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }

    /// The target stage, trimmed; None when empty.
    pub fn target(&self) -> Option<&str> {
        self.target
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// The tags, trimmed.
    pub fn tags(&self) -> Vec<String> {
        self.tags.iter().map(|t| t.trim().to_owned()).collect()
    }

    /// The Dockerfile relative to the context, cleaned (`Dockerfile` when it cannot be).
    pub fn dockerfile_path(&self) -> String {
        dockerfile_in_context(&self.dockerfile).unwrap_or_else(|_| DEFAULT_DOCKERFILE.to_owned())
    }

    /// `docker build …` without the environment: `-f` only for another Dockerfile than the
    /// default, given as a path the CLI reads from the current folder (the context's own).
    pub fn argv(&self) -> Vec<String> {
        let mut argv = vec!["docker".to_owned(), "build".to_owned()];
        for t in self.tags() {
            argv.extend(["-t".to_owned(), t]);
        }
        let ctx = self.context_dir.trim().trim_end_matches('/');
        let ctx = if ctx.is_empty() { "/" } else { ctx };
        let file = self.dockerfile_path();
        if file != DEFAULT_DOCKERFILE {
            argv.extend(["-f".to_owned(), format!("{ctx}/{file}")]);
        }
        for a in &self.build_args {
            let arg = match &a.value {
                Some(v) => format!("{}={v}", a.name.trim()),
                None => a.name.trim().to_owned(),
            };
            argv.extend(["--build-arg".to_owned(), arg]);
        }
        for l in &self.labels {
            argv.extend([
                "--label".to_owned(),
                format!("{}={}", l.name.trim(), l.value),
            ]);
        }
        if let Some(t) = self.target() {
            argv.extend(["--target".to_owned(), t.to_owned()]);
        }
        if self.no_cache {
            argv.push("--no-cache".to_owned());
        }
        if self.pull {
            argv.push("--pull".to_owned());
        }
        if let Some(p) = self.platform() {
            argv.extend(["--platform".to_owned(), p.to_owned()]);
        }
        argv.push(ctx.to_owned());
        argv
    }

    /// The environment that picks the builder, as the 20.10+ CLI reads it.
    pub fn builder_env(&self) -> &'static str {
        match self.builder {
            Builder::Buildkit => "DOCKER_BUILDKIT=1",
            Builder::Classic => "DOCKER_BUILDKIT=0",
        }
    }

    /// `DOCKER_BUILDKIT=1 docker build -t … -f … --build-arg K=V --target … <context>`.
    pub fn command_line(&self) -> String {
        format!(
            "{} {}",
            self.builder_env(),
            crate::argv::command_line(&self.argv())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> BuildSpec {
        BuildSpec {
            context_dir: "/home/me/app".into(),
            dockerfile: "Dockerfile".into(),
            ..BuildSpec::default()
        }
    }

    fn fields(s: &BuildSpec, stages: Option<&[String]>) -> Vec<String> {
        match s.validate(stages) {
            Ok(()) => vec![],
            Err(e) => e.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn command_lines() {
        let table: Vec<(BuildSpec, &str)> = vec![
            (spec(), "DOCKER_BUILDKIT=1 docker build /home/me/app"),
            (
                BuildSpec {
                    tags: vec!["app:dev".into(), " localhost:5000/app:1 ".into()],
                    ..spec()
                },
                "DOCKER_BUILDKIT=1 docker build -t app:dev -t localhost:5000/app:1 /home/me/app",
            ),
            (
                BuildSpec {
                    dockerfile: "./docker/dev.Dockerfile".into(),
                    context_dir: "/home/me/app/".into(),
                    ..spec()
                },
                "DOCKER_BUILDKIT=1 docker build -f /home/me/app/docker/dev.Dockerfile /home/me/app",
            ),
            (
                BuildSpec {
                    build_args: vec![
                        BuildArg {
                            name: "VERSION".into(),
                            value: Some("1 2".into()),
                        },
                        BuildArg {
                            name: "http_proxy".into(),
                            value: None,
                        },
                    ],
                    target: Some("runtime".into()),
                    no_cache: true,
                    pull: true,
                    platform: Some("linux/arm64".into()),
                    ..spec()
                },
                "DOCKER_BUILDKIT=1 docker build --build-arg 'VERSION=1 2' --build-arg http_proxy \
                 --target runtime --no-cache --pull --platform linux/arm64 /home/me/app",
            ),
            (
                BuildSpec {
                    builder: Builder::Classic,
                    labels: vec![BuildLabel {
                        name: "team".into(),
                        value: "a b".into(),
                    }],
                    target: Some("  ".into()),
                    ..spec()
                },
                "DOCKER_BUILDKIT=0 docker build --label 'team=a b' /home/me/app",
            ),
            (
                BuildSpec {
                    context_dir: "/srv/it's".into(),
                    ..spec()
                },
                "DOCKER_BUILDKIT=1 docker build '/srv/it'\\''s'",
            ),
        ];
        for (s, line) in table {
            assert_eq!(s.validate(None), Ok(()), "{s:?}");
            assert_eq!(s.command_line(), line);
        }
    }

    type Row<'a> = (BuildSpec, Option<&'a [String]>, Vec<&'a str>);

    #[test]
    fn each_problem_names_its_field() {
        let stages: Vec<String> = vec!["build".into(), "runtime".into()];
        let table: Vec<Row> = vec![
            (spec(), None, vec![]),
            (
                BuildSpec {
                    context_dir: "".into(),
                    ..spec()
                },
                None,
                vec!["contextDir"],
            ),
            (
                BuildSpec {
                    context_dir: "rel/dir".into(),
                    ..spec()
                },
                None,
                vec!["contextDir"],
            ),
            (
                BuildSpec {
                    dockerfile: "../Dockerfile".into(),
                    ..spec()
                },
                None,
                vec!["dockerfile"],
            ),
            (
                BuildSpec {
                    dockerfile: "/etc/Dockerfile".into(),
                    ..spec()
                },
                None,
                vec!["dockerfile"],
            ),
            (
                BuildSpec {
                    dockerfile: "a/../..".into(),
                    ..spec()
                },
                None,
                vec!["dockerfile"],
            ),
            (
                BuildSpec {
                    dockerfile: "".into(),
                    ..spec()
                },
                None,
                vec!["dockerfile"],
            ),
            (
                BuildSpec {
                    dockerfile: "a/../Dockerfile".into(),
                    ..spec()
                },
                None,
                vec![],
            ),
            (
                BuildSpec {
                    tags: vec![
                        "ok:1".into(),
                        "Bad:1".into(),
                        "x@sha256:0123456789abcdef0123456789abcdef".into(),
                    ],
                    ..spec()
                },
                None,
                vec!["tags[1]", "tags[2]"],
            ),
            (
                BuildSpec {
                    build_args: vec![
                        BuildArg {
                            name: "1X".into(),
                            value: None,
                        },
                        BuildArg {
                            name: "A".into(),
                            value: None,
                        },
                        BuildArg {
                            name: "A".into(),
                            value: Some("2".into()),
                        },
                        BuildArg {
                            name: "A=B".into(),
                            value: None,
                        },
                    ],
                    ..spec()
                },
                None,
                vec![
                    "buildArgs[0].name",
                    "buildArgs[2].name",
                    "buildArgs[3].name",
                ],
            ),
            (
                BuildSpec {
                    target: Some("runtime".into()),
                    ..spec()
                },
                Some(&stages),
                vec![],
            ),
            (
                BuildSpec {
                    target: Some("test".into()),
                    ..spec()
                },
                Some(&stages),
                vec!["target"],
            ),
            (
                BuildSpec {
                    target: Some("test".into()),
                    ..spec()
                },
                None,
                vec![],
            ),
            (
                BuildSpec {
                    target: Some("-x".into()),
                    ..spec()
                },
                None,
                vec!["target"],
            ),
            (
                BuildSpec {
                    platform: Some("Linux/AMD64".into()),
                    ..spec()
                },
                None,
                vec!["platform"],
            ),
            (
                BuildSpec {
                    platform: Some("linux/arm/v7".into()),
                    ..spec()
                },
                None,
                vec![],
            ),
            (
                BuildSpec {
                    labels: vec![BuildLabel {
                        name: "".into(),
                        value: "x".into(),
                    }],
                    ..spec()
                },
                None,
                vec!["labels[0].name"],
            ),
        ];
        for (s, stages, want) in table {
            assert_eq!(fields(&s, stages), want, "{s:?}");
        }
    }

    #[test]
    fn a_missing_target_lists_the_stages_there_are() {
        let stages: Vec<String> = vec!["build".into(), "runtime".into()];
        let s = BuildSpec {
            target: Some("test".into()),
            ..spec()
        };
        let e = s.validate(Some(&stages)).unwrap_err();
        assert!(e[0].message.contains("build, runtime"), "{}", e[0].message);
        let e = s.validate(Some(&[])).unwrap_err();
        assert!(e[0].message.contains("AS name"), "{}", e[0].message);
    }

    #[test]
    fn the_form_crosses_the_ipc_in_camel_case_with_defaults() {
        let s: BuildSpec = serde_json::from_str(
            r#"{"contextDir":"/c","dockerfile":"Dockerfile","buildArgs":[{"name":"A"}],"noCache":true,"builder":"classic"}"#,
        )
        .unwrap();
        assert_eq!(s.builder, Builder::Classic);
        assert!(s.no_cache);
        assert_eq!(s.build_args[0].value, None);
        assert!(s.tags.is_empty());
    }
}
