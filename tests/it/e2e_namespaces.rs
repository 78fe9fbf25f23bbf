//! End to end, the container panel's "Namespaces & cgroups" tab: for a container run with
//! `-m 64m`, the tab shows PID 1 inside beside a different host PID (the one `docker inspect`
//! gives), and the memory limit as set and as the cgroup file inside holds it. Screenshots at
//! the default size and the smallest.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tab_shows_pid_1_beside_its_host_pid_and_the_memory_limit() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("e2e-ns");
    let id = labels.run_detached(
        &name,
        &["-m", "64m", "--pids-limit", "50"],
        &["sleep", "600"],
    );
    let state_pid = cli.run(&["inspect", "-f", "{{.State.Pid}}", &name]);
    assert_ne!(state_pid, "1");

    let app = Containers::open(&host).await;
    resize(&app, 1200, 800).await;
    Containers::open_inspect(&app, &name, &id).await;
    Containers::open_tab(&app, &id, "namespaces").await;
    let body = Containers::tab_body("namespaces");
    // The engine's answer takes a stats sample (about a second) and a few commands inside.
    let inside = format!("{body} {}", App::css("ns-pid-inside"));
    app.wait_text(&inside, "1", Duration::from_secs(30)).await;
    let host_pid = app
        .wait(&format!("{body} {}", App::css("ns-pid-host")), LIMIT)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        host_pid, state_pid,
        "the host PID is docker inspect's State.Pid"
    );
    assert_ne!(host_pid, "1");
    let main = app
        .wait(&format!("{body} {}", App::css("ns-pid-main")), LIMIT)
        .await
        .text()
        .await
        .unwrap();
    assert!(main.contains("docker inspect: State.Pid"), "{main}");

    // The memory limit set with -m, from inspect and from the cgroup file inside.
    let set = app.text("ns-limit-memory-set-value").await;
    assert_eq!(set, "64 MiB");
    let kernel = app.text("ns-limit-memory-kernel-value").await;
    assert_eq!(kernel, "64 MiB");
    let memory = app.text("ns-limit-memory").await;
    assert!(
        memory.contains("67108864"),
        "the file's own value is shown: {memory}"
    );
    app.shot("namespaces-1200x800").await;
    for card in ["ns-card-network", "ns-card-cgroups"] {
        let css = App::css(card);
        app.client()
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView()",
                vec![css.clone().into()],
            )
            .await
            .unwrap();
        app.shot(&format!("namespaces-1200x800-{card}")).await;
    }

    // The smallest window: the cards stack and nothing is cut.
    resize(&app, 760, 520).await;
    app.wait(&App::css("ns-card-cgroups"), LIMIT).await;
    app.shot("namespaces-760x520").await;
    assert!(app.find(&App::css("ns-error")).await.is_none());

    // Stopped: the tab reads again and says what needs it running.
    cli.run(&["stop", "-t", "0", &name]);
    app.wait_text(&App::css("ns-words"), "Start it", Duration::from_secs(30))
        .await;
    app.client()
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView()",
            vec![App::css("ns-words").into()],
        )
        .await
        .unwrap();
    app.shot("namespaces-760x520-stopped").await;
    app.close().await;
}
