//! The layer explorer and `docker history` against the real engine, on an image built here
//! with known layers: a file added, overwritten with another size, then deleted; a folder
//! made opaque (removed and made again); a file added to a folder no other step touched.
//! Per-layer changes and wasted bytes are asserted exactly; the history equals the CLI's.

use crate::disk::build_image;
use crate::support::*;
use tokio_util::sync::CancellationToken;
use tugboat_engine::containers::changes::ChangeKind;
use tugboat_engine::images::layers::{ImageLayers, LayerView, Limits};
use tugboat_engine::EngineError;

/// Layers 2..=6 of [`KNOWN`] (0 and 1 are the fixture's). `{unique}` keeps parallel tests'
/// builds from sharing cached steps, which one test's `rmi` would take from under another.
pub const KNOWN: &str = "FROM tugboat-fixture/busybox:1
ENV TUGBOAT_TEST_BUILD={unique}
RUN mkdir -p /data /cache/sub /keep && head -c 1000 /dev/zero > /data/f && head -c 10 /dev/zero > /cache/a && head -c 20 /dev/zero > /cache/sub/b && head -c 5 /dev/zero > /keep/k
RUN head -c 300 /dev/zero > /data/f
RUN rm /data/f
RUN rm -rf /cache && mkdir /cache && head -c 7 /dev/zero > /cache/new
ENV STEP=metadata-only
RUN head -c 40 /dev/zero > /keep/other
";

/// A tagged image built from [`KNOWN`], labelled, removed when dropped.
pub struct KnownImage {
    cli: Cli,
    pub tag: String,
    pub id: String,
}

impl KnownImage {
    pub fn build(cli: &Cli, labels: &Labelled) -> KnownImage {
        let tag = format!("{}:1", unique("layers"));
        let dockerfile = KNOWN.replace("{unique}", &unique("build"));
        build_image(cli, &labels.label_arg(), &tag, &dockerfile);
        let id = cli.run(&["image", "inspect", "--format", "{{.Id}}", &tag]);
        KnownImage {
            cli: cli.clone(),
            tag,
            id,
        }
    }
}

impl Drop for KnownImage {
    fn drop(&mut self) {
        let _ = self.cli.try_run(&["rmi", "-f", &self.tag]);
    }
}

fn changes(layer: &LayerView) -> Vec<String> {
    layer
        .changes
        .iter()
        .map(|c| {
            let kind = match c.change {
                ChangeKind::Added => "A",
                ChangeKind::Changed => "C",
                ChangeKind::Deleted => "D",
            };
            format!("{kind} {} {}", c.path, c.size)
        })
        .collect()
}

fn counts(layer: &LayerView) -> (u32, u32, u32, f64, f64) {
    (
        layer.added,
        layer.changed,
        layer.deleted,
        layer.bytes,
        layer.wasted,
    )
}

async fn analyse(engine: &tugboat_engine::Engine, id: &str) -> (ImageLayers, Vec<(f64, u32)>) {
    let mut progress = Vec::new();
    let layers = engine
        .image_layers(id, Limits::default(), &CancellationToken::new(), |p| {
            progress.push((p.bytes, p.layers))
        })
        .await
        .unwrap();
    (layers, progress)
}

#[tokio::test]
async fn each_layer_says_what_it_added_changed_and_deleted_and_what_it_wasted() {
    let TestEngine {
        cli,
        labels,
        engine,
        ..
    } = TestEngine::start().await;
    let image = KnownImage::build(&cli, &labels);

    let (a, progress) = analyse(&engine, &image.tag).await;
    assert_eq!(a.id, image.id);
    assert_eq!(a.layers.len(), 7, "the fixture's 2 layers and 5 RUNs");
    let l = &a.layers;

    assert_eq!(
        changes(&l[2]),
        [
            "A /cache 0",
            "A /cache/a 10",
            "A /cache/sub 0",
            "A /cache/sub/b 20",
            "A /data 0",
            "A /data/f 1000",
            "A /keep 0",
            "A /keep/k 5",
        ]
    );
    // data/f overwritten (1000), cache/a and cache/sub/b hidden by the opaque folder (30).
    assert_eq!(counts(&l[2]), (8, 0, 0, 1035.0, 1030.0));

    assert_eq!(changes(&l[3]), ["C /data 0", "C /data/f 300"]);
    // The 300-byte copy is deleted by the next layer.
    assert_eq!(counts(&l[3]), (0, 2, 0, 300.0, 300.0));

    assert_eq!(changes(&l[4]), ["C /data 0", "D /data/f 300"]);
    assert_eq!(counts(&l[4]), (0, 1, 1, 0.0, 0.0));

    assert_eq!(
        changes(&l[5]),
        [
            "C /cache 0",
            "D /cache/a 10",
            "A /cache/new 7",
            "D /cache/sub 20",
        ]
    );
    assert_eq!(counts(&l[5]), (1, 1, 2, 7.0, 0.0));

    // keep/k, in the folder this layer adds to, is untouched and stays from layer 2.
    assert_eq!(changes(&l[6]), ["C /keep 0", "A /keep/other 40"]);
    assert_eq!(counts(&l[6]), (1, 1, 0, 40.0, 0.0));

    // The instructions: the non-empty history steps in order (ENV made no layer).
    assert!(l[2]
        .instruction
        .as_deref()
        .unwrap()
        .starts_with("RUN mkdir -p /data /cache/sub /keep"));
    assert_eq!(
        l[3].instruction.as_deref(),
        Some("RUN head -c 300 /dev/zero > /data/f")
    );
    assert_eq!(l[4].instruction.as_deref(), Some("RUN rm /data/f"));
    assert_eq!(
        l[6].instruction.as_deref(),
        Some("RUN head -c 40 /dev/zero > /keep/other")
    );
    let digests = cli.run(&[
        "image",
        "inspect",
        "--format",
        "{{json .RootFS.Layers}}",
        &image.tag,
    ]);
    let digests: Vec<String> = serde_json::from_str(&digests).unwrap();
    let ours: Vec<String> = l.iter().map(|x| x.digest.clone().unwrap()).collect();
    assert_eq!(ours, digests);

    // Totals: the fixture's layers waste nothing; all waste is ours.
    let fixture_bytes: f64 = l[..2].iter().map(|x| x.bytes).sum();
    assert_eq!((l[0].wasted, l[1].wasted), (0.0, 0.0));
    assert_eq!(a.total_bytes, fixture_bytes + 1382.0);
    assert_eq!(a.wasted_bytes, 1330.0);
    assert_eq!(a.score, 1.0 - 1330.0 / a.total_bytes);

    // Biggest files of the final image: none of the deleted or overwritten ones.
    assert!(a.biggest.len() <= 20 && !a.biggest.is_empty());
    assert!(a.biggest.windows(2).all(|w| w[0].size >= w[1].size));
    assert!(!a
        .biggest
        .iter()
        .any(|f| f.path.starts_with("/data/") || f.path == "/cache/a"));

    // Progress came, and ended with every byte and layer of the save read.
    let (bytes, layers) = *progress.last().unwrap();
    assert_eq!(layers, 7);
    let saved_len = {
        let out = std::process::Command::new("sh")
            .args(["-c", &format!("docker save {} | wc -c", image.id)])
            .env("DOCKER_HOST", &cli.host)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse::<f64>()
            .unwrap()
    };
    assert_eq!(bytes, saved_len);
    assert_eq!(a.command, format!("docker save {} | tar -t", image.id));
}

#[tokio::test]
async fn history_equals_the_clis() {
    let TestEngine {
        cli,
        labels,
        engine,
        ..
    } = TestEngine::start().await;
    let image = KnownImage::build(&cli, &labels);

    let ours = engine.image_history(&image.tag).await.unwrap();
    assert_eq!(
        ours.command,
        format!("docker history --no-trunc {}", image.tag)
    );
    let theirs: Vec<serde_json::Value> = cli
        .lines(&[
            "history",
            "--no-trunc",
            "--human=false",
            "--format",
            "{{json .}}",
            &image.tag,
        ])
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ours.steps.len(), theirs.len());
    for (step, cli_step) in ours.steps.iter().zip(&theirs) {
        assert_eq!(step.created_by, cli_step["CreatedBy"].as_str().unwrap());
        assert_eq!(step.comment, cli_step["Comment"].as_str().unwrap());
        let size: f64 = cli_step["Size"].as_str().unwrap().parse().unwrap();
        assert_eq!(step.size, size);
        let id = cli_step["ID"].as_str().unwrap();
        assert_eq!(step.id.as_deref().unwrap_or("<missing>"), id);
        let at =
            chrono::DateTime::parse_from_rfc3339(cli_step["CreatedAt"].as_str().unwrap()).unwrap();
        assert_eq!(step.created, at.timestamp() as f64);
    }
    // Newest first: the label `build --label` adds, the last RUN, the metadata-only ENV.
    assert_eq!(
        ours.steps[0].instruction,
        format!("LABEL {}", labels.label_arg())
    );
    assert!(!ours.steps[0].made_layer);
    assert_eq!(ours.steps[0].id.as_deref(), Some(image.id.as_str()));
    assert!(ours.steps[0].tags.contains(&image.tag));
    assert_eq!(
        ours.steps[1].instruction,
        "RUN head -c 40 /dev/zero > /keep/other"
    );
    assert!(ours.steps[1].made_layer);
    assert_eq!(ours.steps[2].instruction, "ENV STEP=metadata-only");
    assert!(!ours.steps[2].made_layer);
    // Layers the history says were made equal the image's layers.
    let made = ours.steps.iter().filter(|s| s.made_layer).count();
    assert_eq!(made, 7);
}

#[tokio::test]
async fn past_the_path_cap_the_analysis_stops_and_a_cancel_stops_it_too() {
    let TestEngine {
        cli,
        labels,
        engine,
        ..
    } = TestEngine::start().await;
    let image = KnownImage::build(&cli, &labels);

    let tight = Limits {
        paths: 50,
        ..Limits::default()
    };
    let err = engine
        .image_layers(&image.tag, tight, &CancellationToken::new(), |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, EngineError::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("more than 50 paths"), "{err}");

    let cancel = CancellationToken::new();
    cancel.cancel();
    let err = engine
        .image_layers(&image.tag, Limits::default(), &cancel, |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, EngineError::Cancelled), "{err:?}");

    let missing = engine
        .image_layers(
            "tugboat-test-no-such-image:0",
            Limits::default(),
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(missing, EngineError::NotFound(_)), "{missing:?}");
}
