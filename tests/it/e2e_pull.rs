//! End to end, pulling through the window: the Images toolbar's Pull… dialog, given an image
//! in the test registry (the app logged in through a DOCKER_CONFIG of the test's own, where
//! the docker CLI ran `docker login`), shows each layer's progress and what arrived, and the
//! image appears in the Images list and opens from the dialog.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::pull::{cli_with_config, logged_in_config, registry, LayeredImage};
use crate::support::*;
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_through_the_dialog_shows_its_layers_and_the_image_appears() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let config = logged_in_config();
    let reference = format!("{}/it/{}:v1", registry(), unique("e2e-pull"));
    let image = LayeredImage::build(&cli, &labels, &reference, &[6_000_000, 3_000_000]);
    cli_with_config(config.path(), &["push", &reference]);
    cli.run(&["rmi", &reference]);

    let app = App::launch_with_env(&host, &[("DOCKER_CONFIG", config.path().as_os_str())]).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    Images::show(&app).await;
    app.click(&App::css("image-tool-pull")).await;
    app.wait(&App::css("pull-dialog"), LIMIT).await;
    RunForm::fill(&app, "pull-reference", &reference).await;
    app.wait_text(
        &App::css("pull-command-text"),
        &format!("$ docker pull {reference}"),
        LIMIT,
    )
    .await;
    // What the registry says arrives after the command and grows the dialog, moving the Pull
    // button: a click aimed before that can land beside it (seen once). Click once it is in.
    app.wait(&App::css("remote-image-tags"), LIMIT).await;
    app.shot("pull-dialog").await;
    app.click(&App::css("pull-submit")).await;

    // The layers are listed while it runs, then each has its final phase.
    app.wait(&App::css("pull-layer"), LIMIT).await;
    app.wait(&App::css("pull-done"), Duration::from_secs(60))
        .await;
    let mut phases = Vec::new();
    for row in app
        .client
        .find_all(Locator::Css(&App::css("pull-layer")))
        .await
        .unwrap()
    {
        phases.push(row.attr("data-phase").await.unwrap().unwrap_or_default());
    }
    assert_eq!(
        phases.len(),
        4,
        "the fixture's two layers and ours: {phases:?}"
    );
    assert_eq!(
        phases.iter().filter(|p| *p == "alreadyExists").count(),
        2,
        "{phases:?}"
    );
    assert_eq!(
        phases.iter().filter(|p| *p == "done").count(),
        2,
        "{phases:?}"
    );
    app.wait_text(&App::css("pull-overall-text"), "4 of 4 layers", LIMIT)
        .await;
    app.wait_text(&App::css("pull-done"), &image.id[7..19], LIMIT)
        .await;
    app.shot("pull-done").await;
    assert_eq!(
        cli.run(&["image", "inspect", "--format", "{{.Id}}", &reference]),
        image.id
    );

    // "Open the image" shows it in the list with its details open.
    app.click(&App::css("pull-open")).await;
    app.wait_gone(&App::css("pull-dialog"), LIMIT).await;
    app.wait(&Images::panel(&image.id), LIMIT).await;
    Images::filter(&app, &reference).await;
    app.wait(&Images::row(&reference), LIMIT).await;
    app.shot("pull-opened").await;
    app.close().await;
}
