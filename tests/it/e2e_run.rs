//! End to end, the run form: the real window, the real engine, checked with the CLI and by
//! talking to what was started.

use crate::e2e::{free_port, App, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    Some(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn busybox_httpd_run_from_the_form_serves_a_page_on_the_published_port() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let app = RunForm::open(&host).await;
    let name = unique("web");
    let port = free_port();

    RunForm::fill(&app, "run-image", &fixture_image()).await;
    RunForm::fill(&app, "run-name", &name).await;
    RunForm::fill(&app, "run-command", "httpd -f -p 80 -h /etc").await;
    app.click(&App::css("add-port")).await;
    RunForm::fill(&app, "port-host", &port.to_string()).await;
    RunForm::fill(&app, "port-container", "80").await;
    let line = RunForm::preview_has(&app, &format!("-p {port}:80")).await;
    assert!(line.contains(&format!("--name {name}")), "{line}");
    let (id, shown_name) = RunForm::run_and_wait(&app).await;
    assert_eq!(shown_name, name);
    let _cleanup = remove_when_done(&cli, &name);

    let start = Instant::now();
    let page = loop {
        if let Some(p) = http_get(port, "/hostname") {
            if p.contains("200 OK") {
                break p;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no page on port {port}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        page.contains(&id[..12]),
        "the page came from the container: {page}"
    );
    app.shot("run-form-httpd").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_named_volume_keeps_data_after_its_container_is_removed() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let volume = unique("keep");
    let app = RunForm::open(&host).await;
    let name = unique("writer");
    RunForm::fill(&app, "run-image", &fixture_image()).await;
    RunForm::fill(&app, "run-name", &name).await;
    RunForm::fill(
        &app,
        "run-command",
        "sh -c 'echo kept > /data/greeting && sleep 300'",
    )
    .await;
    app.click_expecting(&App::css("add-mount"), &App::css("mount-kind"))
        .await;
    RunForm::fill(&app, "mount-source", &volume).await;
    RunForm::fill(&app, "mount-target", "/data").await;
    RunForm::preview_has(&app, &format!("-v {volume}:/data")).await;
    RunForm::run_and_wait(&app).await;
    let start = Instant::now();
    while cli
        .try_run(&["exec", &name, "cat", "/data/greeting"])
        .as_deref()
        != Ok("kept")
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the file was never written"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    cli.run(&["rm", "-f", &name]);
    // A new container with the same volume finds the data.
    let read = cli.run(&[
        "run",
        "--rm",
        "-v",
        &format!("{volume}:/data"),
        &fixture_image(),
        "cat",
        "/data/greeting",
    ]);
    assert_eq!(read, "kept");
    cli.run(&["volume", "rm", &volume]);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_memory_limit_from_the_form_is_in_inspect_and_the_cgroup() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let app = RunForm::open(&host).await;
    let name = unique("mem");
    RunForm::fill(&app, "run-image", &fixture_image()).await;
    RunForm::fill(&app, "run-name", &name).await;
    RunForm::fill(&app, "run-command", "sleep 300").await;

    // Below the engine's minimum: the field says so and nothing can run.
    RunForm::fill(&app, "run-memory", "4m").await;
    let err = app
        .wait_text(
            &RunForm::field_error("memory"),
            "minimum of 6 MB",
            Duration::from_secs(5),
        )
        .await;
    assert!(err.contains("4m"), "{err}");
    let submit = app
        .wait(&App::css("run-submit"), Duration::from_secs(2))
        .await;
    assert!(
        !submit.is_enabled().await.unwrap(),
        "Run is disabled while a field is wrong"
    );
    app.shot("run-form-error").await;

    RunForm::fill(&app, "run-memory", "48m").await;
    RunForm::preview_has(&app, "-m 48m").await;
    RunForm::run_and_wait(&app).await;
    let _cleanup = remove_when_done(&cli, &name);
    let want = (48 * 1024 * 1024).to_string();
    assert_eq!(
        cli.run(&["inspect", "-f", "{{.HostConfig.Memory}}", &name]),
        want
    );
    let inside = cli.run(&[
        "exec", &name, "sh", "-c",
        "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]);
    assert_eq!(inside, want);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_docker_run_fills_the_form_and_names_what_it_left_out() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let app = RunForm::open(&host).await;
    app.click("[data-testid='run-form'] details.paste summary")
        .await;
    // As copied from a tutorial: the prompt, sudo, and Docker's own `-dp`.
    RunForm::fill(
        &app,
        "run-paste",
        "$ sudo docker run -dp 8080:80 --name pasted-web --privileged --read-only \
         --cap-add NET_ADMIN --oom-kill-disable -e GREETING=hi busybox:1 httpd -f",
    )
    .await;
    app.click(&App::css("run-paste-fill")).await;
    let left_out = app
        .wait_text(
            &App::css("paste-unsupported"),
            "--oom-kill-disable",
            Duration::from_secs(5),
        )
        .await;
    for held in ["8080", "--privileged", "--read-only", "NET_ADMIN"] {
        assert!(
            !left_out.contains(held),
            "flags the form holds are not listed: {left_out}"
        );
    }
    let name = app
        .wait(&App::css("run-name"), Duration::from_secs(2))
        .await;
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("pasted-web")
    );
    let line = RunForm::preview_has(&app, "-p 8080:80").await;
    assert!(
        line.contains("GREETING=hi")
            && line.contains("--cap-add CAP_NET_ADMIN")
            && line.contains("--read-only")
            && line.contains("--privileged")
            && line.ends_with("busybox:1 httpd -f"),
        "{line}"
    );
    // The advanced section opened by itself, holds what was pasted, and warns in plain words
    // what --privileged gives away.
    let privileged = app
        .wait(&App::css("run-privileged"), Duration::from_secs(2))
        .await;
    assert!(privileged.is_displayed().await.unwrap());
    assert_eq!(
        privileged.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    let cap = app
        .wait(&App::css("run-capAdd-value"), Duration::from_secs(2))
        .await;
    assert_eq!(
        cap.prop("value").await.unwrap().as_deref(),
        Some("NET_ADMIN")
    );
    let warning = app
        .wait_text(
            &RunForm::field_warning("privileged"),
            "take over the host",
            Duration::from_secs(5),
        )
        .await;
    assert!(warning.contains("every device"), "{warning}");

    // A wrong value is refused on its own field, with what would be valid.
    RunForm::fill(&app, "run-capAdd-value", "NET_ADMN").await;
    let err = app
        .wait_text(
            &RunForm::field_error("capAdd[0]"),
            "not a Linux capability",
            Duration::from_secs(5),
        )
        .await;
    assert!(err.contains("NET_ADMIN"), "{err}");
    app.shot("run-form-advanced").await;
    app.close().await;
}
