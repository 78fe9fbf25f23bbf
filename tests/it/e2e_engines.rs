//! End to end, the Engines section through the real window with a DOCKER_CONFIG of the test's
//! own: a context made with the CLI is listed; a unix context to the test engine made in the
//! form shows the `docker context create` line that makes the same context in a terminal, and
//! the CLI lists it; "Use" makes it the CLI's current context (`docker context show`) and the
//! app's; removing it through the dialog (which names what goes and the `rm -f` it needs)
//! leaves the CLI without it.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::path::Path;
use std::process::Command;

/// The docker CLI on `config`, with no DOCKER_HOST/DOCKER_CONTEXT to override the contexts.
fn docker(config: &Path, args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .env("DOCKER_CONFIG", config)
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_CONTEXT")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `docker context inspect NAME`, without the folder-specific paths.
fn inspect(config: &Path, name: &str) -> serde_json::Value {
    let mut v: serde_json::Value =
        serde_json::from_str(&docker(config, &["context", "inspect", name])).unwrap();
    v[0].as_object_mut().unwrap().remove("Storage");
    v
}

fn listed(config: &Path) -> Vec<String> {
    docker(config, &["context", "ls", "--format", "{{.Name}}"])
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contexts_are_made_used_and_removed_through_the_engines_view() {
    let _window = ONE_WINDOW.lock().await;
    let host = TestEngine::start().await.host;
    let socket = host.strip_prefix("unix://").unwrap().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("docker");
    let twin = dir.path().join("twin");
    docker(
        &config,
        &[
            "context",
            "create",
            "cli-made",
            "--description",
            "made in a terminal",
            "--docker",
            "host=tcp://10.255.0.1:2375",
        ],
    );
    let app = Engines::open(&host, &config).await;

    // The CLI's context is listed with its endpoint, and marked unencrypted.
    app.wait_text(
        &Engines::row_part("cli-made", "context-host"),
        "tcp://10.255.0.1:2375",
        LIMIT,
    )
    .await;
    app.wait(&Engines::row_part("cli-made", "context-unencrypted"), LIMIT)
        .await;
    app.wait(&Engines::row_part("default", "context-current"), LIMIT)
        .await;
    app.shot("engines-list").await;

    // A unix context to the test engine, made in the form.
    let name = unique("e2e-ctx");
    app.click(&App::css("engines-new")).await;
    Engines::fill(&app, "context-name", &name).await;
    Engines::fill(&app, "context-description", "made in Tugboat").await;
    app.click(&App::css("context-kind-unix")).await;
    Engines::fill(&app, "context-address", &socket).await;
    let line = app
        .wait_text(
            &App::css("context-command-text"),
            &format!("host=unix://{socket}"),
            LIMIT,
        )
        .await;
    let line = line.trim_start_matches("$ ").trim().to_owned();
    assert!(
        line.starts_with(&format!(
            "docker context create {name} --description 'made in Tugboat' --docker "
        )),
        "{line}"
    );
    app.shot("engines-create").await;
    app.click(&App::css("context-submit")).await;
    app.wait_gone(&App::css("context-dialog"), LIMIT).await;
    app.wait(&Engines::row(&name), LIMIT).await;
    assert!(listed(&config).contains(&name), "{:?}", listed(&config));

    // The line shown makes the same context in a terminal.
    let argv = shell_words::split(&line).unwrap();
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    docker(&twin, &args);
    assert_eq!(inspect(&config, &name), inspect(&twin, &name));
    // And it works: `docker --context NAME` reaches the test engine.
    docker(&config, &["--context", &name, "ps"]);

    // Use: the CLI's current context, and the app is on it.
    app.click(&Engines::row_part(&name, "context-use")).await;
    app.wait(&Engines::row_part(&name, "context-current"), LIMIT)
        .await;
    app.wait(&Engines::row_part(&name, "context-in-use"), LIMIT)
        .await;
    assert_eq!(docker(&config, &["context", "show"]).trim(), name);
    app.wait_text(&App::css("engines-notice"), "docker context use", LIMIT)
        .await;
    app.shot("engines-used").await;

    // Remove through the dialog: it names the store's folder and the forced line.
    app.click(&Engines::row_part(&name, "context-remove")).await;
    app.wait(&App::css("remove-context-current"), LIMIT).await;
    app.wait_text(
        &App::css("remove-context-command-text"),
        &format!("docker context rm -f {name}"),
        LIMIT,
    )
    .await;
    app.wait_text(
        &App::css("remove-context-paths"),
        &format!("{}", config.join("contexts/meta").display()),
        LIMIT,
    )
    .await;
    app.shot("engines-remove").await;
    app.click(&App::css("remove-context-submit")).await;
    app.wait_gone(&Engines::row(&name), LIMIT).await;
    assert!(!listed(&config).contains(&name));
    assert_eq!(docker(&config, &["context", "show"]).trim(), "default");
    assert!(app.page_errors().await.is_empty());

    // At the smallest window nothing is wider than the view, the form included.
    app.client().set_window_size(760, 520).await.unwrap();
    let overflow = r#"
        const v = document.querySelector("[data-testid='engines-view']");
        return v.scrollWidth - v.clientWidth;
    "#;
    let wider = app.client().execute(overflow, vec![]).await.unwrap();
    assert_eq!(
        wider.as_i64(),
        Some(0),
        "the view scrolls sideways at 760x520"
    );
    app.shot("engines-min").await;
    app.click(&App::css("engines-new")).await;
    app.click(&App::css("context-kind-tcp+tls")).await;
    app.wait(&App::css("context-ca-choose"), LIMIT).await;
    app.shot("engines-create-tls-min").await;
    app.close().await;
}
