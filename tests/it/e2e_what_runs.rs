//! "What will run" through the real window: a folder's Dockerfile opens, the panel shows the
//! command its image will start with as computed from the file, and an edit typed into the
//! editor changes it (the parse analyser runs, then the panel asks again). Screenshots at the
//! default size and the minimum.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::pages::Dockerfiles;
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_will_run_follows_the_dockerfile_as_it_is_edited() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM tugboat-fixture/busybox:1\nENTRYPOINT [\"ping\", \"-c\", \"3\"]\nCMD [\"localhost\"]\n",
    )
    .unwrap();

    let app = Dockerfiles::open(&host).await;
    Dockerfiles::open_folder(&app, dir.path()).await;
    Dockerfiles::open_panel(&app, "runs").await;
    let line = "[data-testid='what-runs-line']";
    app.wait_text(line, "ping -c 3 localhost", LIMIT).await;
    assert_eq!(app.text("what-runs-line").await, "ping -c 3 localhost");
    assert_eq!(app.text("what-runs-with-args").await, "ping -c 3 <args…>");
    app.wait(&App::css("what-runs-goto"), LIMIT).await;
    app.shot("what-runs").await;

    // A shell-form ENTRYPOINT typed in: the shell wraps it and CMD no longer reaches it.
    Dockerfiles::replace_text(
        &app,
        "FROM tugboat-fixture/busybox:1\nENTRYPOINT ping -c 3 example.com\nCMD [\"localhost\"]\n",
    )
    .await;
    app.wait_text(line, "/bin/sh -c 'ping -c 3 example.com'", LIMIT)
        .await;
    assert_eq!(
        app.text("what-runs-line").await,
        "/bin/sh -c 'ping -c 3 example.com'"
    );
    app.wait_text(
        "[data-testid='what-runs-reason'][data-line='3']",
        "is ignored",
        LIMIT,
    )
    .await;

    // The worked explanation opens.
    app.click("[data-testid='concept'][data-concept='cmd-entrypoint'] summary")
        .await;
    app.shot("what-runs-concept").await;
    resize(&app, 760, 520).await;
    app.shot("what-runs-760x520").await;
    resize(&app, 1200, 800).await;
    app.close().await;
}
