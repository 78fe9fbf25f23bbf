//! Images against the real engine: the kept list's rows are what `docker images --no-trunc`
//! reports for this test's images (every tag, dangling ones, how many containers use each),
//! and inspect reads what `docker image inspect` says.

use crate::support::*;
use serde_json::Value;
use std::time::Duration;
use tugboat_engine::images::ImageKeeper;
use tugboat_engine::supervisor::{ConnectionState, Supervisor, SupervisorConfig};
use tugboat_engine::EnvSnapshot;

/// Removes this test's containers, then its images, when dropped: the images this file makes
/// carry the test's label (a commit keeps the container's labels), and `Labelled` knows only
/// containers and volumes.
pub(crate) struct LabelledImages(Cli, String);

impl Drop for LabelledImages {
    fn drop(&mut self) {
        let filter = format!("label={}", self.1);
        if let Ok(ids) = self.0.try_run(&["ps", "-aq", "--filter", &filter]) {
            for id in ids.lines().filter(|l| !l.is_empty()) {
                let _ = self.0.try_run(&["rm", "-fv", id]);
            }
        }
        if let Ok(ids) = self
            .0
            .try_run(&["images", "-aq", "--no-trunc", "--filter", &filter])
        {
            let mut ids: Vec<&str> = ids.lines().filter(|l| !l.is_empty()).collect();
            ids.dedup();
            for id in ids {
                let _ = self.0.try_run(&["rmi", "-f", id]);
            }
        }
    }
}

pub(crate) fn image_guard(labels: &Labelled) -> LabelledImages {
    LabelledImages(labels.cli.clone(), labels.label_arg())
}

/// A new image of this test (labelled, so a filter finds it and the guard removes it): the
/// fixture committed from a stopped container with one more label, `marker`, which makes its
/// id its own. Tagged `tag` unless that is None (then it is dangling). Returns its full id.
pub(crate) fn labelled_image(labels: &Labelled, tag: Option<&str>, marker: &str) -> String {
    let container = labels.create(&unique("img-src"), &[], &["true"]);
    let change = format!("LABEL dev.tugboat.marker={marker}");
    let mut args = vec!["commit", "--change", change.as_str(), container.as_str()];
    if let Some(t) = tag {
        args.push(t);
    }
    let id = labels.cli.run(&args);
    labels.cli.run(&["rm", &container]);
    id
}

/// `docker images --no-trunc` for this test's label: (id, repo:tag) lines, `<none>` as the CLI
/// prints it.
fn cli_images(cli: &Cli, labels: &Labelled) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = cli
        .lines(&[
            "images",
            "--no-trunc",
            "--filter",
            &format!("label={}", labels.label_arg()),
            "--format",
            "{{.ID}} {{.Repository}}:{{.Tag}}",
        ])
        .into_iter()
        .map(|l| {
            let (id, r) = l.split_once(' ').unwrap();
            (id.to_owned(), r.to_owned())
        })
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kept_list_rows_are_what_docker_images_reports() {
    let (host, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _images = image_guard(&labels);
    let repo = unique("img-list");
    let two_tags = labelled_image(&labels, Some(&format!("{repo}:1")), "a");
    cli.run(&["tag", &two_tags, &format!("{repo}:latest")]);
    let dangling = labelled_image(&labels, None, "b");
    let used = labelled_image(&labels, Some(&format!("{repo}:used")), "c");

    let env = EnvSnapshot {
        docker_host: Some(host),
        ..Default::default()
    };
    let (handle, supervisor) = Supervisor::new(SupervisorConfig::new(env));
    tokio::spawn(supervisor.run());
    let keeper = std::sync::Arc::new(ImageKeeper::default());
    tokio::spawn(keeper.clone().keep(handle.clone()));
    let mut status = handle.watch_status();
    tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.state == ConnectionState::Connected),
    )
    .await
    .expect("connected in time")
    .unwrap();
    keeper.list().await.expect("the list is learnt");

    // Two containers made from `used` after the list was learnt: one running, one not. The
    // list follows the container events.
    labels
        .cli
        .run(&["create", "--label", &labels.label_arg(), &used, "true"]);
    labels.cli.run(&[
        "run",
        "-d",
        "--label",
        &labels.label_arg(),
        &used,
        "sleep",
        "300",
    ]);
    let used_id = used.clone();
    let rows = eventually(Duration::from_secs(15), "both containers counted", || {
        let snap = keeper.kept().snapshot();
        let used_id = used_id.clone();
        async move {
            let rows = snap?.rows;
            rows.iter()
                .any(|r| r.id == used_id && r.containers == 2)
                .then_some(rows)
        }
    })
    .await;
    let mine: Vec<_> = rows
        .iter()
        .filter(|r| [&two_tags, &dangling, &used].contains(&&r.id))
        .collect();
    assert_eq!(mine.len(), 3, "{mine:?}");

    // Row by row, what the CLI lists: one CLI line per tag, `<none>:<none>` for dangling.
    let mut from_rows: Vec<(String, String)> = mine
        .iter()
        .flat_map(|r| {
            if r.repo_tags.is_empty() {
                vec![(r.id.clone(), "<none>:<none>".to_owned())]
            } else {
                r.repo_tags
                    .iter()
                    .map(|t| (r.id.clone(), t.clone()))
                    .collect()
            }
        })
        .collect();
    from_rows.sort();
    assert_eq!(from_rows, cli_images(&cli, &labels));

    for r in &mine {
        let inspect: Value =
            serde_json::from_str(&cli.run(&["image", "inspect", "-f", "{{json .}}", &r.id]))
                .unwrap();
        assert_eq!(r.size, inspect["Size"].as_f64().unwrap(), "{}", r.id);
        assert_eq!(r.dangling, r.id == dangling);
        let ps = cli.lines(&["ps", "-aq", "--filter", &format!("ancestor={}", r.id)]);
        assert_eq!(r.containers as usize, ps.len(), "{}", r.id);
    }

    // Removing one of two tags: the row loses it, and the list follows the image event.
    cli.run(&["rmi", &format!("{repo}:latest")]);
    let (id, only) = (two_tags.clone(), format!("{repo}:1"));
    eventually(Duration::from_secs(15), "the untag seen", || {
        let snap = keeper.kept().snapshot();
        let (id, only) = (id.clone(), only.clone());
        async move {
            snap?
                .rows
                .into_iter()
                .find(|r| r.id == id && r.repo_tags == [only.clone()])
        }
    })
    .await;

    // Inspect: the overview agrees with the engine's JSON.
    let d = engine.image(&two_tags).await.unwrap();
    assert_eq!(d.id, two_tags);
    assert_eq!(d.repo_tags, [format!("{repo}:1")]);
    assert!(d
        .labels
        .iter()
        .any(|(k, v)| k == "dev.tugboat.marker" && v == "a"));
    assert_eq!(d.command, format!("docker image inspect {repo}:1"));
    let json: Value = serde_json::from_str(&d.raw_json).unwrap();
    assert_eq!(json["Id"], Value::String(two_tags.clone()));
    assert_eq!(d.cmd, ["true"]);
    handle.shutdown();
}
