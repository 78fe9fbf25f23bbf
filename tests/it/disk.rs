//! Disk usage and clean-up against the real engine: `system_disk_usage` beside `docker system
//! df` in the same run, and the prune preview beside what `docker system prune` then removes.

use crate::engine::cli_size;
use crate::support::*;
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;
use tugboat_engine::disk::prune::{PrunePart, SystemPrunePreview};
use tugboat_runspec::system_prune::SystemPruneOptions;

/// Removes the networks and images carrying the test's label when dropped (`Labelled` removes
/// containers and volumes). Declared after `Labelled`, so it drops first; the containers go
/// after, so a network still in use is retried once they are gone.
pub struct LabelledExtras {
    cli: Cli,
    filter: String,
}

impl LabelledExtras {
    pub fn new(labels: &Labelled) -> LabelledExtras {
        LabelledExtras {
            cli: labels.cli.clone(),
            filter: format!("label={}", labels.label_arg()),
        }
    }

    fn sweep(&self) {
        for id in self
            .cli
            .try_run(&["ps", "-aq", "--filter", &self.filter])
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.is_empty())
        {
            let _ = self.cli.try_run(&["rm", "-fv", id]);
        }
        for id in self
            .cli
            .try_run(&["network", "ls", "-q", "--filter", &self.filter])
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.is_empty())
        {
            let _ = self.cli.try_run(&["network", "rm", id]);
        }
        for id in self
            .cli
            .try_run(&["images", "-aq", "--filter", &self.filter])
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.is_empty())
        {
            let _ = self.cli.try_run(&["rmi", "-f", id]);
        }
    }
}

impl Drop for LabelledExtras {
    fn drop(&mut self) {
        self.sweep();
    }
}

/// `docker build` of a Dockerfile given on stdin (no context), labelled and tagged.
pub fn build_image(cli: &Cli, label: &str, tag: &str, dockerfile: &str) {
    let mut child = Command::new("docker")
        .args(["build", "-q", "--label", label, "-t", tag, "-"])
        .env("DOCKER_HOST", &cli.host)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("docker build");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dockerfile.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "docker build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The fixture every prune test starts from, all of it labelled: a running container on a
/// network (both in use), a stopped container with a file in its layer, an unused network, a
/// dangling image (a tag built twice) and the tagged image that replaced it.
pub struct PruneFixture {
    pub running: String,
    pub stopped: String,
    pub used_network: String,
    pub unused_network: String,
    pub tag: String,
    pub dangling_id: String,
}

pub fn prune_fixture(cli: &Cli, labels: &Labelled) -> PruneFixture {
    let label = labels.label_arg();
    let used_network = unique("dfnet-used");
    let unused_network = unique("dfnet-unused");
    for n in [&used_network, &unused_network] {
        cli.run(&["network", "create", "--label", &label, n]);
    }
    let running = unique("df-running");
    labels.run_detached(&running, &["--network", &used_network], &["sleep", "600"]);
    let stopped = unique("df-stopped");
    labels.run_detached(
        &stopped,
        &[],
        &["sh", "-c", "head -c 4000 /dev/zero > /junk"],
    );
    cli.run(&["wait", &stopped]);
    let tag = format!("{}:1", unique("dfimg"));
    let dockerfile = |n: u32| format!("FROM {}\nRUN echo {n} > /built\n", fixture_image());
    build_image(cli, &label, &tag, &dockerfile(1));
    let dangling_id = cli.run(&["image", "inspect", "-f", "{{.Id}}", &tag]);
    build_image(cli, &label, &tag, &dockerfile(2));
    assert_ne!(
        cli.run(&["image", "inspect", "-f", "{{.Id}}", &tag]),
        dangling_id,
        "the second build made a new image"
    );
    PruneFixture {
        running,
        stopped,
        used_network,
        unused_network,
        tag,
        dangling_id,
    }
}

fn full_id(cli: &Cli, kind: &str, name: &str) -> String {
    cli.run(&[kind, "inspect", "-f", "{{.Id}}", name])
}

fn part_ids(preview: &SystemPrunePreview, part: PrunePart) -> BTreeSet<String> {
    preview
        .parts
        .iter()
        .find(|p| p.part == part)
        .map(|p| p.items.iter().map(|i| i.id.clone()).collect())
        .unwrap_or_default()
}

fn listed(cli: &Cli, args: &[&str]) -> BTreeSet<String> {
    cli.lines(args).into_iter().collect()
}

#[tokio::test]
async fn disk_breakdown_totals_and_details_match_docker_system_df() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _extras = LabelledExtras::new(&labels);
    let vol = unique("dfv-vol");
    labels.volume(&vol);
    let user = unique("dfv-user");
    labels.run_detached(
        &user,
        &["-v", &format!("{vol}:/data")],
        &[
            "sh",
            "-c",
            "head -c 7000 /dev/zero > /data/f; head -c 3000 /dev/zero > /f",
        ],
    );
    cli.run(&["wait", &user]);

    let totals = |df: &tugboat_engine::DiskBreakdown| -> Vec<(String, String, String, String)> {
        let t = &df.totals;
        [&t.images, &t.containers, &t.volumes, &t.build_cache]
            .iter()
            .map(|r| {
                (
                    r.total.to_string(),
                    r.active.to_string(),
                    cli_size(r.size_bytes),
                    cli_size(r.reclaimable_bytes),
                )
            })
            .collect()
    };
    let cli_totals = || -> Vec<(String, String, String, String)> {
        cli.lines(&["system", "df", "--format", "json"])
            .iter()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
                // "1.985MB (100%)": the figure without the share.
                let reclaimable = s("Reclaimable").split(' ').next().unwrap_or("").to_owned();
                (s("TotalCount"), s("Active"), s("Size"), reclaimable)
            })
            .collect()
    };
    // The engine is shared: compare only when the CLI saw the same before and after ours.
    let mut attempts = Vec::new();
    let mut ours = None;
    for _ in 0..20 {
        let before = cli_totals();
        let df = engine.system_disk_usage().await.expect("disk usage");
        let after = cli_totals();
        if before == after {
            assert_eq!(
                totals(&df),
                before,
                "Tugboat's totals against docker system df's"
            );
            ours = Some(df);
            break;
        }
        attempts.push((before, after));
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let df = ours.unwrap_or_else(|| panic!("the engine never held still: {attempts:?}"));

    // The -v detail of this test's objects, beside `docker system df -v`'s.
    let verbose: serde_json::Value =
        serde_json::from_str(&cli.run(&["system", "df", "-v", "--format", "json"])).unwrap();
    let container = df
        .containers
        .iter()
        .find(|c| c.name == user)
        .expect("the container is in the detail");
    let cli_container = verbose["Containers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["Names"] == user.as_str())
        .expect("the CLI lists the container");
    assert_eq!(
        cli_size(container.size_bytes),
        cli_container["Size"].as_str().unwrap()
    );
    assert!(container.size_bytes >= 3000.0, "{container:?}");
    assert_eq!(
        container.local_volumes.to_string(),
        cli_container["LocalVolumes"]
    );
    assert_eq!(container.state, "exited");
    let volume = df
        .volumes
        .iter()
        .find(|v| v.name == vol)
        .expect("the volume is in the detail");
    let cli_volume = verbose["Volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["Name"] == vol.as_str())
        .expect("the CLI lists the volume");
    assert_eq!(
        cli_size(volume.size_bytes.expect("a local volume is measured")),
        cli_volume["Size"].as_str().unwrap()
    );
    assert_eq!(
        volume.links.map(|l| l.to_string()),
        cli_volume["Links"].as_str().map(str::to_owned)
    );
    let fixture_id = full_id(&cli, "image", &fixture_image());
    let image = df
        .images
        .iter()
        .find(|i| i.id == fixture_id)
        .expect("the fixture image is in the detail");
    assert!(image.tags.contains(&fixture_image()), "{image:?}");
    assert!(image.containers.unwrap_or(0) >= 1, "{image:?}");
}

#[tokio::test]
async fn prune_preview_lists_exactly_what_docker_system_prune_then_removes() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _extras = LabelledExtras::new(&labels);
    let fx = prune_fixture(&cli, &labels);
    let filter = format!("label={}", labels.label_arg());
    let options = SystemPruneOptions {
        filters: vec![filter.clone()],
        ..Default::default()
    };

    let preview = engine
        .system_prune_preview(&options)
        .await
        .expect("preview");
    assert_eq!(
        preview.command,
        tugboat_runspec::argv::command_line(&[
            "docker", "system", "prune", "--filter", &filter, "-f"
        ])
    );
    let containers = part_ids(&preview, PrunePart::Containers);
    let networks = part_ids(&preview, PrunePart::Networks);
    let images = part_ids(&preview, PrunePart::Images);
    assert_eq!(
        containers,
        BTreeSet::from([full_id(&cli, "container", &fx.stopped)])
    );
    assert_eq!(
        networks,
        BTreeSet::from([full_id(&cli, "network", &fx.unused_network)])
    );
    assert_eq!(images, BTreeSet::from([fx.dangling_id.clone()]));
    let stopped_part = &preview.parts[0];
    assert!(
        stopped_part.frees_bytes >= 4000.0,
        "the stopped container's layer: {stopped_part:?}"
    );
    // Nothing in use, and no part beyond the CLI's four without --volumes.
    let listed_ids: BTreeSet<String> = preview
        .parts
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.id.clone()))
        .collect();
    for in_use in [
        full_id(&cli, "container", &fx.running),
        full_id(&cli, "network", &fx.used_network),
        full_id(&cli, "image", &fx.tag),
        full_id(&cli, "image", &fixture_image()),
    ] {
        assert!(!listed_ids.contains(&in_use), "{in_use} is in use");
    }
    let parts: Vec<_> = preview.parts.iter().map(|p| p.part).collect();
    assert_eq!(
        parts,
        [
            PrunePart::Containers,
            PrunePart::Networks,
            PrunePart::Images,
            PrunePart::BuildCache
        ]
    );
    assert!(
        preview.parts[3].note.is_some(),
        "the build cache part says the label filter does not apply to it"
    );

    // What the CLI then removes, seen through this test's label.
    let label_filter = ["--filter", filter.as_str()];
    let ps = |cli: &Cli| {
        listed(
            cli,
            &[&["ps", "-aq", "--no-trunc"][..], &label_filter].concat(),
        )
    };
    let nets = |cli: &Cli| {
        listed(
            cli,
            &[&["network", "ls", "-q", "--no-trunc"][..], &label_filter].concat(),
        )
    };
    let imgs = |cli: &Cli| {
        listed(
            cli,
            &[&["images", "-q", "--no-trunc"][..], &label_filter].concat(),
        )
    };
    let (ps_before, nets_before, imgs_before) = (ps(&cli), nets(&cli), imgs(&cli));
    cli.run(&["system", "prune", "-f", "--filter", &filter]);
    let gone = |before: BTreeSet<String>, after: BTreeSet<String>| -> BTreeSet<String> {
        before.difference(&after).cloned().collect()
    };
    assert_eq!(gone(ps_before, ps(&cli)), containers, "containers");
    assert_eq!(gone(nets_before, nets(&cli)), networks, "networks");
    assert_eq!(gone(imgs_before, imgs(&cli)), images, "images");
}

#[tokio::test]
async fn system_prune_removes_only_what_was_listed_and_says_what_it_freed() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let _extras = LabelledExtras::new(&labels);
    let fx = prune_fixture(&cli, &labels);
    let options = SystemPruneOptions {
        filters: vec![format!("label={}", labels.label_arg())],
        ..Default::default()
    };
    let preview = engine
        .system_prune_preview(&options)
        .await
        .expect("preview");
    // Seen: everything listed except the unused network; after the preview another container
    // stops, which the user never saw listed.
    let unused_network = full_id(&cli, "network", &fx.unused_network);
    let seen: Vec<String> = preview
        .parts
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.id.clone()))
        .filter(|id| *id != unused_network)
        .collect();
    let stopped_id = full_id(&cli, "container", &fx.stopped);
    let late = unique("df-late");
    labels.run_detached(&late, &[], &["true"]);
    cli.run(&["wait", &late]);

    let result = engine.system_prune(&options, &seen).await.expect("prune");
    assert!(result.stopped.is_none(), "{result:?}");
    let removed = |part: PrunePart| -> Vec<String> {
        result
            .parts
            .iter()
            .find(|p| p.part == part)
            .map(|p| p.removed.iter().map(|i| i.id.clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(removed(PrunePart::Containers), [stopped_id]);
    assert!(cli.try_run(&["container", "inspect", &fx.stopped]).is_err());
    assert!(
        cli.try_run(&["container", "inspect", &late]).is_ok(),
        "a container not listed stays"
    );
    assert!(removed(PrunePart::Networks).is_empty());
    assert!(
        cli.try_run(&["network", "inspect", &fx.unused_network])
            .is_ok(),
        "a network the user did not see listed stays"
    );
    assert_eq!(
        removed(PrunePart::Images),
        std::slice::from_ref(&fx.dangling_id)
    );
    assert!(cli.try_run(&["image", "inspect", &fx.dangling_id]).is_err());
    assert!(cli.try_run(&["image", "inspect", &fx.tag]).is_ok());
    assert!(cli.try_run(&["container", "inspect", &fx.running]).is_ok());
    let containers_part = &result.parts[0];
    assert_eq!(
        containers_part.reclaimed_bytes,
        preview.parts[0].frees_bytes
    );
    assert!(result.reclaimed_bytes >= containers_part.reclaimed_bytes);
}
