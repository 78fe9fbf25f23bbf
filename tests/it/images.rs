//! Images against the real engine: the kept list's rows are what `docker images --no-trunc`
//! reports for this test's images (every tag, dangling ones, how many containers use each),
//! and inspect reads what `docker image inspect` says.

use crate::support::*;
use serde_json::Value;
use std::time::Duration;
use tugboat_engine::images::ImageKeeper;
use tugboat_engine::supervisor::{ConnectionState, SupervisorConfig};

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

    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&host)));
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

#[tokio::test]
async fn tag_untag_and_remove_follow_the_preview_and_name_the_containers_in_the_way() {
    use tugboat_engine::images::removal::RemovalEffect;
    use tugboat_runspec::image_spec::TagForm;
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _images = image_guard(&labels);
    let repo = unique("img-rm");
    let id = labelled_image(&labels, Some(&format!("{repo}:1")), "rm");

    // Tag: the form is checked, then the engine has the new name.
    let bad = TagForm {
        image: id.clone(),
        target: "Bad Name".into(),
    };
    assert_eq!(bad.validate().unwrap_err()[0].field, "target");
    let spec = TagForm {
        image: id.clone(),
        target: format!("{repo}:2"),
    }
    .validate()
    .unwrap();
    let tagged = engine.image_tag(&spec).await.unwrap();
    assert_eq!(tagged.command, format!("docker image tag {id} {repo}:2"));
    let tags = cli.run(&["image", "inspect", "-f", "{{json .RepoTags}}", &id]);
    assert!(tags.contains(&format!("{repo}:2")), "{tags}");

    // Untag one of two names: the image stays, with the other.
    let p = engine
        .image_removal_preview(&id, &format!("{repo}:2"), false)
        .await
        .unwrap();
    assert_eq!(p.effect, RemovalEffect::Untag);
    let out = engine
        .image_remove(&id, &format!("{repo}:2"), false)
        .await
        .unwrap();
    assert_eq!(out.untagged, [format!("{repo}:2")]);
    assert!(out.deleted.is_empty());
    assert_eq!(
        cli.run(&["image", "inspect", "-f", "{{json .RepoTags}}", &id]),
        format!("[\"{repo}:1\"]")
    );

    // In use by a stopped container: removing its last name is refused, naming the container,
    // and nothing changes; the CLI refuses it too.
    let user = unique("img-rm-user");
    cli.run(&[
        "create",
        "--name",
        &user,
        "--label",
        &labels.label_arg(),
        &id,
        "true",
    ]);
    let p = engine
        .image_removal_preview(&id, &format!("{repo}:1"), false)
        .await
        .unwrap();
    assert_eq!(p.effect, RemovalEffect::Refused);
    assert!(p.note.as_deref().unwrap().contains(&user), "{:?}", p.note);
    let err = engine
        .image_remove(&id, &format!("{repo}:1"), false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains(&user), "{err}");
    assert!(cli.try_run(&["image", "rm", &format!("{repo}:1")]).is_err());
    let p = engine.image_removal_preview(&id, &id, false).await.unwrap();
    assert_eq!(p.effect, RemovalEffect::Refused);
    assert!(p.note.as_deref().unwrap().contains(&user));

    // Forced by id: the image goes with its name, and the preview said so.
    let p = engine.image_removal_preview(&id, &id, true).await.unwrap();
    assert_eq!(p.effect, RemovalEffect::Delete);
    assert_eq!(p.untagged, [format!("{repo}:1")]);
    let out = engine.image_remove(&id, &id, true).await.unwrap();
    assert!(out.deleted.contains(&id), "{out:?}");
    assert!(cli.try_run(&["image", "inspect", &id]).is_err());
}

/// The image ids `docker image prune` said it deleted (its output names layers too: only ids
/// of images that existed count).
fn pruned_by_cli(cli: &Cli, all: bool, labels: &Labelled, before: &[String]) -> Vec<String> {
    let filter = format!("label={}", labels.label_arg());
    let mut args = vec!["image", "prune", "-f", "--filter", &filter];
    if all {
        args.push("-a");
    }
    let mut v: Vec<String> = cli
        .lines(&args)
        .into_iter()
        .filter_map(|l| l.strip_prefix("deleted: ").map(str::to_owned))
        .filter(|id| before.contains(id))
        .collect();
    v.sort();
    v.dedup();
    v
}

#[tokio::test]
async fn the_prune_preview_is_what_docker_image_prune_removes() {
    use tugboat_engine::images::prune::PruneScope;
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _images = image_guard(&labels);
    let repo = unique("img-prune");
    // Dangling and unused; dangling but used; tagged and unused; tagged and used; a dangling
    // parent under a dangling child (committed from a container of the first).
    let dangling = labelled_image(&labels, None, "d");
    let dangling_used = labelled_image(&labels, None, "du");
    let tagged = labelled_image(&labels, Some(&format!("{repo}:free")), "t");
    let tagged_used = labelled_image(&labels, Some(&format!("{repo}:used")), "tu");
    for image in [&dangling_used, &tagged_used] {
        cli.run(&["create", "--label", &labels.label_arg(), image, "true"]);
    }
    let parent = labelled_image(&labels, Some(&format!("{repo}:parent")), "p");
    let on_parent = cli.run(&["create", "--label", &labels.label_arg(), &parent, "true"]);
    let child = cli.run(&["commit", &on_parent]);
    cli.run(&["rm", &on_parent]);
    cli.run(&["rmi", &format!("{repo}:parent")]);
    // `parent` is now nameless with a child: no candidate itself, but it goes with the child.
    let before: Vec<String> = cli.lines(&["images", "-aq", "--no-trunc"]);
    assert!(
        before.contains(&parent),
        "the parent stays while the child is on it"
    );

    let scope = |all| PruneScope {
        all,
        labels: vec![labels.label_arg()],
    };
    let preview = engine.image_prune_preview(&scope(false)).await.unwrap();
    let mut shown: Vec<String> = preview.images.iter().map(|i| i.id.clone()).collect();
    shown.sort();
    let mut expected = vec![dangling.clone(), child.clone(), parent.clone()];
    expected.sort();
    assert_eq!(shown, expected, "{preview:?}");
    assert_eq!(preview.command, "docker image prune --force");
    assert_eq!(pruned_by_cli(&cli, false, &labels, &before), shown);

    let before: Vec<String> = cli.lines(&["images", "-aq", "--no-trunc"]);
    let preview = engine.image_prune_preview(&scope(true)).await.unwrap();
    let mut shown: Vec<String> = preview.images.iter().map(|i| i.id.clone()).collect();
    shown.sort();
    assert_eq!(shown, std::slice::from_ref(&tagged), "{preview:?}");
    assert_eq!(pruned_by_cli(&cli, true, &labels, &before), shown);
    let _ = (dangling_used, tagged_used);
}

#[tokio::test]
async fn prune_removes_just_the_images_shown() {
    use tugboat_engine::images::prune::PruneScope;
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _images = image_guard(&labels);
    let a = labelled_image(&labels, None, "pa");
    let b = labelled_image(&labels, None, "pb");
    let scope = PruneScope {
        all: false,
        labels: vec![labels.label_arg()],
    };
    let preview = engine.image_prune_preview(&scope).await.unwrap();
    assert_eq!(preview.images.len(), 2);
    // Made after the preview: not shown, so it stays. And `b` gains a container: it stays too.
    let c = labelled_image(&labels, None, "pc");
    cli.run(&["create", "--label", &labels.label_arg(), &b, "true"]);
    let out = engine
        .image_prune(&scope, &[a.clone(), b.clone()])
        .await
        .unwrap();
    assert_eq!(out.removed, std::slice::from_ref(&a));
    assert_eq!(out.failed.len(), 1, "{out:?}");
    assert!(cli.try_run(&["image", "inspect", &a]).is_err());
    cli.run(&["image", "inspect", &b]);
    cli.run(&["image", "inspect", &c]);
}
