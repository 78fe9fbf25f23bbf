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
    // A look at the narrow layout, at the window's minimum size (the picture is for people).
    if app.client().set_window_size(760, 520).await.is_ok() {
        app.wait(&Images::row(&first), LIMIT).await;
        app.shot("images-list-narrow").await;
        let _ = app.client().set_window_size(1200, 800).await;
    }

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
    app.click(&App::css("image-panel-close")).await;

    // Prune…: a dangling image of this test is in the engine's list, with the command. Only
    // looked at (the engine is shared: pruning for real would take others' images).
    let dangling = labelled_image(&labels, None, "e2e-dangling");
    Images::open_tool(&app, "prune").await;
    app.wait(
        &format!("[data-testid='image-prune-item'][data-id='{dangling}']"),
        LIMIT,
    )
    .await;
    app.wait_text(
        &App::css("image-prune-command-text"),
        "$ docker image prune --force",
        LIMIT,
    )
    .await;
    app.shot("image-prune").await;
    app.click(&App::css("image-prune-cancel")).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_image_in_use_names_the_container_then_run_opens_the_form_filled_in() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let _images = image_guard(&labels);
    let repo = unique("e2e-img-rm");
    let first = format!("{repo}:1");
    let id = labelled_image(&labels, Some(&first), "e2e-rm");
    let user = unique("e2e-img-user");
    cli.run(&[
        "create",
        "--name",
        &user,
        "--label",
        &labels.label_arg(),
        &id,
        "true",
    ]);
    let app = Images::open(&host).await;
    Images::open_details(&app, &first, &id).await;

    // Removing its only name while a container uses it: refused, in words naming it, before
    // anything is asked of the engine; the confirm button stays off.
    Images::open_action(&app, "remove").await;
    app.wait_text(&App::css("image-remove-refusal"), &user, LIMIT)
        .await;
    app.wait_text(
        &App::css("image-remove-command-text"),
        &format!("$ docker image rm {first}"),
        LIMIT,
    )
    .await;
    let confirm = app.wait(&App::css("image-remove-confirm"), LIMIT).await;
    assert!(!confirm.is_enabled().await.unwrap());
    app.shot("image-remove-refused").await;
    app.click(&App::css("image-remove-cancel")).await;
    app.wait_gone(&App::css("image-remove-dialog"), LIMIT).await;
    assert!(cli.try_run(&["image", "inspect", &first]).is_ok());

    // Run…: the Containers view's run form, with the image filled in and previewed.
    Images::open_action(&app, "run").await;
    app.wait(&App::css("run-form"), LIMIT).await;
    let image = app.wait(&App::css("run-image"), LIMIT).await;
    assert_eq!(
        image.prop("value").await.unwrap().as_deref(),
        Some(first.as_str())
    );
    RunForm::preview_has(&app, &first).await;
    app.shot("image-run-form").await;
    app.close().await;
}
