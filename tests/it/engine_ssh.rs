//! ssh:// engines: a private sshd on a loopback port (testkit `Sshd`) whose sessions reach the
//! shared test engine. Through it the supervisor connects (Link::Ssh), the containers list
//! equals the CLI's (filtered by this test's label) and an event done during the test arrives;
//! a key the server does not hold and a remote without docker each give their own problem.
//!
//! One test, not several: the ssh config is read from `TUGBOAT_SSH_CONFIG`, one value per
//! process, and each step here points it at its own server's client config.

use crate::support::*;
use std::time::Duration;
use tokio::sync::broadcast;
use tugboat_engine::connection::errors::ConnectProblem;
use tugboat_engine::connection::ssh::{SshProblem, SSH_CONFIG_ENV};
use tugboat_engine::supervisor::{ConnectionState, SupervisorConfig};
use tugboat_engine::{Endpoint, EndpointSource, Engine, EngineEvent, Link};
use tugboat_testkit::sshd::Sshd;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ssh_engine_lists_and_follows_and_its_failures_are_named() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let sshd = Sshd::start(&host);
    std::env::set_var(SSH_CONFIG_ENV, sshd.client_config());

    let handle = spawn_supervisor(SupervisorConfig::new(env_for(&sshd.host())));
    wait_state(&handle, ConnectionState::Connected, Duration::from_secs(20)).await;
    assert_eq!(handle.status().link, Some(Link::Ssh));
    let mut events: broadcast::Receiver<EngineEvent> = handle.subscribe_events();

    let prefix = unique("ssh");
    let mut guards = Vec::new();
    for i in 0..2 {
        let n = format!("{prefix}-{i}");
        labels.create(&n, &[], &["true"]);
        guards.push(remove_when_done(&cli, &n));
    }
    let late = format!("{prefix}-late");
    labels.create(&late, &[], &["sleep", "30"]);
    guards.push(remove_when_done(&cli, &late));
    cli.run(&["start", &late]);
    next_event(
        &mut events,
        Duration::from_secs(15),
        "the start event over ssh",
        |e| e.subject == late && e.action == "start",
    )
    .await;

    let engine = handle.engine().unwrap();
    let (seen, want) = names_both_ways(&engine, &cli, &labels, &prefix).await;
    assert_eq!(want.len(), 3, "{want:?}");
    assert_eq!(seen, want);

    // A key the server does not hold.
    let (problem, err) = Engine::connect_explained(&Endpoint::plain(
        sshd.stranger_host(),
        EndpointSource::UserChoice,
    ))
    .await
    .unwrap_err();
    assert!(
        matches!(
            problem,
            Some(ConnectProblem::Ssh(SshProblem::KeyRefused { .. }))
        ),
        "{problem:?} {err}"
    );
    assert!(err.to_string().contains("authorized_keys"), "{err}");

    // A remote where `docker` is not on the PATH.
    let bare = Sshd::start_with_env(&[("PATH", "/nonexistent")]);
    std::env::set_var(SSH_CONFIG_ENV, bare.client_config());
    let (problem, err) =
        Engine::connect_explained(&Endpoint::plain(bare.host(), EndpointSource::UserChoice))
            .await
            .unwrap_err();
    assert_eq!(
        problem,
        Some(ConnectProblem::Ssh(SshProblem::NoDockerOnRemote)),
        "{err}"
    );
    assert!(err.to_string().contains("no `docker` command"), "{err}");
}
