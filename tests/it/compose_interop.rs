//! Interop with Debian's docker-compose 1.29.2, both ways: a stack made by Tugboat's engine
//! code with the labels and names the compose CLI writes is listed by `docker-compose ps` and
//! stopped and removed by `docker-compose down`; a stack started by `docker-compose up -d`
//! appears in Tugboat's projects and is stopped and downed by Tugboat's code, after which
//! `docker-compose ps` shows nothing.
//!
//! docker-compose 1.29.2 finds a project's containers by the labels `project`, `service` and
//! `oneoff=False` (compose/project.py, `labels_for_project`), and its network by name
//! (`<project>_default`), refusing one whose `com.docker.compose.network` label differs from the
//! key (compose/network.py, `check_remote_network_config`).

use crate::compose_stacks::{all_in, project, CliStack, IDLE};
use crate::support::*;
use tugboat_compose::labels;
use tugboat_engine::compose::actions::ServiceAction;
use tugboat_engine::compose::down::{DownImages, DownOptions};
use tugboat_engine::containers::run::validate_off_runtime;
use tugboat_engine::containers::ContainerState;
use tugboat_runspec::cli::parse_run;
use tugboat_runspec::form::LabelRow;
use tugboat_runspec::network_spec::NetworkCreateForm;

const FILE: &str = r#"
services:
  web:
    image: {image}
    command: {idle}
    labels:
      dev.tugboat.test: "{label}"
  worker:
    image: {image}
    command: {idle}
    labels:
      dev.tugboat.test: "{label}"
"#;

#[tokio::test]
async fn a_stack_made_here_is_listed_stopped_and_removed_by_docker_compose() {
    let (_, cli, test_labels, engine) = TestEngine::start().await.into_parts();
    let stack = CliStack::new("interop-here", &test_labels, FILE);
    let p = stack.project.clone();
    let net = format!("{p}_default");
    let label = |k: &str, v: &str| LabelRow {
        key: k.into(),
        value: v.into(),
    };
    let spec = NetworkCreateForm {
        name: net.clone(),
        labels: vec![
            label(labels::PROJECT, &p),
            label(labels::NETWORK, "default"),
            label(labels::VERSION, labels::VERSION_VALUE),
        ],
        ..Default::default()
    }
    .validate()
    .unwrap();
    engine.network_create(&spec).await.unwrap();
    let folder = stack.folder().display().to_string();
    let file = stack.file();
    let mut ids = Vec::new();
    for service in ["web", "worker"] {
        let name = format!("{p}-{service}-1");
        let mut argv: Vec<String> = ["docker", "run", "-d", "--name", &name, "--network", &net]
            .map(String::from)
            .to_vec();
        argv.extend(["--network-alias".into(), service.into()]);
        for (k, v) in [
            (labels::PROJECT, p.as_str()),
            (labels::SERVICE, service),
            (labels::CONTAINER_NUMBER, "1"),
            (labels::ONEOFF, labels::ONEOFF_FALSE),
            (labels::WORKING_DIR, folder.as_str()),
            (labels::CONFIG_FILES, file.as_str()),
            (labels::VERSION, labels::VERSION_VALUE),
            ("dev.tugboat.test", test_labels.value.as_str()),
        ] {
            argv.push("--label".into());
            argv.push(format!("{k}={v}"));
        }
        argv.push(fixture_image());
        argv.extend(
            serde_json::from_str::<Vec<String>>(IDLE)
                .unwrap()
                .into_iter(),
        );
        let parsed = parse_run(&shell_words::join(&argv));
        assert!(
            parsed.errors.is_empty() && parsed.unsupported.is_empty(),
            "{parsed:?}"
        );
        let spec = validate_off_runtime(parsed.form).await.unwrap();
        let run = engine.run(&spec).await.unwrap();
        assert!(run.started, "{run:?}");
        ids.push(run.id);
    }
    ids.sort();

    let mut listed = stack.ps(None);
    listed
        .iter_mut()
        .for_each(|id| *id = cli.run(&["inspect", "-f", "{{.Id}}", id]));
    listed.sort();
    assert_eq!(listed, ids, "docker-compose ps lists the stack made here");
    let ps = stack.compose(&["ps"]);
    assert!(ps.contains(&format!("{p}-web-1")), "{ps}");

    stack.compose(&["stop", "-t", "5"]);
    for id in &ids {
        assert_eq!(
            cli.run(&["inspect", "-f", "{{.State.Running}}", id]),
            "false"
        );
    }
    stack.compose(&["down"]);
    assert!(stack.ps(None).is_empty());
    let filter = format!("label={}={p}", labels::PROJECT);
    assert!(cli.lines(&["ps", "-aq", "--filter", &filter]).is_empty());
    assert!(
        cli.try_run(&["network", "inspect", &net]).is_err(),
        "the network went too"
    );
}

#[tokio::test]
async fn a_docker_compose_stack_is_stopped_and_downed_here() {
    let (_, cli, test_labels, engine) = TestEngine::start().await.into_parts();
    let stack = CliStack::new(
        "interop-cli",
        &test_labels,
        crate::compose_stacks::TWO_SERVICES,
    );
    stack.compose(&["up", "-d"]);
    let p = stack.project.clone();
    let listed = project(&engine, &p)
        .await
        .expect("Tugboat lists the CLI's stack");
    assert_eq!(listed.total, 2);

    let out = engine
        .compose_service_action(&p, None, ServiceAction::Stop)
        .await
        .unwrap();
    assert!(!out.failed(), "{:?}", out.steps);
    all_in(&engine, &p, "web", ContainerState::Exited).await;
    let ps = stack.compose(&["ps"]);
    assert_eq!(ps.matches("Exit").count(), 2, "{ps}");

    let plan = engine
        .compose_down_preview(
            &p,
            DownOptions {
                volumes: true,
                images: DownImages::None,
            },
        )
        .await
        .unwrap();
    let outcome = engine.compose_down(&plan).await.unwrap();
    assert!(
        outcome.steps.iter().all(|s| s.error.is_none()),
        "{:?}",
        outcome.steps
    );
    assert!(stack.ps(None).is_empty(), "docker-compose ps shows nothing");
    let filter = format!("label={}={p}", labels::PROJECT);
    assert!(cli
        .lines(&["network", "ls", "-q", "--filter", &filter])
        .is_empty());
    assert!(cli
        .lines(&["volume", "ls", "-q", "--filter", &filter])
        .is_empty());
}
