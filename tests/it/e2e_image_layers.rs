//! End to end, the layer explorer through the real window: an image built with known layers
//! opens on its Layers tab with every layer listed; the layer that deleted a file shows it
//! marked deleted in its tree; the History tab lists the steps with the `docker history` line.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::image_layers::KnownImage;
use crate::pages::*;
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_layers_tab_lists_the_layers_and_marks_a_deleted_file() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let image = KnownImage::build(&cli, &labels);
    let app = Images::open(&host).await;

    Images::open_details(&app, &image.tag, &image.id).await;
    Images::open_tab(&app, &image.id, "layers").await;
    // Seven layers: the fixture's two and five RUNs; the top one is chosen first.
    app.wait(&ImageLayersTab::layer(6), LIMIT).await;
    app.wait_text(&ImageLayersTab::layer(4), "RUN rm /data/f", LIMIT)
        .await;
    app.wait_text(&App::css("layers-wasted"), "1.33 kB", LIMIT)
        .await;
    app.shot("image-layers-top").await;

    app.click(&ImageLayersTab::layer(4)).await;
    let deleted = app
        .wait(&ImageLayersTab::change("/data/f", "deleted"), LIMIT)
        .await;
    assert!(deleted.text().await.unwrap().contains("deleted"));
    app.shot("image-layers-deleted").await;

    // The opaque folder's layer: what went is marked deleted, the new file added.
    app.click(&ImageLayersTab::layer(5)).await;
    app.wait(&ImageLayersTab::change("/cache/sub", "deleted"), LIMIT)
        .await;
    app.wait(&ImageLayersTab::change("/cache/new", "added"), LIMIT)
        .await;

    Images::open_tab(&app, &image.id, "history").await;
    app.wait_text(
        &App::css("history-command-text"),
        &format!("docker history --no-trunc {}", image.id),
        LIMIT,
    )
    .await;
    app.wait_text(
        &ImageLayersTab::step(true),
        "RUN head -c 40 /dev/zero > /keep/other",
        LIMIT,
    )
    .await;
    app.wait(&ImageLayersTab::step(false), LIMIT).await;
    app.shot("image-history").await;
    app.close().await;
}
