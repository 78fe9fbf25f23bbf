//! End to end, the Terminal tab: typing into xterm.js runs in the container through the real
//! app, the exit code shows when the shell ends, and attach + Detach leaves the container
//! running (checked with the CLI).

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;

/// WebDriver's Enter key.
const ENTER: &str = "\u{E007}";

/// Waits for the terminal shown to open its session; one that ended instead fails the test
/// with the words it shows.
async fn wait_session_open(app: &App) {
    let session = app
        .wait(
            "[data-testid='terminal-session']:not([data-phase='opening'])",
            LIMIT,
        )
        .await;
    if session.attr("data-phase").await.unwrap().as_deref() != Some("open") {
        app.shot("terminal-not-open").await;
        panic!(
            "the terminal did not open: {}",
            app.text("terminal-ended").await
        );
    }
}

/// Types into the terminal shown: xterm.js reads keys from its (invisible) helper textarea.
async fn type_in_terminal(app: &App, text: &str) {
    app.click(&App::css("terminal-screen")).await;
    let keys = app
        .wait(
            "[data-testid='terminal-session'] .xterm-helper-textarea",
            LIMIT,
        )
        .await;
    keys.send_keys(text).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_in_the_terminal_runs_in_the_container_and_exit_shows_the_code() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("term");
    let id = labels.run_detached(&name, &[], &["sleep", "600"]);
    let app = Containers::open(&host).await;
    let _ = app.client().set_window_size(1200, 800).await;
    Containers::open_inspect(&app, &name, &id).await;
    Containers::open_tab(&app, &id, "terminal").await;
    app.wait_text(
        &App::css("terminal-command-text"),
        &format!("docker exec -it {name} sh"),
        LIMIT,
    )
    .await;
    app.click(&App::css("terminal-open")).await;
    wait_session_open(&app).await;

    type_in_terminal(&app, &format!("echo hello-$((6*7)){ENTER}")).await;
    // The typed line shows `$((6*7))`; only the shell's answer reads hello-42.
    app.wait_text(
        &format!("{} .xterm-rows", Containers::tab_body("terminal")),
        "hello-42",
        LIMIT,
    )
    .await;
    app.shot("terminal-1200x800").await;

    type_in_terminal(&app, &format!("exit 3{ENTER}")).await;
    let ended = app
        .wait_text(&App::css("terminal-ended"), "exited with code 3", LIMIT)
        .await;
    assert_eq!(ended, "exited with code 3");

    // A second terminal, with a shell the image lacks (busybox has no bash): words, not a
    // silent blank screen.
    app.click(&App::css("terminal-new")).await;
    app.click("[data-testid='terminal-shell'] option[value='bash']")
        .await;
    app.wait_text(
        &App::css("terminal-command-text"),
        &format!("docker exec -it {name} bash"),
        LIMIT,
    )
    .await;
    app.click(&App::css("terminal-open")).await;
    let words = app
        .wait_text(
            "[data-key='2'] [data-testid='terminal-ended']",
            "may have no bash",
            LIMIT,
        )
        .await;
    assert!(words.contains("Try sh"), "{words}");
    assert_eq!(
        app.client()
            .find_all(fantoccini::Locator::Css(
                "[data-testid='terminal-session-tab']"
            ))
            .await
            .unwrap()
            .len(),
        2,
        "each terminal has its own tab"
    );
    app.shot("terminal-no-bash").await;
    if app.client().set_window_size(760, 520).await.is_ok() {
        app.shot("terminal-760x520").await;
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attach_then_detach_leaves_the_container_running() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("term-attach");
    let id = labels.run_detached(&name, &["-it"], &["sh"]);
    let app = Containers::open(&host).await;
    let _ = app.client().set_window_size(1200, 800).await;
    Containers::open_inspect(&app, &name, &id).await;
    Containers::open_tab(&app, &id, "terminal").await;
    app.click(&App::css("terminal-mode-attach")).await;
    app.wait_text(
        &App::css("terminal-command-text"),
        &format!("docker attach {name}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("terminal-open")).await;
    wait_session_open(&app).await;
    type_in_terminal(&app, &format!("echo main-$((20+3)){ENTER}")).await;
    app.wait_text(
        &format!("{} .xterm-rows", Containers::tab_body("terminal")),
        "main-23",
        LIMIT,
    )
    .await;
    app.shot("terminal-attach").await;

    app.click(&App::css("terminal-detach")).await;
    app.wait_text(&App::css("terminal-ended"), "still running", LIMIT)
        .await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.Running}}", &name]),
        "true",
        "detaching left the container running"
    );
    app.close().await;
}
