//! End to end, the Images section through the real window: an image made with the CLI appears
//! in the list with every tag and the containers using it, and its details show what `docker
//! image inspect` says.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::images::{image_guard, labelled_image};
use crate::pages::*;
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_appears_in_the_list_with_its_tags_and_details() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let _images = image_guard(&labels);
    let repo = unique("e2e-img");
    let app = Images::open(&host).await;

    // Made after the view opened: the row comes from the image event.
    let id = labelled_image(&labels, Some(&format!("{repo}:1")), "e2e");
    cli.run(&["tag", &id, &format!("{repo}:2")]);
    cli.run(&["create", "--label", &labels.label_arg(), &id, "true"]);
    let first = format!("{repo}:1");
    Images::filter(&app, &repo).await;
    let row = app.wait(&Images::row(&first), LIMIT).await;
    assert_eq!(
        row.attr("data-id").await.unwrap().as_deref(),
        Some(id.as_str())
    );
    app.wait_text(
        &Images::row_part(&first, "image-row-tags"),
        &format!("{repo}:1, {repo}:2"),
        LIMIT,
    )
    .await;
    app.wait_text(&Images::row_part(&first, "image-row-id"), &id[7..19], LIMIT)
        .await;
    app.wait_text(&Images::row_part(&first, "image-row-used"), "1", LIMIT)
        .await;
    app.shot("images-list").await;

    Images::open_details(&app, &first, &id).await;
    app.wait_text(
        &App::css("image-inspect-command-text"),
        &format!("$ docker image inspect {repo}:1"),
        LIMIT,
    )
    .await;
    app.wait_text(&App::css("image-overview-cmd"), "true", LIMIT)
        .await;
    app.shot("image-details").await;
    Images::open_tab(&app, &id, "json").await;
    app.wait_text(&App::css("image-json"), &id, LIMIT).await;
    app.close().await;
}
