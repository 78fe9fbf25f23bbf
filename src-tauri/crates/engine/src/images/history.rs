//! `docker history --no-trunc`: the steps that built an image, newest first, each with the
//! engine's raw created-by text and a Dockerfile-like instruction made from it.

use crate::connection::Engine;
use crate::error::EngineError;
use serde::Serialize;
use tugboat_runspec::argv::command_line;

/// One step of an image's history, as `docker history` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryStep {
    /// The image id this step produced, when it is stored locally; None where the CLI shows
    /// `<missing>` (steps of a pulled image, or of a build whose middle images are gone).
    pub id: Option<String>,
    /// Unix seconds.
    pub created: f64,
    /// The engine's text, as `docker history --no-trunc` shows it.
    pub created_by: String,
    /// The same as a Dockerfile line: `/bin/sh -c #(nop) ` dropped from metadata steps,
    /// `RUN ` put before shell steps, BuildKit's ` # buildkit` marker dropped.
    pub instruction: String,
    /// Bytes of the layer this step made (0 for metadata-only steps).
    pub size: f64,
    pub comment: String,
    /// Tags pointing at this step's image.
    pub tags: Vec<String>,
    /// Whether the step made a filesystem layer. The history API does not say so directly
    /// (the image config's `empty_layer` does, which the layer explorer reads): here a step
    /// made one when it has bytes, or when its instruction is not one that only sets metadata.
    pub made_layer: bool,
}

/// An image's history, newest step first, and the `docker history` line it equals.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImageHistory {
    pub steps: Vec<HistoryStep>,
    pub command: String,
}

/// Dockerfile instructions that only change the image's config, never its files.
const METADATA: [&str; 12] = [
    "ARG",
    "CMD",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "SHELL",
    "STOPSIGNAL",
    "USER",
];

/// Turns the engine's created-by text into a Dockerfile-like line. The classic builder writes
/// `/bin/sh -c #(nop)  CMD ["sh"]` for metadata and `/bin/sh -c echo hi` for RUN, with
/// `|N A=1 B=2 ` before it when build args were set; BuildKit writes `RUN /bin/sh -c echo hi #
/// buildkit` and `ENV A=1`. Anything else (an `ADD file:… in /` of a base image) stays as it is.
pub fn instruction(created_by: &str) -> String {
    let mut text = created_by.trim();
    // `|2 A=1 B=2 /bin/sh -c …`: the build args the classic builder ran the step with.
    if let Some(rest) = text.strip_prefix('|') {
        let mut words = rest.splitn(2, ' ');
        if let (Some(n), Some(after)) = (words.next(), words.next()) {
            if let Ok(n) = n.parse::<usize>() {
                let mut after = after;
                for _ in 0..n {
                    after = after.split_once(' ').map(|(_, r)| r).unwrap_or("");
                }
                text = after.trim_start();
            }
        }
    }
    if let Some(rest) = text.strip_suffix("# buildkit") {
        text = rest.trim_end();
    }
    for shell in ["/bin/sh -c ", "/bin/bash -c "] {
        if let Some(rest) = text.strip_prefix(shell) {
            let rest = rest.trim_start();
            return match rest.strip_prefix("#(nop)") {
                Some(meta) => meta.trim().to_owned(),
                None => format!("RUN {rest}"),
            };
        }
        if let Some(rest) = text
            .strip_prefix("RUN ")
            .and_then(|r| r.strip_prefix(shell))
        {
            return format!("RUN {}", rest.trim_start());
        }
    }
    text.to_owned()
}

/// Whether a step made a filesystem layer, judged from its size and instruction.
pub fn made_layer(instruction: &str, size: i64) -> bool {
    if size > 0 {
        return true;
    }
    let keyword = instruction
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    !METADATA.contains(&keyword.as_str())
}

/// `docker history --no-trunc IMAGE`.
pub fn history_command(image: &str) -> String {
    command_line(&["docker", "history", "--no-trunc", image])
}

impl Engine {
    /// The history of image `id` (an id or a reference), newest step first.
    pub async fn image_history(&self, id: &str) -> Result<ImageHistory, EngineError> {
        let items = self.docker.image_history(id).await?;
        let steps = items
            .into_iter()
            .map(|item| {
                let instruction = instruction(&item.created_by);
                HistoryStep {
                    id: (item.id != "<missing>" && !item.id.is_empty()).then_some(item.id),
                    created: item.created as f64,
                    made_layer: made_layer(&instruction, item.size),
                    instruction,
                    created_by: item.created_by,
                    size: item.size.max(0) as f64,
                    comment: item.comment,
                    tags: item.tags,
                }
            })
            .collect();
        Ok(ImageHistory {
            steps,
            command: history_command(id),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_metadata_steps_lose_the_nop_prefix() {
        assert_eq!(
            instruction("/bin/sh -c #(nop)  CMD [\"sh\"]"),
            "CMD [\"sh\"]"
        );
        assert_eq!(
            instruction("/bin/sh -c #(nop) ADD file:abc in / "),
            "ADD file:abc in /"
        );
        assert_eq!(instruction("/bin/sh -c #(nop) ENV A=1"), "ENV A=1");
    }

    #[test]
    fn shell_steps_become_run_lines() {
        assert_eq!(
            instruction("/bin/sh -c head -c 10 /dev/urandom > /a"),
            "RUN head -c 10 /dev/urandom > /a"
        );
        assert_eq!(
            instruction("|2 A=1 B=2 /bin/sh -c echo $A$B"),
            "RUN echo $A$B"
        );
        assert_eq!(instruction("|1 A=1 /bin/sh -c echo $A"), "RUN echo $A");
    }

    #[test]
    fn buildkit_steps_lose_their_marker() {
        assert_eq!(
            instruction("RUN /bin/sh -c echo hi > /x # buildkit"),
            "RUN echo hi > /x"
        );
        assert_eq!(instruction("ENV A=1"), "ENV A=1");
        assert_eq!(instruction("COPY /src /dst # buildkit"), "COPY /src /dst");
    }

    #[test]
    fn metadata_steps_make_no_layer_but_anything_with_bytes_does() {
        assert!(!made_layer("CMD [\"sh\"]", 0));
        assert!(!made_layer("env A=1", 0));
        assert!(made_layer("RUN true", 0));
        assert!(made_layer("COPY a b", 0));
        assert!(made_layer("LABEL x=y", 5));
    }

    #[test]
    fn the_command_quotes_the_image() {
        assert_eq!(
            history_command("sha256:ab"),
            "docker history --no-trunc sha256:ab"
        );
    }
}
