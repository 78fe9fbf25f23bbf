//! What the engine says during a build, read into [`BuildEvent`]s: BuildKit's status messages
//! (vertexes that start, finish, come from cache or fail, and their log output) and the
//! classic builder's text (`Step 3/7 : RUN …`, ` ---> Using cache`, `Successfully built …`).
//! Each step is mapped to its Dockerfile line through `tugboat_dockerfile::steps`.

use super::{BuildEvent, StepState};
use bollard::moby::buildkit::v1::StatusResponse;
use bollard::models::{BuildInfo, BuildInfoAux};
use std::collections::HashMap;
use tugboat_dockerfile::steps::step_source;
use tugboat_dockerfile::Dockerfile;

/// One step as last reported.
#[derive(Debug, Clone)]
struct StepSeen {
    name: String,
    line: Option<u32>,
    state: StepState,
    started_ms: Option<f64>,
    ended_ms: Option<f64>,
}

/// The build's state as the messages arrive. `now_ms` given to each call is the time since
/// the build started (the engine's own timestamps come from another clock).
#[derive(Debug)]
pub struct BuildFold {
    file: Dockerfile,
    steps: HashMap<String, StepSeen>,
    /// The classic builder's step now running (its number as the id).
    classic_current: Option<String>,
    /// Text of a classic `stream` message cut mid-line.
    classic_partial: String,
    image_id: Option<String>,
    /// The step that failed, when the builder said which.
    failed_step: Option<String>,
}

impl BuildFold {
    /// A fold for a build of `file` (parsed, to map steps to lines).
    pub fn new(file: Dockerfile) -> BuildFold {
        BuildFold {
            file,
            steps: HashMap::new(),
            classic_current: None,
            classic_partial: String::new(),
            image_id: None,
            failed_step: None,
        }
    }

    /// The built image's id, once the engine said it.
    pub fn image_id(&self) -> Option<&str> {
        self.image_id.as_deref()
    }

    /// The step that failed and its line, for the `failed` event.
    pub fn failure(&self) -> (Option<String>, Option<u32>) {
        let step = self.failed_step.clone().or_else(|| {
            // The classic builder says only the error: the step running then failed.
            self.classic_current.clone()
        });
        let line = step
            .as_ref()
            .and_then(|s| self.steps.get(s))
            .and_then(|s| s.line);
        (step, line)
    }

    fn step_event(&self, id: &str) -> Option<BuildEvent> {
        let s = self.steps.get(id)?;
        Some(BuildEvent::Step {
            id: id.to_owned(),
            name: s.name.clone(),
            line: s.line,
            state: s.state,
            started_ms: s.started_ms,
            ended_ms: s.ended_ms,
        })
    }

    /// Sets a step's state; an event when it changed.
    fn set_step(
        &mut self,
        id: &str,
        name: &str,
        state: StepState,
        now_ms: f64,
    ) -> Option<BuildEvent> {
        let line = step_source(&self.file, name).map(|s| s.line);
        let entry = self.steps.entry(id.to_owned()).or_insert_with(|| StepSeen {
            name: name.to_owned(),
            line,
            state,
            started_ms: None,
            ended_ms: None,
        });
        let is_new = entry.started_ms.is_none() && entry.ended_ms.is_none();
        if !is_new && entry.state == state {
            return None;
        }
        entry.state = state;
        match state {
            StepState::Started => entry.started_ms = Some(now_ms),
            _ => {
                entry.started_ms.get_or_insert(now_ms);
                entry.ended_ms = Some(now_ms);
            }
        }
        if state == StepState::Failed {
            self.failed_step = Some(id.to_owned());
        }
        self.step_event(id)
    }

    /// Reads one message; the events it makes, in order.
    pub fn apply(&mut self, info: BuildInfo, now_ms: f64) -> Vec<BuildEvent> {
        let mut out = Vec::new();
        match info.aux {
            Some(BuildInfoAux::BuildKit(status)) => self.apply_buildkit(status, now_ms, &mut out),
            Some(BuildInfoAux::Default(image)) => {
                if let Some(id) = image.id {
                    self.image_id = Some(id);
                }
            }
            None => {}
        }
        if let Some(text) = info.stream {
            self.apply_classic(&text, now_ms, &mut out);
        }
        out
    }

    fn apply_buildkit(&mut self, status: StatusResponse, now_ms: f64, out: &mut Vec<BuildEvent>) {
        for v in status.vertexes {
            let state = if !v.error.is_empty() {
                StepState::Failed
            } else if v.cached {
                StepState::Cached
            } else if v.completed.is_some() {
                StepState::Done
            } else if v.started.is_some() {
                StepState::Started
            } else {
                // Known but not started: nothing to show yet.
                continue;
            };
            if let Some(e) = self.set_step(&v.digest, &v.name, state, now_ms) {
                out.push(e);
            }
            if !v.error.is_empty() {
                out.push(BuildEvent::Log {
                    step_id: Some(v.digest.clone()),
                    text: format!("{}\n", v.error),
                });
            }
        }
        for log in status.logs {
            let text = String::from_utf8_lossy(&log.msg).into_owned();
            if !text.is_empty() {
                out.push(BuildEvent::Log {
                    step_id: Some(log.vertex),
                    text,
                });
            }
        }
    }

    fn apply_classic(&mut self, text: &str, now_ms: f64, out: &mut Vec<BuildEvent>) {
        self.classic_partial.push_str(text);
        while let Some(end) = self.classic_partial.find('\n') {
            let line: String = self.classic_partial.drain(..=end).collect();
            self.classic_line(line.trim_end_matches(['\n', '\r']), now_ms, out);
        }
    }

    fn classic_line(&mut self, line: &str, now_ms: f64, out: &mut Vec<BuildEvent>) {
        if let Some(rest) = line.strip_prefix("Step ") {
            let number = rest.split('/').next().unwrap_or_default().to_owned();
            if let Some(prev) = self.classic_current.take() {
                if self.steps.get(&prev).map(|s| s.state) == Some(StepState::Started) {
                    let name = self
                        .steps
                        .get(&prev)
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    out.extend(self.set_step(&prev, &name, StepState::Done, now_ms));
                }
            }
            out.extend(self.set_step(&number, line, StepState::Started, now_ms));
            self.classic_current = Some(number);
            // The step's own line stays in the log, as the CLI prints it.
            out.push(BuildEvent::Log {
                step_id: self.classic_current.clone(),
                text: format!("{line}\n"),
            });
            return;
        }
        let trimmed = line.trim();
        if trimmed == "---> Using cache" {
            if let Some(cur) = self.classic_current.clone() {
                let name = self
                    .steps
                    .get(&cur)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                out.extend(self.set_step(&cur, &name, StepState::Cached, now_ms));
            }
            return;
        }
        if let Some(id) = trimmed.strip_prefix("Successfully built ") {
            if let Some(cur) = self.classic_current.take() {
                if self.steps.get(&cur).map(|s| s.state) == Some(StepState::Started) {
                    let name = self
                        .steps
                        .get(&cur)
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    out.extend(self.set_step(&cur, &name, StepState::Done, now_ms));
                }
            }
            if self.image_id.is_none() {
                self.image_id = Some(id.to_owned());
            }
        }
        out.push(BuildEvent::Log {
            step_id: self.classic_current.clone(),
            text: format!("{line}\n"),
        });
    }
}

/// Consecutive log events of one step joined into one, so a chatty step crosses the IPC as a
/// few messages a second instead of one per line.
pub fn coalesce(events: Vec<BuildEvent>) -> Vec<BuildEvent> {
    let mut out: Vec<BuildEvent> = Vec::with_capacity(events.len());
    for e in events {
        if let (
            Some(BuildEvent::Log {
                step_id: last_step,
                text: last_text,
            }),
            BuildEvent::Log { step_id, text },
        ) = (out.last_mut(), &e)
        {
            if last_step == step_id {
                last_text.push_str(text);
                continue;
            }
        }
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::moby::buildkit::v1::{Vertex, VertexLog};
    use bollard::models::ImageId;

    const FILE: &str = "FROM tugboat-fixture/busybox:1\nRUN echo hi\nRUN exit 3\n";

    fn vertex(digest: &str, name: &str, cached: bool, done: bool, error: &str) -> Vertex {
        Vertex {
            digest: digest.into(),
            name: name.into(),
            cached,
            started: Some(Default::default()),
            completed: if done { Some(Default::default()) } else { None },
            error: error.into(),
            ..Default::default()
        }
    }

    fn status(vertexes: Vec<Vertex>, logs: Vec<VertexLog>) -> BuildInfo {
        BuildInfo {
            aux: Some(BuildInfoAux::BuildKit(StatusResponse {
                vertexes,
                logs,
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    #[test]
    fn buildkit_vertexes_become_steps_on_their_lines() {
        let mut f = BuildFold::new(tugboat_dockerfile::parse(FILE));
        let ev = f.apply(
            status(
                vec![
                    vertex(
                        "d0",
                        "[internal] load build definition from Dockerfile",
                        false,
                        true,
                        "",
                    ),
                    vertex(
                        "d1",
                        "[1/3] FROM docker.io/tugboat-fixture/busybox:1",
                        true,
                        true,
                        "",
                    ),
                    vertex("d2", "[2/3] RUN echo hi", false, false, ""),
                ],
                vec![],
            ),
            10.0,
        );
        assert_eq!(ev.len(), 3);
        assert!(matches!(
            &ev[1],
            BuildEvent::Step {
                line: Some(1),
                state: StepState::Cached,
                ..
            }
        ));
        assert!(
            matches!(&ev[2], BuildEvent::Step { line: Some(2), state: StepState::Started, started_ms: Some(s), ended_ms: None, .. } if *s == 10.0)
        );
        // The same state again says nothing; a log is a log of its vertex.
        let ev = f.apply(
            status(
                vec![vertex("d2", "[2/3] RUN echo hi", false, false, "")],
                vec![VertexLog {
                    vertex: "d2".into(),
                    msg: b"hi\n".to_vec(),
                    ..Default::default()
                }],
            ),
            20.0,
        );
        assert_eq!(
            ev,
            [BuildEvent::Log {
                step_id: Some("d2".into()),
                text: "hi\n".into()
            }]
        );
        let ev = f.apply(
            status(
                vec![
                    vertex("d2", "[2/3] RUN echo hi", false, true, ""),
                    vertex("d3", "[3/3] RUN exit 3", false, true, "exit code: 3"),
                ],
                vec![],
            ),
            30.0,
        );
        assert!(
            matches!(&ev[0], BuildEvent::Step { state: StepState::Done, started_ms: Some(s), ended_ms: Some(e), .. } if *s == 10.0 && *e == 30.0)
        );
        assert!(matches!(
            &ev[1],
            BuildEvent::Step {
                line: Some(3),
                state: StepState::Failed,
                ..
            }
        ));
        assert_eq!(f.failure(), (Some("d3".into()), Some(3)));
    }

    #[test]
    fn classic_text_becomes_steps_cache_and_the_image_id() {
        let mut f = BuildFold::new(tugboat_dockerfile::parse(FILE));
        let text = |s: &str| BuildInfo {
            stream: Some(s.into()),
            ..Default::default()
        };
        let mut ev = Vec::new();
        for chunk in [
            "Step 1/3 : FROM tugboat-fixture/busybox:1\n ---> abc\n",
            "Step 2/3 : RUN echo hi\n ---> Using cache\n ---> def\nStep 3/3 : RUN ",
            "exit 3\n ---> Running in 123\n",
        ] {
            ev.extend(f.apply(text(chunk), 1.0));
        }
        let steps: Vec<(String, Option<u32>, StepState)> = ev
            .iter()
            .filter_map(|e| match e {
                BuildEvent::Step {
                    id, line, state, ..
                } => Some((id.clone(), *line, *state)),
                _ => None,
            })
            .collect();
        assert_eq!(
            steps,
            [
                ("1".into(), Some(1), StepState::Started),
                ("1".into(), Some(1), StepState::Done),
                ("2".into(), Some(2), StepState::Started),
                ("2".into(), Some(2), StepState::Cached),
                ("3".into(), Some(3), StepState::Started),
            ]
        );
        assert!(ev.contains(&BuildEvent::Log {
            step_id: Some("2".into()),
            text: "Step 2/3 : RUN echo hi\n".into()
        }));
        // An error now is the running step's.
        assert_eq!(f.failure(), (Some("3".into()), Some(3)));
        let mut ok = BuildFold::new(tugboat_dockerfile::parse(FILE));
        ok.apply(
            text("Step 1/3 : FROM x\nSuccessfully built 0123abcd\n"),
            1.0,
        );
        assert_eq!(ok.image_id(), Some("0123abcd"));
        ok.apply(
            BuildInfo {
                aux: Some(BuildInfoAux::Default(ImageId {
                    id: Some("sha256:0123abcd".into()),
                })),
                ..Default::default()
            },
            2.0,
        );
        assert_eq!(ok.image_id(), Some("sha256:0123abcd"));
    }

    #[test]
    fn logs_of_one_step_in_a_row_are_joined() {
        let log = |s: Option<&str>, t: &str| BuildEvent::Log {
            step_id: s.map(str::to_owned),
            text: t.into(),
        };
        let joined = coalesce(vec![
            log(Some("a"), "1\n"),
            log(Some("a"), "2\n"),
            log(Some("b"), "3\n"),
            log(Some("a"), "4\n"),
        ]);
        assert_eq!(
            joined,
            [
                log(Some("a"), "1\n2\n"),
                log(Some("b"), "3\n"),
                log(Some("a"), "4\n")
            ]
        );
    }
}
