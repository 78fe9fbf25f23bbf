//! End to end, the container list as a user sees it: at the window's default size and at its
//! minimum nothing in a row overlaps or is cut without an ellipsis, the actions that do not fit
//! are in the row's menu (mouse and keyboard), and the live figures come back after the engine
//! does. Screenshots of each size are saved (TUGBOAT_SHOTS) to be looked at.

use crate::e2e::{App, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use fantoccini::Locator;
use std::time::{Duration, Instant};

/// WebDriver's codes for keys (W3C WebDriver, "Keyboard actions").
const ARROW_DOWN: &str = "\u{E015}";
const ESCAPE: &str = "\u{E00C}";

/// Checks, in the page, every rendered row whose name starts with `prefix` and the list's
/// header: no two cells overlap, no cell leaves its row, nothing drawn in a cell leaves it
/// unless the cell clips, and a text that does not fit ends in an ellipsis with the whole of it
/// in a title. Returns what is wrong, in words, and how many rows were checked.
const LAYOUT_CHECK: &str = r#"
const prefix = arguments[0];
const problems = [];
const shown = (e) => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
};
const inside = (a, b) =>
  a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
const overlap = (a, b) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
// Whether something between `e` and `cell` (or the cell) clips what overflows it: what `e`
// draws outside it is not drawn, and the clipping element is checked in its own turn.
const clipped = (e, cell) => {
  for (let a = e.parentElement; a; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') return true;
    if (a === cell) return false;
  }
  return false;
};
const what = (e) => e.dataset.testid || e.className || e.tagName;
const view = document.querySelector("[data-testid='containers-view']").getBoundingClientRect();
const main = document.querySelector('main');
if (main.scrollWidth > main.clientWidth + 1) problems.push('the page scrolls sideways');
const head = document.querySelector('.head-row');
const rows = [...document.querySelectorAll("[data-testid='container-row']")].filter((r) =>
  r.dataset.name.startsWith(prefix),
);
const texts = {};
for (const line of [head, ...rows]) {
  const label = line === head ? 'header' : line.dataset.name.slice(prefix.length);
  const lr = line.getBoundingClientRect();
  if (lr.right > view.right + 1) problems.push(`${label}: the row runs past the view`);
  const cells = [...line.children].filter(shown);
  for (let i = 0; i < cells.length; i++) {
    const ci = cells[i].getBoundingClientRect();
    if (!inside(ci, lr)) problems.push(`${label}: ${what(cells[i])} leaves its row`);
    for (let j = i + 1; j < cells.length; j++) {
      if (overlap(ci, cells[j].getBoundingClientRect()))
        problems.push(`${label}: ${what(cells[i])} overlaps ${what(cells[j])}`);
    }
    for (const d of cells[i].querySelectorAll('*')) {
      if (shown(d) && !clipped(d, cells[i]) && !inside(d.getBoundingClientRect(), ci))
        problems.push(`${label}: ${what(d)} runs out of ${what(cells[i])}`);
    }
  }
  const clippable = line.querySelectorAll(
    "[data-testid='row-name'], [data-testid='row-image'], [data-testid='row-status'], " +
      "[data-testid='row-created'], [data-testid='port-link'], [data-testid='row-stats-cell']",
  );
  for (const t of clippable) {
    if (!shown(t)) continue;
    const text = t.textContent.trim();
    texts[`${label} ${t.dataset.testid}`] = text;
    if (t.scrollWidth <= t.clientWidth + 1) continue;
    const title = (t.closest('[title]') ?? t.querySelector('[title]'))?.getAttribute('title') ?? '';
    if (getComputedStyle(t).textOverflow !== 'ellipsis' || !title.includes(text))
      problems.push(`${label}: ${t.dataset.testid} "${text}" is cut without an ellipsis and a title`);
  }
}
return { problems, rows: rows.length, texts, width: window.innerWidth, height: window.innerHeight };
"#;

/// Sets the window to `width`×`height` (WebDriver, or xdotool where the driver cannot) and
/// waits until the page has the new width.
pub(crate) async fn resize(app: &App, width: u32, height: u32) {
    let inner = || async {
        app.client()
            .execute("return window.innerWidth", vec![])
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(0)
    };
    if let Err(e) = app.client().set_window_size(width, height).await {
        eprintln!("WebDriver could not size the window ({e}); sizing it with xdotool");
        let _ = app
            .xdotool()
            .args(["search", "--name", "^Tugboat$", "windowsize"])
            .args([width.to_string(), height.to_string()])
            .status();
    }
    eventually(
        Duration::from_secs(10),
        "the page to take the new width",
        || async { (inner().await.abs_diff(u64::from(width)) <= 2).then_some(()) },
    )
    .await;
}

/// Shows only the containers whose name, image, id or project contains `text`.
async fn filter_to(app: &App, text: &str) {
    app.type_into("container-filter", text).await;
}

/// Runs the layout check until it passes (a row may still be settling: stats arriving, a
/// state changing) or `limit` ends, then fails with what it found.
async fn assert_layout(app: &App, prefix: &str, at_least_rows: u64, size: &str) {
    let start = Instant::now();
    loop {
        let found = app
            .client()
            .execute(LAYOUT_CHECK, vec![serde_json::json!(prefix)])
            .await
            .expect("the layout check runs");
        let problems = found["problems"].as_array().cloned().unwrap_or_default();
        let rows = found["rows"].as_u64().unwrap_or(0);
        if problems.is_empty() && rows >= at_least_rows {
            eprintln!("layout at {size}: {found}");
            return;
        }
        if start.elapsed() > Duration::from_secs(10) {
            app.shot(&format!("layout-broken-{size}")).await;
            panic!("at {size}, {rows} rows checked (want {at_least_rows}); problems: {found}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_fit_at_the_default_and_the_smallest_window_and_extra_actions_are_in_a_menu() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    // One prefix for all, so the filter shows just these; long names and a long project, as
    // people give them.
    let tag = unique("layout");
    let web = format!("{tag}-web-frontend-with-a-rather-long-descriptive-name");
    let web_id = labels.run_detached(
        &web,
        &[
            "-p",
            "127.0.0.1::80",
            "-p",
            "127.0.0.1::8080/udp",
            "-p",
            "127.0.0.1::443",
        ],
        &["httpd", "-f", "-p", "80"],
    );
    let paused = format!("{tag}-paused-worker");
    labels.run_detached(&paused, &[], &["sleep", "300"]);
    cli.run(&["pause", &paused]);
    let exited = format!("{tag}-exited-job");
    labels.run_detached(&exited, &[], &["sh", "-c", "exit 3"]);
    cli.run(&["wait", &exited]);
    let created = format!("{tag}-created-only");
    labels.create(&created, &[], &["sleep", "300"]);
    let member = format!("{tag}-compose-member");
    labels.run_detached(
        &member,
        &[
            "--label",
            &format!("com.docker.compose.project={tag}-a-compose-project-with-a-long-name"),
        ],
        &["sleep", "300"],
    );

    let app = Containers::open(&host).await;
    filter_to(&app, &tag).await;
    for name in [&web, &paused, &exited, &created, &member] {
        app.wait(&Row::named(name).css(), Duration::from_secs(10))
            .await;
    }
    app.wait(
        &Row::named(&paused).in_state("paused"),
        Duration::from_secs(10),
    )
    .await;

    for (width, height) in [(1200, 800), (760, 520)] {
        let size = format!("{width}x{height}");
        filter_to(&app, &tag).await;
        resize(&app, width, height).await;
        // The live figures are part of what must fit.
        app.wait(&Row::named(&web).part("row-stats"), Duration::from_secs(15))
            .await;
        // The list is virtualised: at the smallest size it may not render every row.
        assert_layout(&app, &tag, if width >= 1200 { 5 } else { 3 }, &size).await;
        app.shot(&format!("layout-{size}")).await;

        // The row's "⋯" opens its menu with every action; the keyboard moves through it and
        // Escape closes it, giving the focus back. Just this row: at the smallest size it may
        // be below the fold.
        Containers::show_only(&app, &web_id).await;
        app.wait_gone(&Row::named(&paused).css(), Duration::from_secs(10))
            .await;
        let more = Row::named(&web).part("row-more");
        app.click(&more).await;
        let menu = app
            .wait("[data-testid='row-menu']", Duration::from_secs(5))
            .await;
        for item in [
            "stop", "restart", "pause", "kill", "remove", "rename", "inspect",
        ] {
            assert!(
                app.find(&Containers::row_menu_item(item)).await.is_some(),
                "the menu has {item}"
            );
        }
        // The focused element's test id, or its tag when it has none.
        let active = || async {
            let js = "const e = document.activeElement; \
                      return e ? (e.dataset.testid || e.tagName) : 'nothing'";
            let v = app
                .client()
                .execute(js, vec![])
                .await
                .expect("the page answers");
            v.as_str().unwrap_or_default().to_owned()
        };
        eventually(
            Duration::from_secs(10),
            "the first item to have the focus",
            || async { (active().await == "row-menu-stop").then_some(()) },
        )
        .await;
        app.client()
            .active_element()
            .await
            .unwrap()
            .send_keys(ARROW_DOWN)
            .await
            .unwrap();
        assert_eq!(
            active().await,
            "row-menu-restart",
            "the down arrow moves on"
        );
        app.shot(&format!("layout-menu-{size}")).await;
        let menu_rect = menu.rectangle().await.unwrap();
        assert!(
            menu_rect.0 >= 0.0 && menu_rect.0 + menu_rect.2 <= f64::from(width) + 1.0,
            "the menu is inside the window: {menu_rect:?}"
        );
        app.client()
            .active_element()
            .await
            .unwrap()
            .send_keys(ESCAPE)
            .await
            .unwrap();
        app.wait_gone("[data-testid='row-menu']", Duration::from_secs(5))
            .await;
        assert_eq!(
            active().await,
            "row-more",
            "the focus is back on the ⋯ button"
        );
    }

    // At the smallest size Pause is not beside the row any more: it is in the menu, and works.
    let inline_pause = app
        .client()
        .find(Locator::Css(&Row::named(&web).part("action-pause")))
        .await
        .expect("the inline Pause is still in the page");
    assert!(
        !inline_pause.is_displayed().await.unwrap(),
        "Pause is in the menu at 760 px, not beside the row"
    );
    app.click(&Row::named(&web).part("row-more")).await;
    app.click(&Containers::row_menu_item("pause")).await;
    app.wait(
        &Row::named(&web).in_state("paused"),
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.State.Status}}", &web]),
        "paused"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_figures_of_a_row_come_back_after_the_engine_restarts() {
    let _window = ONE_WINDOW.lock().await;
    let mut daemon = PrivateDaemon::start();
    daemon.load_fixture();
    let cli = daemon.cli();
    let name = unique("stats-back");
    // `--restart always`: the engine starts it again when it comes back, so the row stays
    // "running" across the restart, which is when a stream that ended must be opened again.
    cli.run(&[
        "run",
        "-d",
        "--name",
        &name,
        "--restart",
        "always",
        &fixture_image(),
        "sleep",
        "3000",
    ]);
    let app = Containers::open(&daemon.host()).await;
    let stats = Row::named(&name).part("row-stats");
    app.wait(&stats, Duration::from_secs(15)).await;

    daemon.kill9();
    // The stream ends with the engine, and its last figures go with it.
    app.wait_gone(&stats, Duration::from_secs(15)).await;
    daemon.restart();
    app.wait(
        &Row::named(&name).in_state("running"),
        Duration::from_secs(30),
    )
    .await;
    app.wait(&stats, Duration::from_secs(30)).await;
    app.shot("stats-after-restart").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_refuses_style_elements_it_did_not_ship_and_freezes_prototypes() {
    let _window = ONE_WINDOW.lock().await;
    let app = Containers::open(&test_host()).await;
    // CSP: style sheets only from the app's own files or carrying the page's nonce
    // (`style-src 'self'` + the nonce Tauri adds, which the code editor passes to CodeMirror);
    // style attributes, which Svelte and the virtualised list set, still work.
    let found = app
        .client()
        .execute(
            r#"
            const sheet = document.createElement('style');
            sheet.textContent = 'body { outline: 7px solid rgb(1, 2, 3) }';
            document.head.append(sheet);
            const injected = getComputedStyle(document.body).outlineWidth === '7px';
            sheet.remove();
            const probe = document.createElement('div');
            probe.setAttribute('style', 'width: 33px');
            document.body.append(probe);
            const attribute = getComputedStyle(probe).width === '33px';
            probe.remove();
            return { injected, attribute, frozen: Object.isFrozen(Object.prototype) };
            "#,
            vec![],
        )
        .await
        .expect("the probe runs");
    assert_eq!(
        found,
        serde_json::json!({ "injected": false, "attribute": true, "frozen": true }),
        "an injected <style> is refused, a style attribute applies, Object.prototype is frozen"
    );
    app.wait(&App::css("containers-view"), Duration::from_secs(5))
        .await;
    app.close().await;
}
