//! Builds against the real engine (Docker 20.10, BuildKit built in, offline from the local
//! fixture): BuildKit with a cache mount, the classic builder, a failing RUN mapped to its
//! line, cancel, several tags, and `.dockerignore` honoured end to end (a left-out file absent
//! from the image, a `!` re-included one present).

use crate::support::*;
use std::collections::HashMap;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_engine::build::{BuildEvent, Built, StepState};
use tugboat_engine::{Engine, EngineError};
use tugboat_runspec::build_spec::{BuildLabel, BuildSpec, Builder};

/// Removes every image this test built (they carry its label) when dropped.
pub struct BuiltImages {
    cli: Cli,
    label: String,
}

impl BuiltImages {
    pub fn new(cli: &Cli) -> BuiltImages {
        BuiltImages {
            cli: cli.clone(),
            label: unique("build"),
        }
    }

    /// The `--label` every build of the test carries.
    pub fn label(&self) -> BuildLabel {
        BuildLabel {
            name: TEST_LABEL.into(),
            value: self.label.clone(),
        }
    }

    /// Ids of the images carrying the label.
    pub fn ids(&self) -> Vec<String> {
        self.cli.lines(&[
            "image",
            "ls",
            "-q",
            "--no-trunc",
            "--filter",
            &format!("label={TEST_LABEL}={}", self.label),
        ])
    }
}

impl Drop for BuiltImages {
    fn drop(&mut self) {
        let mut ids = self.ids();
        ids.dedup();
        for id in ids {
            let _ = self.cli.try_run(&["rmi", "-f", &id]);
        }
    }
}

/// A context folder holding `files` (path, contents).
pub fn context(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

pub fn spec(dir: &tempfile::TempDir, images: &BuiltImages, builder: Builder) -> BuildSpec {
    BuildSpec {
        context_dir: dir.path().display().to_string(),
        dockerfile: "Dockerfile".into(),
        tags: vec![format!("tugboat-it/{}:1", unique("build"))],
        builder,
        labels: vec![images.label()],
        ..BuildSpec::default()
    }
}

/// Builds `spec`, collecting every event.
pub async fn build(
    engine: &Engine,
    spec: &BuildSpec,
) -> (Result<Built, EngineError>, Vec<BuildEvent>) {
    let mut events = Vec::new();
    let cancel = CancellationToken::new();
    let result = tokio::time::timeout(
        Duration::from_secs(180),
        engine.build_image(spec, HashMap::new(), &cancel, &mut |e| events.push(e)),
    )
    .await
    .expect("the build ends within 3 minutes");
    (result, events)
}

/// The steps' last states, by line.
fn step_states(events: &[BuildEvent]) -> Vec<(u32, StepState, String)> {
    let mut last: Vec<(u32, StepState, String)> = Vec::new();
    for e in events {
        if let BuildEvent::Step {
            line: Some(line),
            state,
            name,
            ..
        } = e
        {
            match last.iter_mut().find(|(l, _, n)| l == line && n == name) {
                Some(found) => found.1 = *state,
                None => last.push((*line, *state, name.clone())),
            }
        }
    }
    last.sort_by_key(|s| s.0);
    last
}

fn log_text(events: &[BuildEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            BuildEvent::Log { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// A Dockerfile with a cache mount (its id made unique by the test, so runs do not share it).
const CACHE_MOUNT: &str = "FROM tugboat-fixture/busybox:1
COPY hello.txt /hello.txt
RUN --mount=type=cache,id=CACHE_ID,target=/cache echo warm >> /cache/runs && cat /cache/runs > /seen
RUN echo built by buildkit && cat /hello.txt
";

#[tokio::test]
async fn a_buildkit_build_with_a_cache_mount_succeeds_and_maps_its_steps() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    assert!(engine.supports_buildkit());
    let images = BuiltImages::new(&cli);
    let dockerfile = CACHE_MOUNT.replace("CACHE_ID", &unique("cache"));
    let dir = context(&[
        ("Dockerfile", &dockerfile),
        ("hello.txt", "hi from the context\n"),
    ]);
    let mut s = spec(&dir, &images, Builder::Buildkit);
    s.no_cache = true;
    let (result, events) = build(&engine, &s).await;
    let built = result.unwrap_or_else(|e| panic!("{e}: {}", log_text(&events)));
    assert_eq!(built.builder, Builder::Buildkit);
    assert!(built.image_id.starts_with("sha256:"));
    assert_eq!(images.ids(), std::slice::from_ref(&built.image_id));

    // The context went first, whole; the last event is `done` with the tag.
    assert!(
        matches!(events.first(), Some(BuildEvent::Context { sent_bytes, .. }) if *sent_bytes == 0.0)
    );
    let sent = events.iter().rev().find_map(|e| match e {
        BuildEvent::Context {
            sent_bytes,
            total_bytes,
        } => Some((*sent_bytes, *total_bytes)),
        _ => None,
    });
    let (sent, total) = sent.unwrap();
    assert_eq!(sent, total);
    assert!(matches!(events.last(), Some(BuildEvent::Done { tags, .. }) if *tags == s.tags));

    // Every Dockerfile line ran as a step on its own line, and each step finished.
    let steps = step_states(&events);
    let lines: Vec<u32> = steps.iter().map(|s| s.0).collect();
    assert_eq!(lines, [1, 2, 3, 4], "{steps:?}");
    assert!(
        steps
            .iter()
            .all(|s| matches!(s.1, StepState::Done | StepState::Cached)),
        "{steps:?}"
    );
    assert!(
        log_text(&events).contains("built by buildkit"),
        "the RUN's output is in the log"
    );

    let out = cli.run(&["run", "--rm", &s.tags[0], "cat", "/seen", "/hello.txt"]);
    assert_eq!(out, "warm\nhi from the context");
}

#[tokio::test]
async fn a_heredoc_is_refused_by_this_engines_dockerfile_frontend_and_the_reason_is_shown() {
    // Docker 20.10's built-in frontend predates heredocs (they need dockerfile 1.4, which is
    // only reachable here through a `# syntax=` line and a pull). The build must end `failed`
    // with the engine's own reason, not hang or claim success.
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let images = BuiltImages::new(&cli);
    let dir = context(&[(
        "Dockerfile",
        "FROM tugboat-fixture/busybox:1\nRUN <<EOF\necho from a heredoc > /x\nEOF\n",
    )]);
    let (result, events) = build(&engine, &spec(&dir, &images, Builder::Buildkit)).await;
    let err = result.unwrap_err();
    assert!(matches!(err, EngineError::Api { .. }), "{err:?}");
    match events.last() {
        Some(BuildEvent::Failed { message, .. }) => {
            assert!(message.contains("line 3"), "{message}")
        }
        other => panic!("the build ends failed: {other:?}"),
    }
    assert!(images.ids().is_empty());
}

#[tokio::test]
async fn a_classic_build_succeeds_and_a_second_one_comes_from_cache() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let images = BuiltImages::new(&cli);
    let dir = context(&[(
        "Dockerfile",
        "FROM tugboat-fixture/busybox:1\nARG WHO=nobody\nRUN echo classic $WHO > /who\nCMD [\"cat\", \"/who\"]\n",
    )]);
    let mut s = spec(&dir, &images, Builder::Classic);
    s.build_args = vec![tugboat_runspec::build_spec::BuildArg {
        name: "WHO".into(),
        value: Some(unique("who")),
    }];
    s.tags
        .push(format!("tugboat-it/{}:second", unique("build")));
    let (result, events) = build(&engine, &s).await;
    let built = result.unwrap_or_else(|e| panic!("{e}: {}", log_text(&events)));
    assert_eq!(built.builder, Builder::Classic);
    let steps = step_states(&events);
    let lines: Vec<u32> = steps.iter().map(|s| s.0).collect();
    assert_eq!(lines, [1, 2, 3, 4], "{steps:?}");
    // The classic builder adds the labels as a last step of its own, which has no line.
    let log = log_text(&events);
    assert!(log.contains("Step 3/5 : RUN echo classic $WHO"), "{log}");
    assert!(log.contains("Step 5/5 : LABEL"), "{log}");
    // Both tags name the image.
    for tag in &s.tags {
        let id = cli.run(&["image", "inspect", "-f", "{{.Id}}", tag]);
        assert_eq!(id, built.image_id);
    }
    let who = s.build_args[0].value.clone().unwrap();
    assert_eq!(
        cli.run(&["run", "--rm", &s.tags[0]]),
        format!("classic {who}")
    );

    let (again, events) = build(&engine, &s).await;
    assert_eq!(again.unwrap().image_id, built.image_id);
    let steps = step_states(&events);
    assert_eq!(steps[2].1, StepState::Cached, "{steps:?}");
}

#[tokio::test]
async fn a_failing_run_ends_failed_on_its_line_with_both_builders() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let images = BuiltImages::new(&cli);
    let dir = context(&[(
        "Dockerfile",
        "FROM tugboat-fixture/busybox:1\n\nRUN echo fine\nRUN echo about to fail && \\\n    exit 3\nRUN echo never\n",
    )]);
    for builder in [Builder::Buildkit, Builder::Classic] {
        let (result, events) = build(&engine, &spec(&dir, &images, builder)).await;
        assert!(result.is_err(), "{builder:?}");
        match events.last() {
            Some(BuildEvent::Failed {
                line,
                message,
                step_id,
            }) => {
                assert_eq!(*line, Some(4), "{builder:?}: {message}");
                assert!(step_id.is_some());
                assert!(message.contains('3'), "the exit code is said: {message}");
            }
            other => panic!("{builder:?} ends failed: {other:?}"),
        }
        assert!(log_text(&events).contains("about to fail"), "{builder:?}");
    }
    assert!(images.ids().is_empty());
}

#[tokio::test]
async fn cancel_stops_a_long_run_on_the_engine() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let images = BuiltImages::new(&cli);
    let marker = unique("sleep");
    let dir = context(&[(
        "Dockerfile",
        &format!("FROM tugboat-fixture/busybox:1\nRUN echo {marker} && sleep 60\n"),
    )]);
    for builder in [Builder::Buildkit, Builder::Classic] {
        let mut s = spec(&dir, &images, builder);
        s.no_cache = true;
        let cancel = CancellationToken::new();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let task = {
            let (engine, s, cancel) = (engine.clone(), s.clone(), cancel.clone());
            tokio::spawn(async move {
                engine
                    .build_image(&s, HashMap::new(), &cancel, &mut |e| {
                        let _ = tx.send(e);
                    })
                    .await
            })
        };
        // Cancel once the sleep has started (its echo is in the log).
        let mut seen = Vec::new();
        tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(e) = rx.recv().await {
                seen.push(e);
                if log_text(&seen).contains(&marker) {
                    break;
                }
            }
        })
        .await
        .expect("the RUN starts");
        cancel.cancel();
        // Well before the 60 s sleep would end.
        let result = tokio::time::timeout(Duration::from_secs(20), task)
            .await
            .expect("the build stops soon after cancel")
            .unwrap();
        assert!(matches!(result, Err(EngineError::Cancelled)), "{result:?}");
        while let Ok(e) = rx.try_recv() {
            seen.push(e);
        }
        assert!(
            matches!(seen.last(), Some(BuildEvent::Failed { message, .. }) if message == "cancelled"),
            "{:?}",
            seen.last()
        );
        if builder == Builder::Classic {
            // The classic builder's container for the step goes away: nothing runs the sleep.
            eventually(
                Duration::from_secs(30),
                "the step's container is gone",
                || async {
                    let running =
                        cli.run(&["ps", "-q", "--no-trunc", "--filter", "status=running"]);
                    let still = running.lines().any(|id| {
                        cli.try_run(&["inspect", "-f", "{{json .Config.Cmd}}", id])
                            .is_ok_and(|c| c.contains(&marker))
                    });
                    (!still).then_some(())
                },
            )
            .await;
        }
    }
    assert!(images.ids().is_empty());
}

#[tokio::test]
async fn dockerignore_leaves_files_out_of_the_image_and_a_bang_brings_one_back() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let images = BuiltImages::new(&cli);
    let dir = context(&[
        (
            "Dockerfile",
            "FROM tugboat-fixture/busybox:1\nCOPY . /ctx\n",
        ),
        (
            ".dockerignore",
            "secret.env\nlogs\n!logs/keep.log\n**/*.tmp\n",
        ),
        ("secret.env", "TOKEN=1\n"),
        ("app/main.sh", "echo hi\n"),
        ("app/cache.tmp", "x\n"),
        ("logs/a.log", "a\n"),
        ("logs/keep.log", "kept\n"),
    ]);
    for builder in [Builder::Buildkit, Builder::Classic] {
        let s = spec(&dir, &images, builder);
        let (result, events) = build(&engine, &s).await;
        result.unwrap_or_else(|e| panic!("{builder:?} {e}: {}", log_text(&events)));
        let listed = cli.run(&["run", "--rm", &s.tags[0], "find", "/ctx", "-type", "f"]);
        let mut files: Vec<&str> = listed.lines().collect();
        files.sort();
        assert_eq!(
            files,
            [
                "/ctx/.dockerignore",
                "/ctx/Dockerfile",
                "/ctx/app/main.sh",
                "/ctx/logs/keep.log"
            ],
            "{builder:?}"
        );
    }
}
