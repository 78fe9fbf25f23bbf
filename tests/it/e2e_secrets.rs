//! End to end: what a run puts in Tugboat's logs. Environment values are often passwords and
//! tokens; the log file outlives the container, so they must never reach it.

use crate::e2e::{App, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::Duration;

/// Where Tauri puts the app's log files on Linux: `$XDG_DATA_HOME/<identifier>/logs`.
fn app_log_dir() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".local/share")
        });
    data.join("dev.tugboat.desktop/logs")
}

fn log_files_text(dir: &PathBuf) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).expect("the app made its log folder") {
        let path = entry.unwrap().path();
        all.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runs_environment_values_never_reach_the_logs() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let app = RunForm::open(&host).await;
    let name = unique("secret");
    let secret = format!("s3cret-{}", uuid::Uuid::new_v4().simple());

    RunForm::fill(&app, "run-image", &fixture_image()).await;
    RunForm::fill(&app, "run-name", &name).await;
    RunForm::fill(&app, "run-command", "sleep 30").await;
    RunForm::fill(&app, "env-paste", &format!("TUGBOAT_DB_PASSWORD={secret}")).await;
    app.click(&App::css("env-paste-add")).await;
    // The window shows the whole command: it is the user's own screen.
    RunForm::preview_has(&app, &secret).await;
    RunForm::run_and_wait(&app).await;
    let _cleanup = remove_when_done(&cli, &name);
    assert_eq!(
        cli.run(&[
            "inspect",
            "--format",
            "{{range .Config.Env}}{{println .}}{{end}}",
            &name
        ])
        .lines()
        .find(|l| l.starts_with("TUGBOAT_DB_PASSWORD="))
        .unwrap_or_default(),
        format!("TUGBOAT_DB_PASSWORD={secret}"),
        "the container got the real value"
    );

    // The run is logged (so this test is not passing on an empty log)…
    let dir = app_log_dir();
    let logged = eventually(Duration::from_secs(15), "the run in the log file", || {
        let text = log_files_text(&dir);
        let found = text.contains(&format!("--name {name}")).then_some(text);
        async move { found }
    })
    .await;
    assert!(
        logged.contains("TUGBOAT_DB_PASSWORD=***"),
        "the variable's name is logged, its value hidden: {logged}"
    );
    // …and neither the file nor stderr holds the value.
    assert!(!logged.contains(&secret), "the secret is in the log file");
    assert!(
        !app.log_text().contains(&secret),
        "the secret is in the app's stderr"
    );
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "the log folder is private to the user");
    app.close().await;
}
