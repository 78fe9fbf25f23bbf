//! End to end, the Volumes section through the real window and the real engine: a volume made
//! in the create form appears and is there for the CLI, removing it from its row removes it, a
//! volume a container holds is refused naming the container, and the prune dialog lists
//! exactly the volumes the engine's prune would take (none in use) and removes just those.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use fantoccini::Locator;
use std::collections::BTreeSet;
use std::time::Duration;

fn exists(cli: &Cli, name: &str) -> bool {
    cli.try_run(&["volume", "inspect", name]).is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_remove_and_prune_volumes_through_the_window() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let (label_key, label_value) = {
        let arg = labels.label_arg();
        let (k, v) = arg.split_once('=').unwrap();
        (k.to_owned(), v.to_owned())
    };
    // What a prune must take and what it must leave: an anonymous volume whose container is
    // gone, a named one nobody uses, and a named one a stopped container holds.
    let gone = unique("e2e-anon");
    labels.create(
        &gone,
        &[
            "--mount",
            &format!("type=volume,dst=/d,volume-label={}", labels.label_arg()),
        ],
        &["true"],
    );
    let anonymous = cli.run(&["inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", &gone]);
    cli.run(&["rm", &gone]);
    let unused = unique("e2e-unused");
    labels.volume(&unused);
    let held = unique("e2e-held");
    labels.volume(&held);
    let holder = unique("e2e-holder");
    labels.create(&holder, &["-v", &format!("{held}:/data")], &["true"]);

    let app = Volumes::open(&host).await;

    // Create one in the form, labelled so the test's cleanup finds it whatever happens.
    let made = unique("e2e-made");
    app.click(&App::css("open-volume-create")).await;
    app.wait(&App::css("volume-create-dialog"), LIMIT).await;
    RunForm::fill(&app, "volume-create-name", &made).await;
    app.click_expecting(
        &App::css("volume-create-add-label"),
        &Volumes::label_input("Label key"),
    )
    .await;
    Volumes::fill_css(&app, &Volumes::label_input("Label key"), &label_key).await;
    Volumes::fill_css(&app, &Volumes::label_input("Label value"), &label_value).await;
    let line = app
        .wait_text(&App::css("volume-create-command-text"), &label_value, LIMIT)
        .await;
    assert!(line.ends_with(&made), "{line}");
    assert!(
        line.contains(&format!("--label '{}'", labels.label_arg())),
        "{line}"
    );
    app.shot("volume-create").await;
    app.click(&App::css("volume-create-submit")).await;
    app.wait_gone(&App::css("volume-create-dialog"), LIMIT)
        .await;
    Volumes::filter(&app, &made).await;
    app.wait(&Volumes::row(&made), LIMIT).await;
    let labels_seen = cli.run(&["volume", "inspect", "-f", "{{json .Labels}}", &made]);
    assert!(labels_seen.contains(&label_value), "{labels_seen}");

    // Remove it from its row: the dialog shows the command, and the row goes with the volume.
    app.click(&Volumes::row_part(&made, "volume-action-remove"))
        .await;
    app.wait_text(
        &App::css("volume-remove-command-text"),
        &format!("docker volume rm {made}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("volume-remove-confirm")).await;
    app.wait_gone(&Volumes::row(&made), LIMIT).await;
    assert!(!exists(&cli, &made));

    // A volume a stopped container holds: its users are shown, and removal is refused naming it.
    Volumes::filter(&app, &held).await;
    app.wait_text(&Volumes::row_part(&held, "volume-users"), &holder, LIMIT)
        .await;
    app.click(&Volumes::row_part(&held, "volume-action-remove"))
        .await;
    app.wait_text(&App::css("volume-remove-in-use"), &holder, LIMIT)
        .await;
    app.click(&App::css("volume-remove-confirm")).await;
    app.wait_text(
        &format!("{}[data-ok='false']", App::css("action-result")),
        &holder,
        LIMIT,
    )
    .await;
    assert!(exists(&cli, &held));

    // Prune, narrowed to this test's label: the dialog's list is what the engine would take.
    app.click(&App::css("open-volume-prune")).await;
    RunForm::fill(&app, "volume-prune-labels", &labels.label_arg()).await;
    app.wait_text(
        &App::css("volume-prune-command-text"),
        &labels.value,
        Duration::from_secs(20),
    )
    .await;
    app.wait_gone(
        "[data-testid='volume-prune-preview'][aria-busy='true']",
        LIMIT,
    )
    .await;
    let listed: BTreeSet<String> = {
        let items = app
            .client()
            .find_all(Locator::Css(&Volumes::prune_items()))
            .await
            .unwrap();
        let mut names = BTreeSet::new();
        for i in items {
            names.insert(i.attr("data-name").await.unwrap().unwrap());
        }
        names
    };
    let api = cli.server_api_version();
    let old_engine = tugboat_engine::ApiVersion::parse(&api).unwrap()
        < tugboat_engine::volumes::prune::ANONYMOUS_ONLY_SINCE;
    let expected: BTreeSet<String> = if old_engine {
        [anonymous.clone(), unused.clone()].into()
    } else {
        [anonymous.clone()].into()
    };
    assert_eq!(listed, expected, "the prune dialog lists exactly these");
    assert!(!listed.contains(&held), "a volume in use is never listed");
    app.shot("volume-prune").await;
    app.click(&App::css("volume-prune-confirm")).await;
    app.wait(&App::css("volume-prune-done"), Duration::from_secs(20))
        .await;
    for name in &expected {
        assert!(!exists(&cli, name), "{name} was pruned");
    }
    assert!(exists(&cli, &held), "the held volume stays");
    app.close().await;
}

/// In the page: the volume rows whose name starts with `prefix`, and the header: no two cells
/// overlap, no cell leaves its row, and a text cut short ends in an ellipsis with the whole of
/// it in a title. Returns the problems in words and how many rows were checked.
const VOLUME_LAYOUT: &str = r#"
const prefix = arguments[0];
const problems = [];
const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
const main = document.querySelector('main');
if (main.scrollWidth > main.clientWidth + 1) problems.push('the page scrolls sideways');
const head = document.querySelector("[data-testid='volumes-view'] .head-row");
const rows = [...document.querySelectorAll("[data-testid='volume-row']")].filter((r) => r.dataset.name.startsWith(prefix));
for (const line of [head, ...rows]) {
  const label = line === head ? 'header' : line.dataset.name.slice(prefix.length);
  const lr = line.getBoundingClientRect();
  const cells = [...line.children].filter(shown);
  for (let i = 0; i < cells.length; i++) {
    const ci = cells[i].getBoundingClientRect();
    if (!inside(ci, lr)) problems.push(`${label}: ${cells[i].className} leaves its row`);
    for (let j = i + 1; j < cells.length; j++)
      if (overlap(ci, cells[j].getBoundingClientRect())) problems.push(`${label}: ${cells[i].className} overlaps ${cells[j].className}`);
  }
  for (const t of line.querySelectorAll("[data-testid='volume-name'], [data-testid='volume-users'], [data-testid='volume-created']")) {
    if (!shown(t) || t.scrollWidth <= t.clientWidth + 1) continue;
    const text = t.textContent.trim();
    const title = t.getAttribute('title') ?? '';
    if (getComputedStyle(t).textOverflow !== 'ellipsis' || !title.includes(text))
      problems.push(`${label}: ${t.dataset.testid} "${text}" is cut without an ellipsis and a title`);
  }
}
return { problems, rows: rows.length };
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volume_rows_and_details_fit_at_the_default_and_the_smallest_window() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _cli, labels, _) = TestEngine::start().await.into_parts();
    let tag = unique("vlayout");
    let long = format!("{tag}-postgres-data-for-the-reporting-service-in-staging");
    labels.volume(&long);
    let users = [
        "api-server-with-a-long-name",
        "nightly-report-job",
        "worker",
    ];
    for u in users {
        labels.create(
            &format!("{tag}-{u}"),
            &["-v", &format!("{long}:/data")],
            &["true"],
        );
    }
    let short = format!("{tag}-x1");
    labels.volume(&short);

    let app = Volumes::open(&host).await;
    Volumes::filter(&app, &tag).await;
    app.wait(&Volumes::row(&long), LIMIT).await;
    app.wait(&Volumes::row(&short), LIMIT).await;
    for (width, height) in [(1200, 800), (760, 520)] {
        let size = format!("{width}x{height}");
        crate::e2e_layout::resize(&app, width, height).await;
        let start = std::time::Instant::now();
        loop {
            let found = app
                .client()
                .execute(VOLUME_LAYOUT, vec![serde_json::json!(tag)])
                .await
                .expect("the layout check runs");
            let problems = found["problems"].as_array().cloned().unwrap_or_default();
            if problems.is_empty() && found["rows"].as_u64() == Some(2) {
                break;
            }
            if start.elapsed() > Duration::from_secs(10) {
                app.shot(&format!("volume-layout-broken-{size}")).await;
                panic!("at {size}: {found}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        app.shot(&format!("volumes-{size}")).await;
        app.click(&Volumes::row_part(&long, "volume-name")).await;
        app.wait_text(&App::css("volume-used-by"), "nightly-report-job", LIMIT)
            .await;
        app.shot(&format!("volume-details-{size}")).await;
        app.click(&App::css("volume-details-close")).await;
        app.wait_gone(&App::css("volume-details"), LIMIT).await;
    }
    app.close().await;
}
