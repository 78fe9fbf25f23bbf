//! End to end, the Registries section through the real window, the real engine and the real
//! test registry, with the app given a DOCKER_CONFIG of its own: a wrong password is said and
//! nothing is kept; logging in shows the `docker login` line (never the password) and lets the
//! docker CLI with that same config pull; logging out shows `docker logout` and the CLI is
//! refused again, and only Docker Hub is still listed.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::registries::{cli_pull, password, push_fixture, registry, user};
use crate::support::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_and_out_through_the_registries_view() {
    let _window = ONE_WINDOW.lock().await;
    let (host, cli, _labels, _) = TestEngine::start().await.into_parts();
    let reference = push_fixture(&cli, "e2e-reg");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("docker");
    let app = Registries::open(&host, &config).await;
    let reg = registry();

    // Docker Hub is always listed, and nobody is logged in to this config yet.
    app.wait_text(
        &Registries::row_part("docker.io", "registry-state"),
        "Not logged in",
        LIMIT,
    )
    .await;

    app.click(&App::css("registries-login")).await;
    Registries::fill(&app, "login-server", &reg).await;
    Registries::fill(&app, "login-username", &user()).await;
    Registries::fill(&app, "login-password", "not-the-password").await;
    let line = app
        .wait_text(
            &App::css("login-command-text"),
            &format!("docker login {reg} -u {} --password-stdin", user()),
            LIMIT,
        )
        .await;
    assert!(!line.contains("not-the-password"), "{line}");
    app.click(&App::css("login-submit")).await;
    app.wait_text(
        &App::css("login-failed"),
        "refused",
        Duration::from_secs(20),
    )
    .await;
    assert!(
        !config.join("config.json").exists(),
        "nothing kept after a refusal"
    );
    app.shot("registries-login-refused").await;

    Registries::fill(&app, "login-password", &password()).await;
    app.click(&App::css("login-submit")).await;
    app.wait_gone(&App::css("login-dialog"), Duration::from_secs(20))
        .await;
    app.wait_text(
        &Registries::row_part(&reg, "registry-state"),
        &format!("Logged in as {}", user()),
        LIMIT,
    )
    .await;
    app.shot("registries-logged-in").await;
    cli_pull(&cli, &config, None, &reference).unwrap();

    app.click(&Registries::row_part(&reg, "registry-logout"))
        .await;
    app.wait_text(
        &App::css("logout-command-text"),
        &format!("docker logout {reg}"),
        LIMIT,
    )
    .await;
    app.click(&App::css("logout-submit")).await;
    // The CLI's logout forgets the registry with its credentials; Docker Hub stays listed.
    app.wait_gone(&Registries::row(&reg), LIMIT).await;
    app.wait_text(
        &App::css("registries-notice"),
        &format!("Logged out of {reg}"),
        LIMIT,
    )
    .await;
    let refused = cli_pull(&cli, &config, None, &reference).unwrap_err();
    assert!(
        refused.contains("unauthorized") || refused.contains("credentials"),
        "{refused}"
    );
    assert!(app.page_errors().await.is_empty());

    // At the smallest window nothing in the view is wider than the view (no text cut off or
    // scrolled sideways), the log in dialog included.
    app.client().set_window_size(760, 520).await.unwrap();
    let overflow = r#"
        const v = document.querySelector("[data-testid='registries-view']");
        return v.scrollWidth - v.clientWidth;
    "#;
    let wider = app.client().execute(overflow, vec![]).await.unwrap();
    assert_eq!(
        wider.as_i64(),
        Some(0),
        "the view scrolls sideways at 760x520"
    );
    app.shot("registries-min").await;
    app.click(&App::css("registries-login")).await;
    app.wait(&App::css("login-dialog"), LIMIT).await;
    app.shot("registries-login-min").await;
    app.close().await;
}
