//! End to end, a build through the real window: a folder with a Dockerfile is opened as the
//! build context, its Context panel counts what goes, the Build panel builds it with a unique
//! tag while the log shows a step's output, the Layers panel ties the new image's layers to
//! their lines, and "Open in Images" shows the image the engine has; then a Dockerfile whose RUN fails shows the error and marks that line in the editor.
//! The images carry the test's label (a LABEL line) and are removed by it.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::images::image_guard;
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

/// Builds on a busy two-core machine can take a while; the test waits for conditions.
const BUILD_LIMIT: Duration = Duration::from_secs(180);

fn context(dir: &std::path::Path, label: &str, steps: &str) {
    let (key, value) = label.split_once('=').unwrap();
    std::fs::write(
        dir.join("Dockerfile"),
        format!("FROM {}\nLABEL {key}=\"{value}\"\n{steps}", fixture_image()),
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn build_a_dockerfile_open_the_image_and_see_a_failing_run_marked() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let _images = image_guard(&labels);
    let tag = format!("tugboat-it/{}:1", unique("build"));
    let good = tempfile::tempdir().unwrap();
    // Line 3 prints a value only the shell computes: seeing it proves the step's output (the
    // step's name shows the command as written, not 42). The run's own word keeps BuildKit from
    // answering it from an earlier run's cache (a LABEL is not part of a RUN's cache key).
    context(
        good.path(),
        &labels.label_arg(),
        &format!(
            "RUN echo tugboat-says-$((6*7)) {}\nCMD [\"true\"]\n",
            unique("run")
        ),
    );
    let folder = good.path().to_str().unwrap();

    let app = App::launch(&host).await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    DockerfileBuild::open_folder(&app, folder).await;

    DockerfileBuild::panel(&app, "context").await;
    app.wait_text(&App::css("context-sent"), "1 file", LIMIT)
        .await;
    app.shot("build-context-panel").await;

    DockerfileBuild::panel(&app, "build").await;
    DockerfileBuild::set_tag(&app, &tag).await;
    app.shot("build-form").await;
    app.click(&App::css("build-start")).await;
    DockerfileBuild::wait_log_line(&app, "tugboat-says-42", BUILD_LIMIT).await;
    let done = app
        .wait_text(
            &App::css("build-done"),
            &format!("Built {tag}"),
            BUILD_LIMIT,
        )
        .await;
    let id = app
        .wait(&App::css("build-done"), LIMIT)
        .await
        .attr("data-image")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        cli.run(&["image", "inspect", "--format", "{{.Id}}", &tag]),
        id,
        "the engine has the tag on the image the panel names ({done})"
    );
    app.wait(&DockerfileBuild::step("done", 3), LIMIT).await;
    app.shot("build-done").await;

    // The new image's layers, each tied to the line that made it: the RUN on line 3 wrote a
    // layer the build ran (not cached), LABEL (2) and CMD (4) only metadata; the base image's
    // layers are folded into one row.
    DockerfileBuild::panel(&app, "layers").await;
    let run = app
        .wait(
            "[data-testid='build-layer'][data-line='3'][data-made-layer='true']",
            LIMIT,
        )
        .await;
    assert!(
        run.text().await.unwrap().contains("RUN echo tugboat-says"),
        "line 3's row names its instruction"
    );
    app.wait_text(
        "[data-testid='build-layer'][data-line='3'] [data-testid='build-layer-cache']",
        "built",
        LIMIT,
    )
    .await;
    for line in ["2", "4"] {
        app.wait(
            &format!("[data-testid='build-layer'][data-line='{line}']"),
            LIMIT,
        )
        .await;
    }
    app.wait(&App::css("build-layer-base"), LIMIT).await;
    app.shot("build-layers").await;
    DockerfileBuild::panel(&app, "build").await;

    app.click(&App::css("build-open-image")).await;
    app.wait(&App::css("images-view"), LIMIT).await;
    app.wait(&Images::panel(&id), LIMIT).await;
    Images::filter(&app, &tag).await;
    app.wait(&Images::row(&tag), LIMIT).await;
    app.shot("build-image-in-images").await;

    // A RUN that fails on line 4: the error in words, the step failed, the line marked.
    let bad = tempfile::tempdir().unwrap();
    context(
        bad.path(),
        &labels.label_arg(),
        "RUN echo before-the-failure\nRUN exit 3\n",
    );
    DockerfileBuild::open_folder(&app, bad.path().to_str().unwrap()).await;
    DockerfileBuild::panel(&app, "build").await;
    DockerfileBuild::set_tag(&app, &format!("tugboat-it/{}:bad", unique("build"))).await;
    app.click(&App::css("build-start")).await;
    let error = app
        .wait_text(&App::css("build-error"), "line 4", BUILD_LIMIT)
        .await;
    assert!(
        error.contains('3'),
        "the error names the exit code: {error}"
    );
    app.wait(&DockerfileBuild::step("failed", 4), LIMIT).await;
    let marked = DockerfileBuild::marked_lines(&app).await;
    assert_eq!(marked, vec![(4, "RUN exit 3".to_owned())]);
    app.shot("build-failed").await;

    app.client().set_window_size(760, 520).await.unwrap();
    app.shot("build-failed-760x520").await;
    app.close().await;
}
