//! End to end, every section of the sidebar as a user first sees it: at the window's default
//! size and at its minimum, each opens, shows its heading, does not scroll sideways, and no text
//! in it is cut without an ellipsis and the whole text on hover. A section added to
//! `ui/src/lib/sections.ts` is visited without changing this test. Screenshots of each are saved
//! (TUGBOAT_SHOTS) to be looked at.

use crate::e2e::{App, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::support::*;
use std::time::{Duration, Instant};

/// The sidebar's section ids, in order, read from the page.
pub(crate) const NAV_IDS: &str = r#"
return [...document.querySelectorAll("nav [data-testid^='nav-']")]
  .map((b) => b.dataset.testid.slice('nav-'.length));
"#;

/// What is wrong with the section on screen, in words: the page scrolling sideways, or a text
/// that overflows its box without an ellipsis and a title holding the whole of it. Only leaf
/// text boxes that clip are checked: a box that lets text spill is the layout check's business
/// (e2e_layout.rs) where rows are known.
const SECTION_CHECK: &str = r#"
const problems = [];
const main = document.querySelector('main');
if (!main) return { problems: ['no main element'], heading: '' };
if (main.scrollWidth > main.clientWidth + 1)
  problems.push(`the section scrolls sideways (${main.scrollWidth} > ${main.clientWidth})`);
for (const e of main.querySelectorAll('*')) {
  if (e.children.length > 0) continue;
  const r = e.getBoundingClientRect();
  // Text for screen readers only (a 1-pixel clipped box) is hidden on purpose.
  if (r.width <= 2 || r.height <= 2 || getComputedStyle(e).visibility === 'hidden') continue;
  const text = e.textContent.trim();
  if (!text || e.scrollWidth <= e.clientWidth + 1) continue;
  const style = getComputedStyle(e);
  if (style.overflowX === 'visible') continue;
  const title = (e.closest('[title]') ?? e.querySelector('[title]'))?.getAttribute('title') ?? '';
  if (style.textOverflow !== 'ellipsis' || !title.includes(text))
    problems.push(`"${text.slice(0, 60)}" (${e.dataset.testid || e.className || e.tagName}) is cut without an ellipsis and a title`);
}
const heading = main.querySelector('h1, h2')?.textContent.trim() ?? '';
return { problems, heading };
"#;

async fn visit_every_section(app: &App, size: &str) -> Vec<String> {
    let ids: Vec<String> = serde_json::from_value(
        app.client()
            .execute(NAV_IDS, vec![])
            .await
            .expect("the sidebar is read"),
    )
    .expect("section ids are strings");
    assert!(
        ids.len() >= 8,
        "the sidebar has home, containers, networks, volumes, map, ports, disk and events: {ids:?}"
    );
    for id in &ids {
        app.click(&App::css(&format!("nav-{id}"))).await;
        let start = Instant::now();
        loop {
            // Let the section load what it shows first (lists, charts) before judging it.
            app.wait_gone("[aria-busy='true']", Duration::from_secs(10))
                .await;
            let found = app
                .client()
                .execute(SECTION_CHECK, vec![])
                .await
                .expect("the section check runs");
            let problems = found["problems"].as_array().cloned().unwrap_or_default();
            let heading = found["heading"].as_str().unwrap_or_default().to_owned();
            if problems.is_empty() && !heading.is_empty() {
                app.shot(&format!("section-{id}-{size}")).await;
                break;
            }
            if start.elapsed() > Duration::from_secs(10) {
                app.shot(&format!("section-broken-{id}-{size}")).await;
                panic!("section {id} at {size}: heading {heading:?}, problems: {problems:?}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_section_opens_readable_at_the_default_and_the_smallest_window() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _cli, labelled, _engine) = TestEngine::start().await.into_parts();
    // Something of each kind, so the sections show rows and not only their empty states.
    labelled.volume(&unique("tour-vol"));
    labelled.run_detached(
        &unique("tour-box"),
        &["-p", "127.0.0.1::80", "--expose", "9000"],
        &["sleep", "300"],
    );
    let app = App::launch(&host).await;
    app.wait(&App::css("nav-containers"), Duration::from_secs(20))
        .await;

    resize(&app, 1200, 800).await;
    let ids = visit_every_section(&app, "default").await;
    resize(&app, 760, 520).await;
    assert_eq!(visit_every_section(&app, "minimum").await, ids);
}
