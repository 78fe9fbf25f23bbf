//! "Recreate with changes" against the real engine: the container is swapped for a changed one
//! under the same name with its volumes' data, and any failure puts the old one back.

use crate::support::*;
use std::time::Duration;
use tugboat_engine::{Engine, EngineError};
use tugboat_runspec::{EnvRow, PortRow};

fn inspect(cli: &Cli, name: &str, format: &str) -> String {
    cli.run(&["inspect", "-f", format, name])
}

/// A running container that wrote a file into an anonymous volume.
async fn writer(cli: &Cli, labels: &Labelled, name: &str) -> String {
    // --stop-timeout: the form has no place for it, so the plan must list it as not carried.
    let id = labels.run_detached(
        name,
        &["--stop-timeout", "1", "-v", "/keep", "-e", "FIRST=1"],
        &["sh", "-c", "echo precious > /keep/data; sleep 300"],
    );
    eventually(Duration::from_secs(10), "the file is written", || async {
        (cli.try_run(&["exec", name, "cat", "/keep/data"]).ok()? == "precious").then_some(())
    })
    .await;
    id
}

#[tokio::test]
async fn recreate_swaps_in_the_changed_container_and_keeps_volume_data() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("recreate");
    let old_id = writer(&cli, &labels, &name).await;
    let engine = Engine::connect(&host).await.unwrap();

    let plan = engine.recreate_plan(&name).await.unwrap();
    assert!(plan.running);
    assert_eq!(plan.name, name);
    assert_eq!(plan.refusal, None);
    assert_eq!(plan.not_carried, vec!["--stop-timeout 1"]);
    assert_eq!(
        plan.steps_before.len(),
        2,
        "rename, then stop: {:?}",
        plan.steps_before
    );
    assert!(plan.steps_after[0].starts_with("docker rm "));
    assert!(
        plan.form.env.contains(&EnvRow {
            name: "FIRST".into(),
            value: "1".into()
        }),
        "{:?}",
        plan.form.env
    );
    assert_eq!(plan.form.mounts.len(), 1, "the anonymous volume, by name");
    let volume = plan.form.mounts[0].source.clone();

    let mut form = plan.form.clone();
    form.env.push(EnvRow {
        name: "SECOND".into(),
        value: "2".into(),
    });
    form.ports.push(PortRow {
        container_port: "8080".into(),
        ..Default::default()
    });
    let spec = form.validate().expect("valid");
    let outcome = engine.recreate(&old_id, &spec).await.unwrap();
    assert!(outcome.started);
    assert_eq!(outcome.name, name);
    assert_ne!(outcome.id, old_id);

    assert!(
        cli.try_run(&["inspect", &old_id]).is_err(),
        "the old container is gone"
    );
    assert_eq!(inspect(&cli, &name, "{{.Id}}"), outcome.id);
    let env = inspect(&cli, &name, "{{json .Config.Env}}");
    assert!(env.contains("FIRST=1") && env.contains("SECOND=2"), "{env}");
    assert_eq!(
        inspect(&cli, &name, "{{json .HostConfig.PortBindings}}"),
        r#"{"8080/tcp":[{"HostIp":"","HostPort":""}]}"#
    );
    assert_eq!(cli.run(&["exec", &name, "cat", "/keep/data"]), "precious");
    assert_eq!(
        inspect(&cli, &name, "{{range .Mounts}}{{.Name}}{{end}}"),
        volume
    );
    let parked = cli.run(&[
        "ps",
        "-a",
        "--filter",
        "name=tugboat-old",
        "--format",
        "{{.Names}}",
    ]);
    assert!(
        !parked.contains(&name),
        "no parked container left: {parked}"
    );
    let _ = cli.try_run(&["rm", "-fv", &name]);
}

#[tokio::test]
async fn a_replacement_that_will_not_start_puts_the_old_container_back() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("recreate");
    let old_id = writer(&cli, &labels, &name).await;
    let engine = Engine::connect(&host).await.unwrap();

    let mut form = engine.recreate_plan(&name).await.unwrap().form;
    form.command = "/no/such/program".into();
    let spec = form.validate().expect("valid");
    let err = engine.recreate(&old_id, &spec).await.unwrap_err();
    // The engine's refusal to start a missing program, by kind (400 since Docker 20.10, 500
    // before); that the old container was put back is checked on the engine below.
    assert!(
        matches!(
            err,
            EngineError::InvalidInput(_) | EngineError::Api { status: 500, .. }
        ),
        "{err:?}"
    );

    assert_eq!(
        inspect(&cli, &name, "{{.Id}}"),
        old_id,
        "same name, same container"
    );
    assert_eq!(inspect(&cli, &name, "{{.State.Running}}"), "true");
    assert_eq!(cli.run(&["exec", &name, "cat", "/keep/data"]), "precious");
    let all = cli.run(&[
        "ps",
        "-aq",
        "--no-trunc",
        "--filter",
        &format!("name={name}"),
    ]);
    assert_eq!(all, old_id, "the failed replacement was removed");
}

#[tokio::test]
async fn a_running_rm_container_is_not_recreated() {
    let host = test_host();
    let cli = Cli::new(&host);
    let labels = Labelled::new(&cli);
    let name = unique("recreate");
    let id = cli.run(&[
        "run",
        "-d",
        "--rm",
        "--name",
        &name,
        "--label",
        &labels.label_arg(),
        &fixture_image(),
        "sleep",
        "300",
    ]);
    let engine = Engine::connect(&host).await.unwrap();
    let plan = engine.recreate_plan(&name).await.unwrap();
    assert!(plan.refusal.as_deref().unwrap_or_default().contains("--rm"));
    let spec = plan.form.validate().expect("valid");
    let err = engine.recreate(&id, &spec).await.unwrap_err();
    assert!(matches!(err, EngineError::Conflict(_)), "{err:?}");
    assert_eq!(inspect(&cli, &name, "{{.State.Running}}"), "true");
}
