//! Layers tied to lines against the real engine: the same Dockerfile built by BuildKit and by
//! the classic builder (the 20.10 CLI, `DOCKER_BUILDKIT=1|0`), its history tied to the right
//! lines, the base image's entries marked, layer digests filled, and the tips: a file written
//! by one RUN and deleted by the next named with both lines, the biggest layer, and the
//! `COPY .` before a RUN.

use crate::support::*;
use std::process::Command;
use tokio_util::sync::CancellationToken;
use tugboat_engine::images::build_layers::{BuildLayers, StepOutcome, TipKind};

/// Line numbers matter: the assertions below name them. `{unique}` keeps parallel builds
/// from sharing cached steps.
const DOCKERFILE: &str = "FROM tugboat-fixture/busybox:1
ENV TUGBOAT_TEST_BUILD={unique}
WORKDIR /app
COPY a.txt ./
RUN head -c 200000 /dev/zero > /app/big.bin
RUN rm /app/big.bin
COPY . /src/
RUN echo done > /app/done
CMD [\"sh\"]
";

/// The 20.10 CLI (the one that speaks to the engine's BuildKit); see TESTING.md.
const CLI_2010: &str = "/usr/bin/docker";

struct Built {
    cli: Cli,
    tag: String,
    id: String,
    text: String,
}

impl Drop for Built {
    fn drop(&mut self) {
        let _ = self.cli.try_run(&["rmi", "-f", &self.tag]);
    }
}

fn build(cli: &Cli, labels: &Labelled, buildkit: bool) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let text = DOCKERFILE.replace("{unique}", &unique("build-layers"));
    std::fs::write(dir.path().join("Dockerfile"), &text).unwrap();
    std::fs::write(dir.path().join("a.txt"), "a\n").unwrap();
    let tag = format!("tugboat-it/{}:1", unique("build-layers"));
    let out = Command::new(CLI_2010)
        .args([
            "build",
            "-q",
            "--label",
            &labels.label_arg(),
            "-t",
            &tag,
            ".",
        ])
        .current_dir(dir.path())
        .env("DOCKER_HOST", &cli.host)
        .env("DOCKER_BUILDKIT", if buildkit { "1" } else { "0" })
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docker build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = cli.run(&["image", "inspect", "--format", "{{.Id}}", &tag]);
    Built {
        cli: cli.clone(),
        tag,
        id,
        text,
    }
}

async fn layers(
    engine: &tugboat_engine::Engine,
    b: &Built,
    steps: Option<&[StepOutcome]>,
) -> BuildLayers {
    engine
        .build_layers(&b.id, &b.text, steps, &CancellationToken::new())
        .await
        .unwrap()
}

/// The lines of the entries that are not the base image's, in build order.
fn own_lines(l: &BuildLayers) -> Vec<Option<u32>> {
    l.layers
        .iter()
        .filter(|x| !x.from_base)
        .map(|x| x.line)
        .collect()
}

fn base_count(cli: &Cli) -> usize {
    cli.lines(&["history", "-q", &fixture_image()]).len()
}

async fn lines_are_tied(buildkit: bool) {
    let TestEngine {
        cli,
        labels,
        engine,
        ..
    } = TestEngine::start().await;
    let built = build(&cli, &labels, buildkit);
    let l = layers(&engine, &built, None).await;

    let base = base_count(&cli);
    assert!(l.layers[..base]
        .iter()
        .all(|x| x.from_base && x.line.is_none()));
    let mut want: Vec<Option<u32>> = (2..=9).map(Some).collect();
    if !buildkit {
        // The classic builder records `--label` as one more LABEL entry, tied to no line.
        want.push(None);
    }
    assert_eq!(own_lines(&l), want, "{:#?}", l.layers);
    let big = l.layers.iter().find(|x| x.line == Some(5)).unwrap();
    assert!(big.size >= 200_000.0, "{big:?}");
    assert!(
        big.made_layer
            && big
                .layer_id
                .as_deref()
                .is_some_and(|d| d.starts_with("sha256:"))
    );
    let env = l.layers.iter().find(|x| x.line == Some(2)).unwrap();
    assert!(!env.made_layer && env.layer_id.is_none(), "{env:?}");
    assert!(env.instruction.starts_with("ENV TUGBOAT_TEST_BUILD="));
    assert!(
        l.layers.iter().all(|x| x.cached.is_none()),
        "no steps were given"
    );

    let deleted: Vec<_> = l
        .tips
        .iter()
        .filter(|t| t.kind == TipKind::AddedThenDeleted)
        .collect();
    assert_eq!(deleted.len(), 1, "{:#?}", l.tips);
    assert_eq!(deleted[0].line, Some(6));
    assert!(
        deleted[0]
            .message
            .starts_with("/app/big.bin (200 kB) is written by line 5 and deleted by line 6"),
        "{}",
        deleted[0].message
    );
    let biggest = l
        .tips
        .iter()
        .find(|t| t.kind == TipKind::BiggestLayer)
        .unwrap();
    assert_eq!(biggest.line, Some(5));
    let bust = l
        .tips
        .iter()
        .find(|t| t.kind == TipKind::CacheBust)
        .unwrap();
    assert_eq!(bust.line, Some(7));
    assert!(bust.message.contains("RUN on line 8"), "{}", bust.message);
}

#[tokio::test]
async fn a_buildkit_build_is_tied_to_its_lines_with_tips() {
    lines_are_tied(true).await;
}

#[tokio::test]
async fn a_classic_build_is_tied_to_its_lines_with_tips() {
    lines_are_tied(false).await;
}

#[tokio::test]
async fn the_builds_step_states_say_which_layers_came_from_the_cache() {
    let TestEngine {
        cli,
        labels,
        engine,
        ..
    } = TestEngine::start().await;
    let built = build(&cli, &labels, true);
    let steps = [
        StepOutcome {
            line: 4,
            cached: true,
            millis: None,
        },
        StepOutcome {
            line: 5,
            cached: false,
            millis: Some(40.0),
        },
    ];
    let l = layers(&engine, &built, Some(&steps)).await;
    let cached = |line: u32| {
        l.layers
            .iter()
            .find(|x| x.line == Some(line))
            .unwrap()
            .cached
    };
    assert_eq!((cached(4), cached(5)), (Some(true), Some(false)));
    assert_eq!(cached(8), None, "no step was told for line 8");
    // With times given, only a RUN that ran slowly makes the cache-busting tip: none did.
    assert!(
        l.tips.iter().all(|t| t.kind != TipKind::CacheBust),
        "{:#?}",
        l.tips
    );
}

#[tokio::test]
async fn an_unknown_image_is_an_engine_error() {
    let TestEngine { engine, .. } = TestEngine::start().await;
    let err = engine
        .build_layers(
            "tugboat-it/no-such-image:never",
            DOCKERFILE,
            None,
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, tugboat_engine::EngineError::NotFound(_)),
        "{err:?}"
    );
}
