//! End to end, the Disk section: the kinds with their sizes, and a clean-up with a label
//! filter that lists this test's stopped container and unused network, and removes them.

use crate::disk::LabelledExtras;
use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_disk_page_measures_and_cleans_up_what_the_label_filter_lists() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let _extras = LabelledExtras::new(&labels);
    let label = labels.label_arg();
    let unused = unique("e2edisk-unused");
    let used = unique("e2edisk-used");
    for n in [&unused, &used] {
        cli.run(&["network", "create", "--label", &label, n]);
    }
    let unused_id = cli.run(&["network", "inspect", "-f", "{{.Id}}", &unused]);
    let used_id = cli.run(&["network", "inspect", "-f", "{{.Id}}", &used]);
    let running = unique("e2edisk-running");
    let running_id = labels.run_detached(&running, &["--network", &used], &["sleep", "600"]);
    let stopped = unique("e2edisk-stopped");
    let stopped_id = labels.run_detached(&stopped, &[], &["sh", "-c", "echo x > /f"]);
    cli.run(&["wait", &stopped]);

    let app = Disk::open(&host).await;
    for kind in ["images", "containers", "volumes", "buildCache"] {
        let size = app
            .wait(&Disk::kind_part(kind, "disk-kind-size"), LIMIT)
            .await
            .text()
            .await
            .unwrap();
        assert!(size.ends_with('B'), "{kind} has a size: {size:?}");
    }
    let images = app
        .wait(&Disk::kind_part("images", "disk-kind-size"), LIMIT)
        .await
        .text()
        .await
        .unwrap();
    assert_ne!(images, "0 B", "the fixture image takes space");
    app.click(&Disk::kind_part("images", "disk-kind-toggle"))
        .await;
    app.wait(
        &format!("{} {}", Disk::kind("images"), App::css("disk-detail-row")),
        LIMIT,
    )
    .await;
    app.shot("disk-page").await;

    app.click(&App::css("disk-clean-up")).await;
    app.wait(&App::css("prune-dialog"), LIMIT).await;
    let field = app.wait(&App::css("prune-label"), LIMIT).await;
    field.send_keys(&label).await.unwrap();
    app.wait_text(
        &App::css("prune-command-text"),
        &format!("--filter 'label={label}'"),
        Duration::from_secs(30),
    )
    .await;
    app.wait(
        &Disk::prune_item("containers", &stopped_id),
        Duration::from_secs(30),
    )
    .await;
    app.wait(&Disk::prune_item("networks", &unused_id), LIMIT)
        .await;
    // Nothing in use is listed.
    for (part, id) in [("containers", &running_id), ("networks", &used_id)] {
        assert!(
            app.find(&Disk::prune_item(part, id)).await.is_none(),
            "{part} {id} is in use"
        );
    }
    app.shot("disk-prune-preview").await;

    app.click(&App::css("prune-confirm")).await;
    app.wait(&App::css("prune-result"), Duration::from_secs(60))
        .await;
    app.shot("disk-prune-result").await;
    assert!(
        cli.lines(&[
            "ps",
            "-aq",
            "--no-trunc",
            "--filter",
            &format!("id={stopped_id}")
        ])
        .is_empty(),
        "the stopped container is gone"
    );
    assert!(
        !cli.lines(&["network", "ls", "-q", "--no-trunc"])
            .contains(&unused_id),
        "the unused network is gone"
    );
    assert!(cli.try_run(&["container", "inspect", &running]).is_ok());
    assert!(cli.try_run(&["network", "inspect", &used]).is_ok());

    // At the smallest window the dialog's result still fits.
    app.client().set_window_size(760, 520).await.unwrap();
    app.shot("disk-prune-result-min").await;
    app.click(&App::css("prune-close")).await;
    app.wait(&Disk::kind("images"), Duration::from_secs(60))
        .await;
    app.shot("disk-page-min").await;
    app.close().await;
}
