//! Pull and push against the real engine and the test registry (htpasswd auth): the app's
//! push and pull move the layers with progress, the digests are the ones the docker CLI
//! reports, a cancelled pull stops on the engine, and refusals come back classified.

use crate::support::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tugboat_engine::images::progress::{ImageProgress, LayerPhase};
use tugboat_engine::registry::credentials::DockerConfig;
use tugboat_engine::{Engine, EngineError};
use tugboat_runspec::pull_spec::{push_spec, PullForm};

pub fn registry() -> String {
    std::env::var("TUGBOAT_TEST_REGISTRY").unwrap_or_else(|_| {
        panic!("TUGBOAT_TEST_REGISTRY is not set: the test command starts the registry")
    })
}

/// A docker CLI config folder of the test's own where `docker login` to the test registry ran.
pub fn logged_in_config() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let user = std::env::var("TUGBOAT_TEST_REGISTRY_USER").unwrap();
    let password = std::env::var("TUGBOAT_TEST_REGISTRY_PASSWORD").unwrap();
    let mut login = Command::new("docker")
        .env("DOCKER_CONFIG", dir.path())
        .env("DOCKER_HOST", test_host())
        .args(["login", &registry(), "-u", &user, "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    login
        .stdin
        .take()
        .unwrap()
        .write_all(password.as_bytes())
        .unwrap();
    let out = login.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "docker login: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The docker CLI with a config folder of its own (for `docker push`/`pull` as a user would).
pub fn cli_with_config(config: &Path, args: &[&str]) -> String {
    let out = Command::new("docker")
        .env("DOCKER_CONFIG", config)
        .env("DOCKER_HOST", test_host())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docker {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds `reference` from the fixture with one layer of random bytes per size (commit by
/// commit, so no builder is needed), and removes it when dropped.
pub struct LayeredImage {
    cli: Cli,
    pub reference: String,
    pub id: String,
}

impl LayeredImage {
    pub fn build(cli: &Cli, labels: &Labelled, reference: &str, sizes: &[usize]) -> LayeredImage {
        let mut from = fixture_image();
        for (i, size) in sizes.iter().enumerate() {
            let name = unique("layer");
            cli.run(&[
                "run",
                "--name",
                &name,
                "--label",
                &labels.label_arg(),
                &from,
                "sh",
                "-c",
                &format!("head -c {size} /dev/urandom > /layer-{i}.bin"),
            ]);
            cli.run(&["commit", &name, reference]);
            cli.run(&["rm", "-f", &name]);
            from = reference.to_owned();
        }
        let id = cli.run(&["image", "inspect", "--format", "{{.Id}}", reference]);
        LayeredImage {
            cli: cli.clone(),
            reference: reference.to_owned(),
            id,
        }
    }
}

impl Drop for LayeredImage {
    fn drop(&mut self) {
        let _ = self.cli.try_run(&["rmi", "-f", &self.reference]);
    }
}

fn repo_digests(cli: &Cli, reference: &str) -> Vec<String> {
    let json = cli.run(&[
        "image",
        "inspect",
        "--format",
        "{{json .RepoDigests}}",
        reference,
    ]);
    serde_json::from_str(&json).unwrap()
}

async fn pull(
    engine: &Engine,
    config: &DockerConfig,
    reference: &str,
    cancel: &CancellationToken,
    report: &mut (dyn FnMut(ImageProgress) + Send),
) -> Result<tugboat_engine::images::pull::Pulled, EngineError> {
    let spec = PullForm {
        reference: reference.into(),
        platform: None,
    }
    .validate()
    .unwrap();
    let creds = config.credentials(&spec.registry).await.unwrap();
    engine
        .pull_image(&spec, creds.as_ref(), cancel, report)
        .await
}

fn phases(updates: &[ImageProgress]) -> Vec<LayerPhase> {
    let mut seen = Vec::new();
    for p in updates {
        for l in &p.layers {
            if !seen.contains(&l.phase) {
                seen.push(l.phase);
            }
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pushed_image_pulls_back_with_progress_and_the_clis_digests() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let config_dir = logged_in_config();
    let config = DockerConfig::at(config_dir.path());
    let repo = format!("{}/it/{}", registry(), unique("roundtrip"));
    let reference = format!("{repo}:v1");
    let image = LayeredImage::build(&cli, &labels, &reference, &[3_000_000, 2_000_000]);

    // Push through the engine crate.
    let spec = push_spec(&reference).unwrap();
    let creds = config.credentials(&spec.registry).await.unwrap();
    assert!(
        creds.is_some(),
        "docker login stored credentials the app reads"
    );
    let mut pushed_updates = Vec::new();
    let pushed = engine
        .push_image(&spec, creds.as_ref(), &CancellationToken::new(), &mut |p| {
            pushed_updates.push(p)
        })
        .await
        .unwrap();
    let seen = phases(&pushed_updates);
    assert!(seen.contains(&LayerPhase::Pushed), "{seen:?}");
    let last = pushed_updates.last().unwrap();
    assert!(last.done && last.bytes_total >= 5_000_000.0, "{last:?}");
    assert_eq!(last.bytes_done, last.bytes_total);
    assert_eq!(
        repo_digests(&cli, &reference),
        [format!("{repo}@{}", pushed.digest)],
        "the engine records the digest the push reported"
    );
    // The CLI pushing the same tag reports the same digest.
    let out = cli_with_config(config_dir.path(), &["push", &reference]);
    assert!(out.contains(&pushed.digest), "{out}");

    // Remove it locally, and pull it back.
    cli.run(&["rmi", &reference]);
    assert!(cli.try_run(&["image", "inspect", &image.id]).is_err());
    let mut updates = Vec::new();
    let pulled = pull(
        &engine,
        &config,
        &reference,
        &CancellationToken::new(),
        &mut |p| updates.push(p),
    )
    .await
    .unwrap();
    assert_eq!(pulled.id, image.id, "the same image came back");
    assert_eq!(pulled.digest.as_deref(), Some(pushed.digest.as_str()));
    assert_eq!(
        repo_digests(&cli, &reference),
        [format!("{repo}@{}", pushed.digest)]
    );
    let seen = phases(&updates);
    for phase in [
        LayerPhase::AlreadyExists, // the fixture's own layer is on the engine
        LayerPhase::Done,
    ] {
        assert!(seen.contains(&phase), "{phase:?} in {seen:?}");
    }
    let last = updates.last().unwrap();
    assert!(last.done, "{last:?}");
    assert_eq!(
        last.layers.len(),
        4,
        "the fixture's two and our two: {last:?}"
    );
    assert!(last.bytes_total >= 5_000_000.0, "{last:?}");
    assert_eq!(last.bytes_done, last.bytes_total);
    assert!(updates[..updates.len() - 1].iter().all(|u| !u.done));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_pull_stops_on_the_engine() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let config_dir = logged_in_config();
    let config = DockerConfig::at(config_dir.path());
    let reference = format!("{}/it/{}:big", registry(), unique("cancel"));
    let image = LayeredImage::build(&cli, &labels, &reference, &[120_000_000]);
    cli_with_config(config_dir.path(), &["push", &reference]);
    cli.run(&["rmi", &reference]);

    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let mut updates = Vec::new();
    let result = pull(
        &engine,
        &config,
        &reference,
        &cancel,
        &mut |p: ImageProgress| {
            // Cancel once the big layer is on its way.
            if p.layers.iter().any(|l| l.phase == LayerPhase::Downloading) {
                stop.cancel();
            }
            updates.push(p);
        },
    )
    .await;
    assert_eq!(result.unwrap_err(), EngineError::Cancelled);
    let last = updates.last().unwrap();
    assert!(last.bytes_done < last.bytes_total, "{last:?}");
    // Had the engine gone on, the whole image would be there well within this time (a full
    // pull of it takes a few seconds here): it never arrives.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while std::time::Instant::now() < deadline {
        assert!(
            cli.try_run(&["image", "inspect", &image.id]).is_err(),
            "the cancelled pull went on and finished on the engine"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // And the same pull, not cancelled, does arrive: the check above could see it.
    let pulled = pull(
        &engine,
        &config,
        &reference,
        &CancellationToken::new(),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(pulled.id, image.id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_come_back_classified() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let config_dir = logged_in_config();
    let config = DockerConfig::at(config_dir.path());
    let repo = format!("{}/it/{}", registry(), unique("refused"));
    let cancel = CancellationToken::new();

    // A tag the registry does not have, and a repository it does not have: 404s.
    let image = LayeredImage::build(&cli, &labels, &format!("{repo}:v1"), &[1000]);
    cli_with_config(config_dir.path(), &["push", &image.reference]);
    for missing in [format!("{repo}:nope"), format!("{repo}-absent:v1")] {
        let err = pull(&engine, &config, &missing, &cancel, &mut |_| {})
            .await
            .unwrap_err();
        assert!(
            matches!(err, EngineError::NotFound(_)),
            "{missing}: {err:?}"
        );
    }

    // A reference that is not one is refused before the engine is asked, naming the field.
    let errs = PullForm {
        reference: format!("{repo}:bad tag"),
        platform: Some("linux".into()),
    }
    .validate()
    .unwrap_err();
    assert_eq!(errs[0].field, "reference");

    // A platform the engine does not know: invalid input, said about the platform.
    let spec = PullForm {
        reference: image.reference.clone(),
        platform: Some("bogus".into()),
    }
    .validate()
    .unwrap();
    let creds = config.credentials(&spec.registry).await.unwrap();
    let err = engine
        .pull_image(&spec, creds.as_ref(), &cancel, &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, EngineError::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().starts_with("platform:"), "{err}");

    // Pushing a tag that is not on the engine: a 404 that says to tag first.
    let spec = push_spec(&format!("{repo}:never-tagged")).unwrap();
    let err = engine
        .push_image(&spec, None, &cancel, &mut |_| {})
        .await
        .unwrap_err();
    assert!(matches!(err, EngineError::NotFound(_)), "{err:?}");
    assert!(err.to_string().contains("docker tag"), "{err}");
}
