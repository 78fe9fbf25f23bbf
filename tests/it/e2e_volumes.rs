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
