//! Swarm services against the swarm test engine (a single-node swarm per test, through a
//! `SwarmLease`): what the app does is what `docker service ps/inspect` report — scaling
//! 1 → 3 → 1, an update rolling the tasks over with every replaced task seen in its progress,
//! rollback restoring the spec, published ports in both modes, a secret inside a task, logs
//! with their task, remove with its preview, and refusals naming the field.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tugboat_engine::swarm::service_logs::ServiceLogsRequest;
use tugboat_engine::swarm::services::ServiceUpdateEvent;
use tugboat_engine::{Engine, EngineError};
use tugboat_runspec::service_spec::{
    ObjectRef, PublishMode, ServiceForm, ServiceMode, ServicePortForm, UpdatePolicy,
};
use tugboat_testkit::swarm::SwarmLease;

/// A task that stops at once when asked (a plain `sleep` would wait out the stop timeout).
fn idle_command(before: &str) -> Vec<String> {
    vec![
        "sh".into(),
        "-c".into(),
        format!("{before} trap 'exit 0' TERM; while :; do sleep 1; done"),
    ]
}

fn form(name: &str, replicas: u32) -> ServiceForm {
    let quick = UpdatePolicy {
        monitor_ns: 1_000_000_000,
        ..UpdatePolicy::default()
    };
    ServiceForm {
        name: name.into(),
        image: fixture_image(),
        command: Some(idle_command("")),
        mode: ServiceMode::Replicated { replicas },
        env: vec![("GREETING".into(), "one".into())],
        update: quick,
        rollback: quick,
        ..ServiceForm::default()
    }
}

async fn engine(lease: &SwarmLease) -> Engine {
    Engine::connect(lease.host()).await.expect("connect")
}

/// `docker service ps --filter desired-state=running -q NAME` with each task running, and
/// the app's own view of the same, until both say `n` (30 s at most).
async fn converge(engine: &Engine, cli: &Cli, name: &str, id: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let cli_tasks = cli.lines(&[
            "service",
            "ps",
            "--filter",
            "desired-state=running",
            "--format",
            "{{.ID}} {{.CurrentState}}",
            name,
        ]);
        let cli_running = cli_tasks
            .iter()
            .filter(|l| l.split_whitespace().nth(1) == Some("Running"))
            .count();
        let ours = engine.service_tasks(Some(id), false).await.unwrap();
        let our_running = ours.iter().filter(|t| t.state == "running").count();
        let row = engine
            .services()
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap();
        if cli_tasks.len() == n
            && cli_running == n
            && our_running == n
            && ours.len() == n
            && row.running == n as u32
        {
            assert_eq!(row.desired, Some(n as u32));
            // The app's task ids are the CLI's.
            let cli_ids: BTreeSet<String> = cli
                .lines(&[
                    "service",
                    "ps",
                    "--filter",
                    "desired-state=running",
                    "-q",
                    "--no-trunc",
                    name,
                ])
                .into_iter()
                .collect();
            let our_ids: BTreeSet<String> = ours.into_iter().map(|t| t.id).collect();
            assert_eq!(our_ids, cli_ids);
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{name} did not converge on {n} running tasks: the CLI says {cli_tasks:?}, the app {our_running}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test]
async fn a_service_scales_one_three_one_and_docker_service_ps_agrees() {
    let lease = SwarmLease::single_node_async().await;
    let engine = engine(&lease).await;
    let name = unique("svc-scale");
    let spec = form(&name, 1).validate().unwrap();
    let created = engine.service_create(&spec, None).await.unwrap();
    assert!(
        created.command.starts_with(&format!(
            "docker service create --name {name} --env 'GREETING=one' --update-monitor 1s --rollback-monitor 1s tugboat-fixture/busybox:1 sh -c"
        )),
        "{}",
        created.command
    );
    converge(&engine, lease.cli(), &name, &created.id, 1).await;
    for n in [3u32, 1] {
        let out = engine.service_scale(&created.id, n).await.unwrap();
        assert_eq!(out.command, format!("docker service scale '{name}={n}'"));
        converge(&engine, lease.cli(), &name, &created.id, n as usize).await;
    }
    let listed = engine.services().await.unwrap();
    let row = listed.iter().find(|r| r.id == created.id).unwrap();
    assert_eq!((row.running, row.desired), (1, Some(1)));
    assert_eq!(row.image, fixture_image());
}

fn spec_env(cli: &Cli, name: &str) -> Value {
    let text = cli.run(&[
        "service",
        "inspect",
        "--format",
        "{{json .Spec.TaskTemplate.ContainerSpec.Env}}",
        name,
    ]);
    serde_json::from_str(text.trim()).unwrap()
}

#[tokio::test]
async fn an_update_rolls_the_tasks_over_and_rollback_restores_the_spec() {
    let lease = SwarmLease::single_node_async().await;
    let engine = engine(&lease).await;
    let cli = lease.cli();
    let name = unique("svc-roll");
    let created = engine
        .service_create(&form(&name, 2).validate().unwrap(), None)
        .await
        .unwrap();
    converge(&engine, cli, &name, &created.id, 2).await;
    let old: BTreeSet<String> = engine
        .service_tasks(Some(&created.id), false)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    let before = engine.service(&created.id).await.unwrap();
    assert!(
        !before.can_rollback,
        "a new service has nothing to roll back to"
    );

    let mut changed = before.form.clone();
    changed.env = vec![("GREETING".into(), "two".into())];
    changed.command = Some(idle_command("echo two;"));
    let rollout = engine
        .service_update(&created.id, &changed.validate().unwrap(), None)
        .await
        .unwrap();
    // Only what changed, as a person would type it.
    assert!(
        rollout
            .command
            .starts_with("docker service update --env-add 'GREETING=two' --args "),
        "{}",
        rollout.command
    );
    assert!(rollout.command.ends_with(&format!(" {name}")));
    let mut events: Vec<ServiceUpdateEvent> = Vec::new();
    let end = tokio::time::timeout(
        Duration::from_secs(60),
        engine.watch_rollout(&rollout, &CancellationToken::new(), |e| {
            events.push(e);
            true
        }),
    )
    .await
    .expect("the update ended within 60 s")
    .unwrap();
    assert_eq!(end.state.as_deref(), Some("completed"), "{end:?}");
    assert!(!end.stopped_watching);

    let now: Vec<_> = engine.service_tasks(Some(&created.id), true).await.unwrap();
    let new_running: BTreeSet<String> = now
        .iter()
        .filter(|t| t.desired_state == "running" && t.state == "running")
        .map(|t| t.id.clone())
        .collect();
    assert_eq!(new_running.len(), 2);
    assert!(new_running.is_disjoint(&old), "every task was replaced");
    for t in now.iter().filter(|t| old.contains(&t.id)) {
        assert_eq!(t.desired_state, "shutdown", "old task {t:?}");
    }
    // The progress saw each new task running and each old one told to shut down.
    let seen_running: BTreeSet<String> = events
        .iter()
        .flat_map(|e| e.tasks.iter())
        .filter(|t| t.state == "running" && t.desired_state == "running")
        .map(|t| t.id.clone())
        .collect();
    assert!(new_running.is_subset(&seen_running), "{events:?}");
    let seen_shutdown: BTreeSet<String> = events
        .iter()
        .flat_map(|e| e.tasks.iter())
        .filter(|t| t.desired_state == "shutdown")
        .map(|t| t.id.clone())
        .collect();
    assert_eq!(seen_shutdown, old);
    assert!(events
        .iter()
        .any(|e| e.state.as_deref() == Some("updating")));
    let last = events.last().unwrap();
    assert_eq!((last.replaced, last.total), (2, 2));
    assert_eq!(spec_env(cli, &name), serde_json::json!(["GREETING=two"]));

    // Rollback: the previous spec comes back.
    assert!(engine.service(&created.id).await.unwrap().can_rollback);
    let back = engine.service_rollback(&created.id).await.unwrap();
    assert_eq!(back.command, format!("docker service rollback {name}"));
    let end = tokio::time::timeout(
        Duration::from_secs(60),
        engine.watch_rollout(&back, &CancellationToken::new(), |_| true),
    )
    .await
    .expect("the rollback ended within 60 s")
    .unwrap();
    assert_eq!(end.state.as_deref(), Some("rollback_completed"), "{end:?}");
    assert_eq!(spec_env(cli, &name), serde_json::json!(["GREETING=one"]));
    assert_eq!(
        engine.service(&created.id).await.unwrap().form.command,
        Some(idle_command(""))
    );
}

#[tokio::test]
async fn published_ports_in_both_modes_a_secret_and_remove_are_what_the_engine_has() {
    let lease = SwarmLease::single_node_async().await;
    let engine = engine(&lease).await;
    let cli = lease.cli();
    let name = unique("svc-ports");
    let secret = unique("svc-secret");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf 'tide-42' | docker secret create {secret} -"
        ))
        .env("DOCKER_HOST", lease.host())
        .status()
        .unwrap();
    assert!(status.success());

    let mut f = form(&name, 1);
    f.ports = vec![
        ServicePortForm {
            published: Some(18480),
            target: 80,
            protocol: "tcp".into(),
            mode: PublishMode::Ingress,
        },
        ServicePortForm {
            published: Some(18481),
            target: 81,
            protocol: "udp".into(),
            mode: PublishMode::Host,
        },
    ];
    f.secrets = vec![ObjectRef {
        source: secret.clone(),
        target: None,
    }];
    let created = engine
        .service_create(&f.validate().unwrap(), None)
        .await
        .unwrap();
    assert!(
        created.command.contains(
            "--publish 'published=18480,target=80' --publish 'published=18481,target=81,protocol=udp,mode=host'"
        ),
        "{}",
        created.command
    );
    converge(&engine, cli, &name, &created.id, 1).await;

    let ports: Value = serde_json::from_str(
        cli.run(&[
            "service",
            "inspect",
            "--format",
            "{{json .Endpoint.Ports}}",
            &name,
        ])
        .trim(),
    )
    .unwrap();
    let mut cli_ports: Vec<(u64, u64, String, String)> = ports
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["PublishedPort"].as_u64().unwrap(),
                p["TargetPort"].as_u64().unwrap(),
                p["Protocol"].as_str().unwrap().to_owned(),
                p["PublishMode"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    cli_ports.sort();
    assert_eq!(
        cli_ports,
        [
            (18480, 80, "tcp".into(), "ingress".into()),
            (18481, 81, "udp".into(), "host".into())
        ]
    );
    let detail = engine.service(&created.id).await.unwrap();
    let mut ours: Vec<(u64, u64, String, String)> = detail
        .row
        .ports
        .iter()
        .map(|p| {
            (
                u64::from(p.published.unwrap()),
                u64::from(p.target),
                p.protocol.clone(),
                p.mode.as_str().to_owned(),
            )
        })
        .collect();
    ours.sort();
    assert_eq!(ours, cli_ports);
    assert_eq!(detail.form.ports, f.ports);

    // The secret is inside the task.
    let task = engine
        .service_tasks(Some(&created.id), false)
        .await
        .unwrap()
        .remove(0);
    let container = task.container_id.unwrap();
    let seen = cli.run(&["exec", &container, "cat", &format!("/run/secrets/{secret}")]);
    assert_eq!(seen, "tide-42");
    assert_eq!(detail.form.secrets, f.secrets);

    // Remove: the preview lists the tasks `docker service ps` has; then the service is gone.
    let preview = engine.service_remove_preview(&created.id).await.unwrap();
    assert_eq!(preview.command, format!("docker service rm {name}"));
    let cli_ids: BTreeSet<String> = cli
        .lines(&["service", "ps", "-q", "--no-trunc", &name])
        .into_iter()
        .collect();
    let preview_ids: BTreeSet<String> = preview.tasks.iter().map(|t| t.id.clone()).collect();
    assert_eq!(preview_ids, cli_ids);
    engine.service_remove(&created.id).await.unwrap();
    assert!(cli
        .lines(&["service", "ls", "-q", "--filter", &format!("name={name}")])
        .is_empty());
    assert!(matches!(
        engine.service(&created.id).await,
        Err(EngineError::NotFound(_))
    ));
}

#[tokio::test]
async fn service_logs_carry_each_tasks_lines_and_bad_forms_name_the_field() {
    let lease = SwarmLease::single_node_async().await;
    let engine = engine(&lease).await;
    let cli = lease.cli();
    let name = unique("svc-logs");
    let mut f = form(&name, 2);
    f.command = Some(idle_command("echo hello from slot $SLOT;"));
    f.env = vec![("SLOT".into(), "{{.Task.Slot}}".into())];
    let created = engine
        .service_create(&f.validate().unwrap(), None)
        .await
        .unwrap();
    converge(&engine, cli, &name, &created.id, 2).await;

    let sources = engine.service_log_sources(&created.id).await.unwrap();
    assert_eq!(sources.len(), 2);
    let request = ServiceLogsRequest {
        id: created.id.clone(),
        tail: None,
        since: None,
        follow: false,
        timestamps: false,
    };
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    // A task's first line can reach its log a moment after it is running.
    while lines.len() < 2 {
        lines.clear();
        engine
            .follow_service_logs(
                &request,
                sources.iter().map(|s| s.id.clone()).collect(),
                &CancellationToken::new(),
                |b| {
                    lines.extend(b.lines);
                    true
                },
            )
            .await
            .unwrap();
        assert!(Instant::now() < deadline, "no logs: {lines:?}");
    }
    let mut by_task: Vec<(String, String)> = lines
        .iter()
        .map(|l| (sources[usize::from(l.source)].name.clone(), l.text.clone()))
        .collect();
    by_task.sort();
    assert_eq!(by_task.len(), 2, "{by_task:?}");
    for (i, (task, text)) in by_task.iter().enumerate() {
        let slot = i + 1;
        assert!(task.starts_with(&format!("{name}.{slot}.")), "{task}");
        assert_eq!(text, &format!("hello from slot {slot}"));
    }

    // A secret the swarm does not have is refused on its field, before anything is made.
    let mut bad = form(&unique("svc-bad"), 1);
    bad.secrets = vec![ObjectRef {
        source: "no-such-secret".into(),
        target: None,
    }];
    match engine.service_create(&bad.validate().unwrap(), None).await {
        Err(EngineError::InvalidInput(m)) => {
            assert!(m.starts_with("secrets[0].source:"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    // A name in use is a conflict that says so.
    match engine
        .service_create(&form(&name, 1).validate().unwrap(), None)
        .await
    {
        Err(EngineError::Conflict(m)) => assert!(m.contains("choose another name"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        cli.lines(&["service", "ls", "-q"]).len(),
        1,
        "nothing else was created"
    );
}
