//! End to end, engines beyond this machine: the app started on a TLS engine (DOCKER_HOST,
//! DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) shows that engine's containers and its address, with no
//! unencrypted warning; started on a plain tcp:// engine it shows the warning and keeps it;
//! started on an ssh:// engine (a private sshd, TUGBOAT_SSH_CONFIG) it lists its containers.

use crate::e2e::{App, LIMIT, ONE_WINDOW};
use crate::pages::*;
use crate::support::*;
use std::time::Duration;
use tugboat_testkit::slow::TcpBridge;
use tugboat_testkit::tls::{free_port, Certs};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_on_a_tls_engine_shows_its_containers_and_its_address() {
    let _window = ONE_WINDOW.lock().await;
    let certs = Certs::make();
    let port = free_port();
    let daemon = PrivateDaemon::start_with_args(certs.dockerd_args(port));
    daemon.load_fixture();
    let cli = daemon.cli();
    let name = unique("tls-e2e");
    cli.run(&["create", "--name", &name, &fixture_image(), "true"]);
    let host = format!("tcp://127.0.0.1:{port}");
    let cert_path = certs.cert_path("ca");
    // An empty DOCKER_CONFIG of the test's own: the user's ~/.docker is never read.
    let config = tempfile::tempdir().unwrap();
    let app = App::launch_with_env(
        &host,
        &[
            ("DOCKER_TLS_VERIFY", "1".as_ref()),
            ("DOCKER_CERT_PATH", cert_path.as_os_str()),
            ("DOCKER_CONFIG", config.path().as_os_str()),
        ],
    )
    .await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.wait(
        "[data-testid='engine-state'][data-state='connected']",
        LIMIT,
    )
    .await;
    app.wait_text(&App::css("engine-endpoint"), &host, LIMIT)
        .await;
    assert!(
        app.find(&App::css("unencrypted-engine-warning"))
            .await
            .is_none(),
        "a TLS engine is not unencrypted"
    );
    app.shot("engine-remote-tls-home").await;
    app.click(&App::css("nav-containers")).await;
    app.wait(&App::css("containers-view"), LIMIT).await;
    app.wait(&Row::named(&name).css(), LIMIT).await;
    app.shot("engine-remote-tls-containers").await;
    app.close().await;
    cli.run(&["rm", "-f", &name]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_on_a_plain_tcp_engine_warns_and_keeps_warning() {
    let _window = ONE_WINDOW.lock().await;
    let bridge = TcpBridge::start(&test_host(), Duration::ZERO);
    let config = tempfile::tempdir().unwrap();
    let app = App::launch_with_env(
        &bridge.host(),
        &[("DOCKER_CONFIG", config.path().as_os_str())],
    )
    .await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    let warning = app
        .wait_text(
            &App::css("unencrypted-engine-warning"),
            &bridge.host(),
            LIMIT,
        )
        .await;
    assert!(warning.contains("2376"), "{warning}");
    // Still there in another section: the warning is not a one-off toast.
    app.click(&App::css("nav-containers")).await;
    app.wait(&App::css("containers-view"), LIMIT).await;
    app.wait(&App::css("unencrypted-engine-warning"), LIMIT)
        .await;
    app.shot("engine-remote-plain-tcp").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_on_an_ssh_engine_lists_its_containers() {
    let _window = ONE_WINDOW.lock().await;
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("ssh-e2e");
    labels.create(&name, &[], &["true"]);
    let _gone = remove_when_done(&cli, &name);
    let sshd = tugboat_testkit::sshd::Sshd::start(&host);
    let ssh_config = sshd.client_config();
    let config = tempfile::tempdir().unwrap();
    let app = App::launch_with_env(
        &sshd.host(),
        &[
            ("TUGBOAT_SSH_CONFIG", ssh_config.as_os_str()),
            ("DOCKER_CONFIG", config.path().as_os_str()),
        ],
    )
    .await;
    app.wait(&App::css("home-view"), Duration::from_secs(30))
        .await;
    app.wait(
        "[data-testid='engine-state'][data-state='connected']",
        LIMIT,
    )
    .await;
    app.wait_text(&App::css("engine-endpoint"), &sshd.host(), LIMIT)
        .await;
    assert!(
        app.find(&App::css("unencrypted-engine-warning"))
            .await
            .is_none(),
        "an ssh engine is not unencrypted"
    );
    app.click(&App::css("nav-containers")).await;
    app.wait(&App::css("containers-view"), LIMIT).await;
    app.wait(&Row::named(&name).css(), LIMIT).await;
    app.shot("engine-remote-ssh-containers").await;
    app.close().await;
}
