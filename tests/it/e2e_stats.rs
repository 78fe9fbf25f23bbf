//! End to end, the inside tabs of a container in the real window: a busy container's CPU chart
//! shows a value above zero, the Processes tab lists its sleep, the Changes tree shows a file
//! it added, the Ports tab its mapping, and Compare stats shows two containers side by side.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::pages::*;
use crate::support::*;
use std::time::Duration;

/// The number an element holds in `data-value` (empty until a sample arrives).
async fn data_value(app: &App, css: &str) -> Option<f64> {
    let e = app.find(css).await?;
    e.attr("data-value").await.ok()??.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inside_tabs_show_stats_processes_changes_ports_and_a_comparison() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let base = unique("inside");
    let busy = format!("{base}-busy");
    let sleeper = format!("{base}-sleeper");
    let busy_id = labels.run_detached(&busy, &["-m", "64m"], &["sh", "-c", "while :; do :; done"]);
    let sleeper_id = labels.run_detached(
        &sleeper,
        &["-p", "127.0.0.1::80"],
        &["sh", "-c", "echo hi > /e2e-added.txt; exec sleep 3127"],
    );

    let app = Containers::open(&host).await;
    resize(&app, 1200, 800).await;

    // Stats: the busy container's CPU reads above zero, as text and in data-value.
    Containers::open_inspect(&app, &busy, &busy_id).await;
    Containers::open_tab(&app, &busy_id, "stats").await;
    let cpu = format!(
        "{} {}",
        Containers::tab_body("stats"),
        App::css("stats-value-cpu")
    );
    // Above 1%, not just above 0: the first sample's figure is an average since the container
    // started (the engine has no previous reading yet); a busy loop's next ones are near a core.
    let value = eventually(Duration::from_secs(30), "a CPU value above 1%", || async {
        data_value(&app, &cpu).await.filter(|v| *v > 1.0)
    })
    .await;
    assert!(value > 1.0);
    // A few samples on the charts before they are pictured; and the stream that gave them is
    // still the one shown (the first figure again would mean it started over).
    eventually(
        Duration::from_secs(30),
        "five samples on the charts",
        || async {
            let tab = app.find(&App::css("stats-tab")).await?;
            let n: u32 = tab.attr("data-samples").await.ok()??.parse().ok()?;
            (n >= 5).then_some(())
        },
    )
    .await;
    let later = data_value(&app, &cpu).await.unwrap();
    assert!(
        later > 1.0,
        "CPU fell back to {later}: did the stream start over?"
    );
    app.wait_text(
        &App::css("stats-command-text"),
        &format!("docker stats {busy}"),
        LIMIT,
    )
    .await;
    app.wait_text(&App::css("stats-value-memory"), "/ 67.1 MB", LIMIT)
        .await;
    app.shot("stats-tab-1200x800").await;
    resize(&app, 760, 520).await;
    app.shot("stats-tab-760x520").await;
    resize(&app, 1200, 800).await;
    app.click(&App::css("inspect-close")).await;

    // Processes: the sleeper's sleep, with ps options.
    Containers::open_inspect(&app, &sleeper, &sleeper_id).await;
    Containers::open_tab(&app, &sleeper_id, "processes").await;
    app.wait_text(&App::css("top-table"), "sleep 3127", LIMIT)
        .await;
    let args = app.wait(&App::css("top-ps-args"), LIMIT).await;
    args.send_keys("-eo pid,user,args").await.unwrap();
    app.click(&App::css("top-refresh")).await;
    app.wait_text(&App::css("top-count"), "(ps -eo pid,user,args)", LIMIT)
        .await;
    app.wait_text(&App::css("top-table"), "sleep 3127", LIMIT)
        .await;
    app.wait_text(
        &App::css("top-command-text"),
        &format!("docker top {sleeper} -eo pid,user,args"),
        LIMIT,
    )
    .await;
    app.shot("processes-tab").await;

    // Changes: the file it added, marked A.
    Containers::open_tab(&app, &sleeper_id, "changes").await;
    app.wait(
        "[data-testid='change-row'][data-path='/e2e-added.txt'][data-kind='added']",
        LIMIT,
    )
    .await;
    app.shot("changes-tab").await;

    // Ports: the mapping as docker port prints it.
    let port = cli.run(&["port", &sleeper, "80/tcp"]);
    Containers::open_tab(&app, &sleeper_id, "ports").await;
    app.wait_text(
        &App::css("port-mapping"),
        &format!("80/tcp -> {port}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("inspect-close")).await;

    // Compare: both selected, both shown with a CPU figure.
    app.type_into("container-filter", &base).await;
    for name in [&busy, &sleeper] {
        app.click(&Row::named(name).part("row-select")).await;
    }
    app.click(&App::css("bulk-compare-stats")).await;
    for name in [&busy, &sleeper] {
        let cell =
            format!("[data-testid='compare-row'][data-name='{name}'] [data-testid='compare-cpu']");
        eventually(
            Duration::from_secs(30),
            "a CPU figure per container",
            || async { data_value(&app, &cell).await },
        )
        .await;
    }
    // In the list's order (newest first), which the test does not fix.
    let line = app
        .wait_text(&App::css("compare-command-text"), "docker stats ", LIMIT)
        .await;
    assert!(line.contains(&busy) && line.contains(&sleeper), "{line}");
    app.shot("compare-stats-1200x800").await;
    resize(&app, 760, 520).await;
    app.shot("compare-stats-760x520").await;
    app.click(&App::css("compare-close")).await;
    app.close().await;
}
