//! End to end, settings that stay: the theme chosen in Settings colours the window at once and
//! after a restart, the app starts on the section shown last, lists open with the filters they
//! were left with, and the window opens at the size it was left at; all are in settings.json.

use crate::e2e::{App, ONE_WINDOW};
use crate::e2e_layout::resize;
use crate::support::*;
use std::ffi::OsStr;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(30);

/// The page's background colour and the theme <html> says it shows.
async fn colours(app: &App) -> (String, String) {
    let got = app
        .client()
        .execute(
            "return [getComputedStyle(document.body).backgroundColor, \
                     document.documentElement.dataset.theme || ''];",
            vec![],
        )
        .await
        .unwrap();
    (
        got[0].as_str().unwrap_or_default().to_owned(),
        got[1].as_str().unwrap_or_default().to_owned(),
    )
}

/// What a filter box holds once the kept filter has arrived (it comes a moment after the list).
async fn filter_text(app: &App, testid: &str) -> String {
    let field = app.wait(&App::css(testid), LIMIT).await;
    eventually(LIMIT, testid, || async {
        let value = field.prop("value").await.ok()??;
        (!value.is_empty()).then_some(value)
    })
    .await
}

/// Whether a check box is ticked, as "true" or "false".
async fn checked(app: &App, testid: &str) -> String {
    let field = app.wait(&App::css(testid), LIMIT).await;
    field.prop("checked").await.unwrap().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theme_the_last_section_the_list_filters_and_the_window_size_survive_a_restart() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let config = tempfile::tempdir().unwrap();
    let env: [(&str, &OsStr); 1] = [("TUGBOAT_CONFIG_DIR", config.path().as_os_str())];

    let app = App::launch_with_env(&host, &env).await;
    app.wait(&App::css("home-view"), LIMIT).await;
    let (light_bg, shown) = colours(&app).await;
    assert_eq!(shown, "light", "Xvfb's GTK asks for no dark theme");
    // The containers list left filtered on running ones whose name holds "web".
    app.click(&App::css("nav-containers")).await;
    app.type_into("container-filter", "web").await;
    app.click(&App::css("show-all")).await;
    app.click(&App::css("nav-settings")).await;
    app.wait(&App::css("settings-view"), LIMIT).await;
    let path = app.text("settings-path").await;
    assert_eq!(
        std::path::Path::new(&path),
        config.path().join("settings.json")
    );
    // Tugboat's own memory, the backend's heap apart from the rest.
    let bytes = |testid: &'static str| {
        let app = &app;
        async move {
            let e = app.wait(&App::css(testid), LIMIT).await;
            let v = e.attr("data-bytes").await.unwrap().unwrap_or_default();
            v.parse::<f64>()
                .unwrap_or_else(|_| panic!("{testid} shows {v:?}"))
        }
    };
    let (heap, process, whole) = (
        bytes("memory-backend").await,
        bytes("memory-process").await,
        bytes("memory-whole").await,
    );
    assert!(
        heap > 100e3 && heap < process,
        "the backend's heap ({heap} B) is some of the window process ({process} B)"
    );
    assert!(
        whole > heap,
        "the whole app ({whole} B) holds the backend's heap"
    );
    app.wait_text(&App::css("memory-whole"), "processes", LIMIT)
        .await;
    app.click(&App::css("theme-dark")).await;
    app.wait_text(&App::css("theme-shown"), "dark", LIMIT).await;
    let (dark_bg, shown) = colours(&app).await;
    assert_eq!(shown, "dark");
    assert_eq!(dark_bg, "rgb(21, 24, 28)", "the dark background is painted");
    assert_ne!(dark_bg, light_bg);
    app.shot("settings-dark").await;
    app.click(&App::css("nav-volumes")).await;
    app.wait(&App::css("volumes-view"), LIMIT).await;
    app.type_into("volume-filter", "cache").await;
    app.click(&App::css("volume-unused-only")).await;
    resize(&app, 1000, 700).await;
    app.shot("settings-dark-volumes").await;

    // What was kept, as the file says it.
    let kept = eventually(
        LIMIT,
        "settings.json names the theme, the view, the filters and the size",
        || async {
            let text = std::fs::read_to_string(config.path().join("settings.json")).ok()?;
            let v: serde_json::Value = serde_json::from_str(&text).ok()?;
            (v["theme"] == "dark"
                && v["lastView"] == "volumes"
                && v["lists"]["containers"]
                    == serde_json::json!({"filter": "web", "toggles": {"showAll": false, "groupByProject": true}})
                && v["lists"]["volumes"]
                    == serde_json::json!({"filter": "cache", "toggles": {"unusedOnly": true}})
                && v["window"]["width"] == 1000.0
                && v["window"]["height"] == 700.0)
                .then_some(v)
        },
    )
    .await;
    assert_eq!(kept["version"], 1);
    app.close().await;

    // A new start: dark from the first look, on Volumes filtered as it was left, at the size
    // it was left at.
    let app = App::launch_with_env(&host, &env).await;
    app.wait(&App::css("volumes-view"), LIMIT).await;
    assert_eq!(filter_text(&app, "volume-filter").await, "cache");
    assert_eq!(
        checked(&app, "volume-unused-only").await,
        "true",
        "unused ones only"
    );
    let (bg, shown) = colours(&app).await;
    assert_eq!((bg.as_str(), shown.as_str()), ("rgb(21, 24, 28)", "dark"));
    let size = app
        .client()
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .unwrap();
    assert_eq!(
        size,
        serde_json::json!([1000, 700]),
        "the window's kept size"
    );

    app.click(&App::css("nav-containers")).await;
    assert_eq!(filter_text(&app, "container-filter").await, "web");
    assert_eq!(
        checked(&app, "show-all").await,
        "false",
        "running ones only"
    );

    // Back to the system's theme.
    app.click(&App::css("nav-settings")).await;
    app.click(&App::css("theme-system")).await;
    app.wait_text(&App::css("theme-shown"), "light", LIMIT)
        .await;
    assert_eq!(colours(&app).await, (light_bg, "light".to_owned()));
    app.close().await;
}
