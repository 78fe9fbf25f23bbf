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
    // --oom-score-adj: the form has no place for it, so the plan must list it as not carried;
    // --stop-timeout the form holds, so it must carry over (and it keeps the stop short).
    let id = labels.run_detached(
        name,
        &[
            "--stop-timeout",
            "1",
            "--oom-score-adj",
            "100",
            "-v",
            "/keep",
            "-e",
            "FIRST=1",
        ],
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
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("recreate");
    let old_id = writer(&cli, &labels, &name).await;

    let plan = engine.recreate_plan(&name).await.unwrap();
    assert!(plan.running);
    assert_eq!(plan.name, name);
    assert_eq!(plan.refusal, None);
    assert_eq!(plan.not_carried, vec!["--oom-score-adj 100"]);
    assert_eq!(plan.form.stop_timeout, "1", "the stop timeout carries over");
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
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("recreate");
    let old_id = writer(&cli, &labels, &name).await;

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
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
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
    let plan = engine.recreate_plan(&name).await.unwrap();
    assert!(plan.refusal.as_deref().unwrap_or_default().contains("--rm"));
    let spec = plan.form.validate().expect("valid");
    let err = engine.recreate(&id, &spec).await.unwrap_err();
    assert!(matches!(err, EngineError::Conflict(_)), "{err:?}");
    assert_eq!(inspect(&cli, &name, "{{.State.Running}}"), "true");
}

/// Removes a network when dropped (after the containers on it: declare it first).
struct RemoveNetwork(Cli, String);
impl Drop for RemoveNetwork {
    fn drop(&mut self) {
        let _ = self.0.try_run(&["network", "rm", &self.1]);
    }
}

/// Whether the `docker run` line of `form` says `flag value`.
fn says(form: &tugboat_runspec::RunForm, flag: &str, value: &str) -> bool {
    form.validate()
        .map(|s| s.argv().windows(2).any(|w| w[0] == flag && w[1] == value))
        .unwrap_or(false)
}

#[tokio::test]
async fn the_plan_lists_each_setting_it_will_not_carry() {
    let host = test_host();
    let cli = Cli::new(&host);
    let network = unique("carrynet");
    cli.run(&["network", "create", &network]);
    let _network = RemoveNetwork(cli.clone(), network.clone());
    let labels = Labelled::new(&cli);
    let name = unique("carry");
    labels.run_detached(
        &name,
        &[
            "--network",
            &network,
            "--network-alias",
            "api",
            "--ulimit",
            "nofile=1024:2048",
            "--log-opt",
            "max-size=1m",
            "--cpu-quota",
            "50000",
            "--cpu-period",
            "100000",
            "--oom-score-adj",
            "100",
            "--memory-swappiness",
            "10",
            "--expose",
            "9999",
        ],
        &["sleep", "300"],
    );
    let engine = Engine::connect(&host).await.unwrap();
    let plan = engine.recreate_plan(&name).await.unwrap();
    let listed = |line: &str| plan.not_carried.iter().any(|l| l == line);
    // Each is listed, or (once the run form holds its flag) in the new container's command:
    // never neither, never both.
    let on_network = |flag: &str| format!("{flag} (network {network})");
    let mut expected = vec!["--memory-swappiness 10".to_owned()];
    for (line, flag, value) in [
        (
            "--ulimit nofile=1024:2048".to_owned(),
            "--ulimit",
            "nofile=1024:2048",
        ),
        (
            "--log-opt max-size=1m".to_owned(),
            "--log-opt",
            "max-size=1m",
        ),
        ("--cpu-quota 50000".to_owned(), "--cpu-quota", "50000"),
        ("--cpu-period 100000".to_owned(), "--cpu-period", "100000"),
        ("--oom-score-adj 100".to_owned(), "--oom-score-adj", "100"),
        ("--expose 9999/tcp".to_owned(), "--expose", "9999/tcp"),
        (on_network("--network-alias api"), "--network-alias", "api"),
    ] {
        let sent =
            says(&plan.form, flag, value) || (flag == "--expose" && says(&plan.form, flag, "9999"));
        expected.push(line.clone());
        assert!(
            listed(&line) != sent,
            "{line}: listed {}, in the command {sent}: {:#?}",
            listed(&line),
            plan.not_carried
        );
    }
    // cgroup v2 has no swappiness: the engine drops it, and then there is nothing to list.
    let swappiness = inspect(&cli, &name, "{{json .HostConfig.MemorySwappiness}}");
    assert_eq!(
        listed("--memory-swappiness 10"),
        swappiness == "10" && !says(&plan.form, "--memory-swappiness", "10"),
        "swappiness {swappiness}: {:#?}",
        plan.not_carried
    );
    // Nothing the engine filled in by itself is listed: only the flags above.
    let unexpected: Vec<_> = plan
        .not_carried
        .iter()
        .filter(|l| !expected.contains(l))
        .collect();
    assert!(
        unexpected.is_empty(),
        "not set by the test: {unexpected:#?}"
    );
}

/// Creates and starts a container through the Engine API itself (with curl), for settings the
/// docker CLI cannot give: an exec-form health check, a MAC address on an engine older than
/// API 1.44. Returns its id.
fn create_through_the_api(host: &str, name: &str, body: serde_json::Value) -> String {
    let socket = host.strip_prefix("unix://").expect("a unix:// test engine");
    let out = std::process::Command::new("curl")
        .args(["-sS", "--fail-with-body", "--unix-socket", socket])
        .args([
            "-H",
            "Content-Type: application/json",
            "-d",
            &body.to_string(),
        ])
        .arg(format!("http://engine/containers/create?name={name}"))
        .output()
        .expect("curl runs");
    let answer = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "create: {answer}");
    let id = serde_json::from_str::<serde_json::Value>(&answer).unwrap()["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    Cli::new(host).run(&["start", &id]);
    id
}

#[tokio::test]
async fn an_exec_form_health_check_stays_exec_form() {
    let (host, cli, labels, engine) = TestEngine::start().await.into_parts();
    let name = unique("health");
    let mac = "02:42:ac:11:00:99";
    let test = serde_json::json!(["CMD", "cat", "/etc/hostname"]);
    let id = create_through_the_api(
        &host,
        &name,
        serde_json::json!({
            "Image": fixture_image(),
            "Cmd": ["sleep", "300"],
            "Labels": {TEST_LABEL: labels.value},
            "MacAddress": mac,
            "Healthcheck": {"Test": test, "Interval": 30_000_000_000i64}
        }),
    );

    let plan = engine.recreate_plan(&name).await.unwrap();
    assert!(plan.form.health_exec);
    assert_eq!(
        plan.not_carried.len(),
        1,
        "only the MAC address: {:#?}",
        plan.not_carried
    );
    assert!(
        plan.not_carried[0].starts_with(&format!("--mac-address {mac}")),
        "{:#?}",
        plan.not_carried
    );
    let mut changed = plan.form.clone();
    changed.env.push(EnvRow {
        name: "AFTER".into(),
        value: "1".into(),
    });
    let outcome = engine
        .recreate(&id, &changed.validate().unwrap())
        .await
        .unwrap();
    assert_ne!(outcome.id, id);
    assert_eq!(
        inspect(&cli, &name, "{{json .Config.Healthcheck.Test}}"),
        test.to_string()
    );
    assert_eq!(
        inspect(&cli, &name, "{{.Config.Healthcheck.Interval}}"),
        "30s"
    );
}
