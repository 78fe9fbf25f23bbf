//! End to end, the run form as a user sees it once it is built from sections: at the window's
//! default size and at its minimum, no field, row or button of any section sticks out of the
//! panel. Screenshots of each size are saved (TUGBOAT_SHOTS) to be looked at.

use crate::e2e::ONE_WINDOW;
use crate::e2e_layout::resize;
use crate::pages::RunForm;
use crate::support::*;
use std::time::Duration;

/// Every control of the form whose box reaches outside the panel's, by test id or tag.
const OUTSIDE: &str = r#"
const panel = document.querySelector("[data-testid='run-form']").getBoundingClientRect();
const out = [];
for (const e of document.querySelectorAll(
  "[data-testid='run-form'] input, [data-testid='run-form'] select, " +
  "[data-testid='run-form'] button, [data-testid='run-form'] textarea")) {
  const r = e.getBoundingClientRect();
  if (r.width === 0) continue; // inside a closed <details>
  if (r.left < panel.left - 1 || r.right > panel.right + 1)
    out.push(`${e.dataset.testid || e.getAttribute('aria-label') || e.tagName}: ${r.left}..${r.right} outside ${panel.left}..${panel.right}`);
}
return out;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_section_of_the_run_form_fits_the_panel_at_the_default_and_smallest_window() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let app = RunForm::open(&host).await;
    // One row in each row section, so their inputs are measured too.
    for add in ["add-port", "add-mount", "add-env", "add-label"] {
        app.click(&crate::e2e::App::css(add)).await;
    }
    app.wait("[data-testid='env-row']", Duration::from_secs(5))
        .await;
    for (size, (width, height)) in [("default", (1200, 800)), ("smallest", (760, 520))] {
        resize(&app, width, height).await;
        app.wait_gone("[aria-busy='true']", Duration::from_secs(10))
            .await;
        let found = app
            .client()
            .execute(OUTSIDE, vec![])
            .await
            .expect("the layout script runs");
        let outside: Vec<String> = found
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect();
        app.shot(&format!("run-form-{size}")).await;
        assert!(
            outside.is_empty(),
            "at the {size} size these stick out of the run form: {outside:#?}"
        );
    }
    app.close().await;
}
