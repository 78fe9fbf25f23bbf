//! End to end, logs: the Logs tab and merged logs in the real app over the real engine. Lines
//! arrive in order and search finds one; a flooding container leaves the window answering
//! (pause counts what keeps coming, another tab opens); what a container prints stays text;
//! ANSI colours are styled; a container with no readable log says why; merged logs show both
//! sources.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::pages::*;
use crate::support::*;

/// Prints `line-0001` … `line-0300`, then stays up.
const NUMBERED: &str = "for i in $(seq 1 300); do printf 'line-%04d\\n' $i; done; sleep 600";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbered_lines_arrive_in_order_and_search_scrolls_to_one() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("logs");
    let id = labels.run_detached(&name, &[], &["sh", "-c", NUMBERED]);
    eventually(LIMIT, "the container to print its 300 lines", || async {
        cli.run(&["logs", &name])
            .contains("line-0300")
            .then_some(())
    })
    .await;

    let app = Containers::open(&host).await;
    Logs::open_tab(&app, &name, &id).await;
    app.wait(&Logs::list_with(300), LIMIT).await;
    let command = app.text("logs-command-text").await;
    assert!(
        command.contains("docker logs") && command.contains(&name),
        "the docker line names the container: {command}"
    );

    // Following the end: the newest lines are on screen, consecutive and in order.
    let shown = eventually(LIMIT, "the last line to be on screen", || async {
        let t = Logs::texts(&app).await;
        (t.last().map(String::as_str) == Some("line-0300")).then_some(t)
    })
    .await;
    let numbers: Vec<u32> = shown
        .iter()
        .map(|t| t.trim_start_matches("line-").parse().unwrap())
        .collect();
    assert!(numbers.len() > 3, "several lines on screen: {shown:?}");
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] + 1),
        "lines in order: {numbers:?}"
    );
    assert!(
        !shown.iter().any(|t| t == "line-0150"),
        "line 150 starts off screen, so 'next' has to scroll to it"
    );

    // Search: one match, counted; "next" brings it on screen as the current hit.
    let search = app.wait(&Logs::part("logs-search"), LIMIT).await;
    search.send_keys("line-0150").await.unwrap();
    app.wait_text(&Logs::part("logs-match-count"), "1 matching entry", LIMIT)
        .await;
    app.click(&Logs::part("logs-next")).await;
    let current = app.wait(&Logs::current_row(), LIMIT).await;
    let current = current.text().await.unwrap();
    assert!(current.contains("line-0150"), "the current hit: {current}");
    app.wait_text(&Logs::part("logs-match-count"), "1 of 1", LIMIT)
        .await;
    assert!(Logs::texts(&app).await.iter().any(|t| t == "line-0150"));

    for (width, height) in [(1200, 800), (760, 520)] {
        resize(&app, width, height).await;
        app.shot(&format!("logs-tab-{width}x{height}")).await;
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_container_leaves_the_window_answering() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("flood");
    // As fast as the shell can print; the log file is capped so the engine's disk is not.
    let id = labels.run_detached(
        &name,
        &["--log-opt", "max-size=5m", "--log-opt", "max-file=2"],
        &[
            "sh",
            "-c",
            "i=0; while true; do i=$((i+1)); echo \"flood line $i\"; done",
        ],
    );
    let app = Containers::open(&host).await;
    Logs::open_tab(&app, &name, &id).await;
    app.wait(
        &format!("{} [data-testid='log-row']", Logs::part("logs-list")),
        LIMIT,
    )
    .await;

    // Pause while it floods: the counter appears and keeps growing.
    app.click(&Logs::part("logs-pause")).await;
    app.wait(&Logs::part("logs-paused"), LIMIT).await;
    let first = eventually(LIMIT, "new lines to be counted while paused", || async {
        let n = Logs::paused_count(&app).await;
        (n > 0).then_some(n)
    })
    .await;
    eventually(LIMIT, "the paused counter to grow", || async {
        (Logs::paused_count(&app).await > first).then_some(())
    })
    .await;
    app.shot("logs-flood-paused").await;

    // The window still answers a click: another tab opens while the container floods on.
    app.click(&App::css("inspect-tab-overview")).await;
    app.wait(&App::css("inspect-overview"), LIMIT).await;
    app.click(&App::css("inspect-tab-logs")).await;
    app.wait(&Logs::part("logs-view"), LIMIT).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_container_prints_stays_text_and_ansi_red_is_styled() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("hostile");
    let id = labels.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "echo '<img src=x onerror=alert(1)>'; printf '\\033[31mred-text\\033[0m plain\\n'; \
             printf 'cleared \\033[2J\\n'; sleep 600",
        ],
    );
    let app = Containers::open(&host).await;
    Logs::open_tab(&app, &name, &id).await;
    app.wait(&Logs::list_with(3), LIMIT).await;

    let texts = Logs::texts(&app).await;
    assert_eq!(
        texts,
        [
            "<img src=x onerror=alert(1)>",
            "red-text plain",
            "cleared \u{241b}[2J"
        ]
    );
    assert_eq!(Logs::count_in_list(&app, "img").await, 0, "no img element");
    let red = app
        .wait(
            &format!("{} .f-1[data-testid='log-styled']", Logs::part("logs-list")),
            LIMIT,
        )
        .await;
    assert_eq!(red.text().await.unwrap(), "red-text");
    let colour = app
        .client()
        .execute(
            "return getComputedStyle(arguments[0]).color",
            vec![serde_json::to_value(&red).unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(colour.as_str(), Some("rgb(198, 47, 47)"), "painted red");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_container_without_a_readable_log_says_why() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("nolog");
    let id = labels.run_detached(&name, &["--log-driver", "none"], &["sleep", "600"]);
    let app = Containers::open(&host).await;
    Logs::open_tab(&app, &name, &id).await;
    // The engine's refusal, in words that name the container and its driver.
    let why = app
        .wait_text(&Logs::part("logs-unreadable"), "logging driver none", LIMIT)
        .await;
    assert!(why.contains(&name), "names the container: {why}");
    assert!(app.find(&Logs::part("logs-error")).await.is_none());
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merged_logs_of_two_containers_show_both_sources() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _cli, labels, _) = TestEngine::start().await.into_parts();
    let base = unique("merged");
    let (a, b) = (format!("{base}-a"), format!("{base}-b"));
    // Labelled as one compose project, so its group header offers "Logs" too.
    let project = format!("com.docker.compose.project={base}");
    for (name, word) in [(&a, "from-a"), (&b, "from-b")] {
        let cmd = format!("echo {word}; sleep 600");
        labels.run_detached(name, &["--label", &project], &["sh", "-c", &cmd]);
    }
    let app = Containers::open(&host).await;
    let filter = app.wait(&App::css("container-filter"), LIMIT).await;
    filter.send_keys(&base).await.unwrap();

    // From the selection: "Logs of selected".
    for name in [&a, &b] {
        app.click(&Row::named(name).part("row-select")).await;
    }
    app.click(&App::css("bulk-logs")).await;
    app.wait(&App::css("merged-logs"), LIMIT).await;
    app.wait(&Logs::list_with(2), LIMIT).await;
    let sources = || async {
        let v = app
            .client()
            .execute(
                "return [...document.querySelectorAll(\"[data-testid='log-row']\")].map(r => [r.querySelector(\"[data-testid='log-source']\").textContent, r.querySelector(\"[data-testid='log-text']\").textContent])",
                vec![],
            )
            .await
            .unwrap();
        let mut rows: Vec<(String, String)> = serde_json::from_value(v).unwrap();
        rows.sort();
        // Tagged by number until the names are in.
        (rows.iter().all(|(s, _)| !s.starts_with('#'))).then_some(rows)
    };
    let both = [
        (a.clone(), "from-a".to_owned()),
        (b.clone(), "from-b".to_owned()),
    ];
    assert_eq!(eventually(LIMIT, "both sources named", sources).await, both);
    app.shot("logs-merged").await;

    // Untick one source: only the other's lines stay.
    app.click(&format!(
        "[data-testid='logs-source-toggle'][data-name='{a}']"
    ))
    .await;
    app.wait(&Logs::list_with(1), LIMIT).await;
    assert_eq!(Logs::texts(&app).await, ["from-b"]);
    app.click(&App::css("merged-logs-close")).await;
    app.wait_gone(&App::css("merged-logs"), LIMIT).await;

    // From the compose project's header: all its containers.
    app.click(&App::css("bulk-clear")).await;
    resize(&app, 760, 520).await;
    app.shot("logs-compose-group-760x520").await;
    app.click(&Containers::compose_group_part(&base, "group-logs"))
        .await;
    app.wait(&App::css("merged-logs"), LIMIT).await;
    app.wait(&Logs::list_with(2), LIMIT).await;
    assert_eq!(eventually(LIMIT, "both sources named", sources).await, both);
    app.shot("logs-merged-760x520").await;
    app.close().await;
}
