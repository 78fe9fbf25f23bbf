//! Swarm status, init, join lines, nodes and leave through the engine crate, checked against
//! the docker CLI on the private swarm test engine (under a `SwarmLease`).

use tugboat_engine::swarm::nodes::{Availability, NodeChange, NodeRole};
use tugboat_engine::swarm::status::{SwarmInit, SwarmState};
use tugboat_engine::{Engine, EngineError};
use tugboat_testkit::swarm::SwarmLease;

#[tokio::test(flavor = "multi_thread")]
async fn init_join_lines_nodes_and_leave_agree_with_the_cli() {
    let lease = SwarmLease::plain_async().await;
    let engine = Engine::connect(lease.host()).await.unwrap();
    assert_eq!(
        engine.swarm_status().await.unwrap().state,
        SwarmState::Inactive
    );

    let init = SwarmInit {
        advertise_addr: "127.0.0.1".into(),
        listen_addr: None,
        force_new_cluster: false,
    };
    let status = engine.swarm_init(&init).await.unwrap();
    assert_eq!(status.state, SwarmState::Active);
    assert!(status.is_manager);
    assert_eq!(lease.state(), "active", "docker info agrees");

    let again = engine.swarm_init(&init).await.unwrap_err();
    assert!(
        matches!(&again, EngineError::Conflict(m) if m.contains("already part of a swarm")),
        "{again:?}"
    );

    let tokens = engine.swarm_join_tokens().await.unwrap();
    let worker = lease.cli().run(&["swarm", "join-token", "-q", "worker"]);
    let manager = lease.cli().run(&["swarm", "join-token", "-q", "manager"]);
    assert_eq!(
        tokens.worker,
        format!("docker swarm join --token {} 127.0.0.1:2377", worker.trim())
    );
    assert!(tokens.manager.contains(manager.trim()));

    let nodes = engine.node_list().await.unwrap();
    let cli_ids = lease.cli().run(&["node", "ls", "-q"]);
    let ids: Vec<&str> = cli_ids.split_whitespace().collect();
    assert_eq!(nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ids);
    let me = &nodes[0];
    assert!(me.is_self);
    assert_eq!(me.role, NodeRole::Manager);
    let hostname = lease.cli().run(&[
        "node",
        "inspect",
        "--format",
        "{{.Description.Hostname}}",
        &me.id,
    ]);
    assert_eq!(me.hostname, hostname.trim());

    let inspect = |format: &str| {
        lease
            .cli()
            .run(&["node", "inspect", "--format", format, &me.id])
            .trim()
            .to_owned()
    };
    engine
        .node_update(
            &me.id,
            &NodeChange {
                availability: Some(Availability::Drain),
                label_add: vec![("zone".into(), "eu-west".into())],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(inspect("{{.Spec.Availability}}"), "drain");
    assert_eq!(inspect("{{index .Spec.Labels \"zone\"}}"), "eu-west");
    let back = engine
        .node_update(
            &me.id,
            &NodeChange {
                availability: Some(Availability::Active),
                label_remove: vec!["zone".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(back.availability, Availability::Active);
    assert_eq!(inspect("{{.Spec.Availability}}"), "active");
    assert_eq!(inspect("{{len .Spec.Labels}}"), "0");

    let preview = engine.swarm_leave_preview().await.unwrap();
    assert!(preview.last_manager);
    assert_eq!(preview.command, "docker swarm leave --force");
    engine.swarm_leave(true).await.unwrap();
    assert_eq!(
        engine.swarm_status().await.unwrap().state,
        SwarmState::Inactive
    );
    assert_eq!(lease.state(), "inactive");
    let refused = engine.node_list().await.unwrap_err();
    assert!(
        matches!(&refused, EngineError::Api { status: 503, message } if message.contains("not a swarm manager")),
        "{refused:?}"
    );
}
