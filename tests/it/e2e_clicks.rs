//! End to end: every click the rig makes reaches the element it aimed at. Lost clicks came from
//! layout shifts (a form's field errors arriving with its preview, pushing the button down after
//! the click was aimed); `App::click` waits for `aria-busy` to clear and for the element to hold
//! still. Before that, about 1 click in 15 on "Add a port" landed on the error text instead.

use crate::e2e::{App, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_clicks_on_a_button_that_shifts_the_layout_all_reach_it() {
    let _window = ONE_WINDOW.lock().await;
    let app = RunForm::open(&test_host()).await;
    // Counted by the page itself, in the capture phase, before any handler can stop it.
    app.client
        .execute(
            "window.__addPortClicks = 0;
             document.addEventListener('click', (e) => {
               if (e.target.closest('[data-testid=add-port]')) window.__addPortClicks++;
             }, true);",
            vec![],
        )
        .await
        .unwrap();
    // Each click adds a port row whose empty fields get errors a moment later: the layout under
    // the button moves every time.
    for _ in 0..60 {
        app.click(&App::css("add-port")).await;
    }
    let seen = app
        .client
        .execute("return window.__addPortClicks;", vec![])
        .await
        .unwrap();
    let rows = app
        .client
        .execute(
            "return document.querySelectorAll('[data-testid=port-row]').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        seen,
        serde_json::json!(60),
        "clicks that reached the button"
    );
    assert_eq!(rows, serde_json::json!(60), "port rows added");
    app.close().await;
}
