//! End to end, by keyboard only: Ctrl-K finds a stopped container by name and starts it (the
//! docker command shown first, the engine agreeing after), opens a container's and a volume's
//! details, goes to a view; `?` lists the shortcuts; Alt+digit opens a section; Tab shows
//! where focus is.

use crate::e2e::{App, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use fantoccini::key::Key;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_palette_and_shortcuts_reach_views_objects_and_actions_by_keyboard() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, labels, _) = TestEngine::start().await.into_parts();
    let name = unique("palette");
    let id = labels.create(&name, &[], &["sleep", "300"]);
    // The labelled container and volume go when `labels` is dropped, pass or fail.
    let volume = unique("palette-vol");
    cli.run(&["volume", "create", "--label", &labels.label_arg(), &volume]);

    let app = App::launch(&host).await;
    app.wait(&App::css("home-view"), LIMIT).await;

    // Start a stopped container: the palette shows the command, Enter runs it.
    let start = format!("Start {name}");
    Palette::search(&app, &start).await;
    Palette::choose(&app, &start).await;
    app.wait_text(
        &App::css("palette-command-text"),
        &format!("docker start {name}"),
        LIMIT,
    )
    .await;
    app.shot("palette-start").await;
    Palette::press(&app, &Key::Enter.to_string()).await;
    app.wait_gone(&App::css("palette"), LIMIT).await;
    eventually(LIMIT, "the container runs after Enter", || async {
        (cli.run(&["inspect", "--format", "{{.State.Running}}", &name]) == "true").then_some(())
    })
    .await;

    // Its details, from the palette: the container's own entry.
    Palette::search(&app, &name).await;
    Palette::choose(&app, &name).await;
    Palette::press(&app, &Key::Enter.to_string()).await;
    app.wait(&Containers::inspect_panel(&id), LIMIT).await;
    app.shot("palette-container-details").await;

    // A volume's details, in the Volumes section.
    Palette::search(&app, &volume).await;
    Palette::choose(&app, &volume).await;
    Palette::press(&app, &Key::Enter.to_string()).await;
    app.wait(&App::css("volumes-view"), LIMIT).await;
    app.wait(
        &format!("[data-testid='volume-details'][data-name='{volume}']"),
        LIMIT,
    )
    .await;

    // A view by a fuzzy part of its name.
    Palette::search(&app, "netwo").await;
    Palette::choose(&app, "Networks").await;
    Palette::press(&app, &Key::Enter.to_string()).await;
    app.wait(&App::css("networks-view"), LIMIT).await;

    // Nothing matches: said, not an empty box. Esc closes.
    Palette::search(&app, "qqzzxx-nothing").await;
    app.wait_text(&App::css("palette-empty"), "Nothing is called", LIMIT)
        .await;
    Palette::press(&app, &Key::Escape.to_string()).await;
    app.wait_gone(&App::css("palette"), LIMIT).await;

    // ? lists the shortcuts, Esc closes the sheet.
    app.client()
        .execute("document.activeElement?.blur()", vec![])
        .await
        .unwrap();
    Palette::press(&app, "?").await;
    app.wait(&App::css("shortcuts-sheet"), LIMIT).await;
    for keys in ["Ctrl+K", "Ctrl+E", "Alt+3"] {
        app.wait(
            &format!("[data-testid='shortcut-row'][data-keys='{keys}']"),
            LIMIT,
        )
        .await;
    }
    app.shot("palette-shortcuts").await;
    Palette::press(&app, &Key::Escape.to_string()).await;
    app.wait_gone(&App::css("shortcuts-sheet"), LIMIT).await;

    // Alt+3 opens the third section (Images).
    Palette::press(&app, &format!("{}3{}", Key::Alt, Key::Null)).await;
    app.wait(&App::css("images-view"), LIMIT).await;

    // Tab moves focus, and where it is shows.
    app.client()
        .execute("document.activeElement?.blur()", vec![])
        .await
        .unwrap();
    Palette::press(&app, &Key::Tab.to_string()).await;
    let shown = app
        .client()
        .execute(
            "const e = document.activeElement; \
             return e && e !== document.body && e.matches(':focus-visible') \
               && getComputedStyle(e).outlineStyle !== 'none';",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        shown,
        serde_json::json!(true),
        "the focused control is outlined"
    );
    app.shot("palette-focus").await;
    app.close().await;
}
