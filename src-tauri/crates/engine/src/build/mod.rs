//! `docker build`: the context packed here (honouring `.dockerignore`) and sent to the engine,
//! run by BuildKit through a session or by the classic builder, with each builder's progress
//! read into one event type ([`BuildEvent`]) that the editor's build panel and the layers view
//! share. What the build says (`docker build …`) is runspec's (`tugboat_runspec::build_spec`).

use serde::{Deserialize, Serialize};

/// Where one step of a build is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum StepState {
    Started,
    Done,
    /// The builder reused a cached result instead of running the step.
    Cached,
    Failed,
}

/// What a build stream carries, in order: the context's upload, each step as it starts and
/// ends, the log lines of the steps, then one `done` or `failed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum BuildEvent {
    /// Bytes of the context sent so far, of the whole (known before the upload starts).
    Context {
        #[specta(type = u32)]
        sent_bytes: f64,
        #[specta(type = u32)]
        total_bytes: f64,
    },
    /// A step, each time its state changes. `id` is stable over the build (BuildKit's vertex
    /// digest, or the classic builder's step number); `name` is how the builder names it
    /// (`[2/4] RUN make`, `Step 2/4 : RUN make`); `line` is the Dockerfile line (1-based) of
    /// its instruction, when it maps to one. Times are milliseconds since the build started.
    Step {
        id: String,
        name: String,
        line: Option<u32>,
        state: StepState,
        #[specta(type = Option<u32>)]
        started_ms: Option<f64>,
        #[specta(type = Option<u32>)]
        ended_ms: Option<f64>,
    },
    /// Output, one or more whole lines, of a step (or of the build when no step is known).
    Log {
        step_id: Option<String>,
        text: String,
    },
    /// The image built: its id (`sha256:…`), the tags it was given, and how long it took.
    Done {
        image_id: String,
        tags: Vec<String>,
        #[specta(type = u32)]
        seconds: f64,
    },
    /// The build stopped: why, and the step and Dockerfile line that failed when known.
    /// A cancelled build ends with the message `cancelled`.
    Failed {
        message: String,
        step_id: Option<String>,
        line: Option<u32>,
    },
}

/// One of the largest files in a context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContextFile {
    /// Relative to the context folder, with `/`.
    pub path: String,
    #[specta(type = u32)]
    pub bytes: f64,
}

/// What a build would send, before sending it: the files and bytes the context holds after
/// `.dockerignore`, what the rules leave out, the five largest files sent, and a warning in
/// words when the context is large.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContextSummary {
    pub files: u32,
    #[specta(type = u32)]
    pub bytes: f64,
    pub ignored_files: u32,
    #[specta(type = u32)]
    pub ignored_bytes: f64,
    pub largest: Vec<ContextFile>,
    pub has_dockerignore: bool,
    pub warning: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_cross_the_ipc_tagged_by_kind_in_camel_case() {
        let e = BuildEvent::Step {
            id: "sha256:1".into(),
            name: "[1/2] RUN true".into(),
            line: Some(3),
            state: StepState::Cached,
            started_ms: Some(5.0),
            ended_ms: None,
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"], "step");
        assert_eq!(v["state"], "cached");
        assert_eq!(v["startedMs"], 5.0);
        assert!(v["endedMs"].is_null());
        let v = serde_json::to_value(BuildEvent::Failed {
            message: "cancelled".into(),
            step_id: None,
            line: None,
        })
        .unwrap();
        assert_eq!(v["kind"], "failed");
        assert!(v["stepId"].is_null());
    }
}
