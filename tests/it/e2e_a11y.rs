//! End to end, accessibility as a checker sees it: axe-core (the npm package the UI's dev
//! dependencies install) runs in the real window on every section of the sidebar, in the light
//! theme and the dark one, and finds nothing against WCAG 2.1 A and AA: every control has a
//! name, text has the contrast AA asks for, landmarks and ARIA are used as meant. A section added
//! to `ui/src/lib/sections.ts` is checked without changing this test. What opens over a section
//! is checked too: a container's side panel, a removal dialog, the create dialogs, the command
//! palette and the shortcuts sheet.

use crate::e2e::{App, ONE_WINDOW};
use crate::e2e_sections::NAV_IDS;
use crate::pages::{Containers, Palette, Row};
use crate::support::*;
use fantoccini::key::Key;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(30);

/// Runs axe on the whole page; answers each violation as "rule: what is wrong (where, …)".
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe
  .run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  })
  .then((r) =>
    done(
      r.violations.map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes.length}×: ` +
          v.nodes
            .slice(0, 4)
            .map((n) => `${n.target.join(' ')} ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}`)
            .join(' | ') +
          ')',
      ),
    ),
  )
  .catch((e) => done([`axe failed: ${e}`]));
"#;

/// axe-core's own build, as `npm ci` in ui/ installs it.
fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} (run `npm ci` in ui/): {e}", path.display()))
}

/// What axe finds wrong with what the window shows now.
async fn violations(app: &App, axe: &str) -> Vec<String> {
    let loaded = app
        .client()
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap();
    if loaded != serde_json::json!(true) {
        app.client()
            .execute(&format!("{axe}\nreturn true;"), vec![])
            .await
            .expect("axe-core loads in the window");
    }
    let found = app
        .client()
        .execute_async(AXE_RUN, vec![])
        .await
        .expect("axe runs");
    serde_json::from_value(found).expect("violations are strings")
}

async fn check_every_section(app: &App, axe: &str, theme: &str) -> Vec<String> {
    let ids: Vec<String> =
        serde_json::from_value(app.client().execute(NAV_IDS, vec![]).await.unwrap()).unwrap();
    let mut problems = Vec::new();
    for id in &ids {
        app.click(&App::css(&format!("nav-{id}"))).await;
        app.wait(&App::css(&format!("{id}-view")), LIMIT).await;
        // What a section loads first (lists, charts) is judged, not its "loading" line.
        let found = settled_violations(app, axe).await;
        if !found.is_empty() {
            app.shot(&format!("a11y-{id}-{theme}")).await;
        }
        problems.extend(found.into_iter().map(|v| format!("{id} ({theme}): {v}")));
    }
    problems
}

/// axe's findings on what the window shows, tried again for a few seconds while it loads.
async fn settled_violations(app: &App, axe: &str) -> Vec<String> {
    let start = Instant::now();
    loop {
        app.wait_gone("[aria-busy='true']", LIMIT).await;
        let found = violations(app, axe).await;
        if found.is_empty() || start.elapsed() > Duration::from_secs(5) {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The panels and dialogs that open over the sections: each opened as a user would, checked,
/// and closed with Escape.
async fn check_what_opens_over_sections(
    app: &App,
    axe: &str,
    theme: &str,
    container: (&str, &str),
) -> Vec<String> {
    let (name, id) = container;
    let mut problems = Vec::new();
    let mut judge = |what: &str, found: Vec<String>| {
        problems.extend(found.into_iter().map(|v| format!("{what} ({theme}): {v}")));
    };

    app.click(&App::css("nav-containers")).await;
    app.wait(&App::css("containers-view"), LIMIT).await;
    // The dialog first: the side panel, once open, covers the row's buttons.
    Containers::show_only(app, id).await;
    app.click(&Row::named(name).part("action-remove")).await;
    app.wait(&Containers::removal_item(name), LIMIT).await;
    judge("remove dialog", settled_violations(app, axe).await);
    Palette::press(app, &Key::Escape.to_string()).await;
    app.wait_gone(&App::css("action-dialog"), LIMIT).await;
    Containers::open_inspect(app, name, id).await;
    judge("container panel", settled_violations(app, axe).await);
    app.wait(&App::css("container-filter"), LIMIT)
        .await
        .clear()
        .await
        .expect("the filter clears");

    for (section, opener, dialog) in [
        ("volumes", "open-volume-create", "volume-create-dialog"),
        ("networks", "open-network-create", "network-create-dialog"),
    ] {
        app.click(&App::css(&format!("nav-{section}"))).await;
        app.click(&App::css(opener)).await;
        app.wait(&App::css(dialog), LIMIT).await;
        judge(dialog, settled_violations(app, axe).await);
        Palette::press(app, &Key::Escape.to_string()).await;
        app.wait_gone(&App::css(dialog), LIMIT).await;
    }

    Palette::search(app, name).await;
    app.wait(&App::css("palette-entry"), LIMIT).await;
    judge("command palette", settled_violations(app, axe).await);
    Palette::press(app, &Key::Escape.to_string()).await;
    app.wait_gone(&App::css("palette"), LIMIT).await;

    app.client()
        .execute("document.activeElement?.blur()", vec![])
        .await
        .unwrap();
    Palette::press(app, "?").await;
    app.wait(&App::css("shortcuts-sheet"), LIMIT).await;
    judge("shortcuts sheet", settled_violations(app, axe).await);
    Palette::press(app, &Key::Escape.to_string()).await;
    app.wait_gone(&App::css("shortcuts-sheet"), LIMIT).await;
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_section_passes_an_accessibility_check_in_both_themes() {
    let _window = ONE_WINDOW.lock().await;
    let (host, _cli, labelled, _engine) = TestEngine::start().await.into_parts();
    // Something of each kind, so the sections show rows and not only their empty states.
    labelled.volume(&unique("a11y-vol"));
    let box_name = unique("a11y-box");
    let box_id = labelled
        .run_detached(&box_name, &["-p", "127.0.0.1::80"], &["sleep", "300"])
        .trim()
        .to_owned();
    let axe = axe_source();
    let app = App::launch(&host).await;
    app.wait(&App::css("nav-containers"), LIMIT).await;

    let mut problems = Vec::new();
    for theme in ["light", "dark"] {
        app.click(&App::css("nav-settings")).await;
        app.click(&App::css(&format!("theme-{theme}"))).await;
        app.wait_text(&App::css("theme-shown"), theme, LIMIT).await;
        problems.extend(check_every_section(&app, &axe, theme).await);
        problems
            .extend(check_what_opens_over_sections(&app, &axe, theme, (&box_name, &box_id)).await);
    }
    app.close().await;
    assert!(
        problems.is_empty(),
        "{} found:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reduced_motion_asked_by_the_system_stops_animations() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    // GTK's own setting: WebKitGTK answers `prefers-reduced-motion` from it.
    let xdg = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(xdg.path().join("gtk-3.0")).unwrap();
    std::fs::write(
        xdg.path().join("gtk-3.0/settings.ini"),
        "[Settings]\ngtk-enable-animations=0\n",
    )
    .unwrap();
    let motion = r#"return [matchMedia('(prefers-reduced-motion: reduce)').matches,
                           getComputedStyle(document.querySelector('main')).transitionProperty];"#;

    let app = App::launch_with_env(&host, &[("XDG_CONFIG_HOME", xdg.path().as_os_str())]).await;
    app.wait(&App::css("home-view"), LIMIT).await;
    let reduced = app.client().execute(motion, vec![]).await.unwrap();
    assert_eq!(
        reduced,
        serde_json::json!([true, "none"]),
        "the system asked for less motion"
    );
    app.close().await;

    let app = App::launch(&host).await;
    app.wait(&App::css("home-view"), LIMIT).await;
    let usual = app.client().execute(motion, vec![]).await.unwrap();
    assert_eq!(usual, serde_json::json!([false, "all"]), "motion as usual");
    app.close().await;
}
