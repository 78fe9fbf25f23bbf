//! Stacks against a real single-node swarm (the swarm test engine, one lease per test): a stack
//! deployed by the engine crate is what `docker stack ls/services` list and what `docker stack
//! rm` removes; the reverse (a stack of `docker stack deploy` listed, previewed and removed by
//! the app, nothing left); deploying again updates in place (no duplicates), and `prune`
//! removes a service the file dropped.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tugboat_compose::plan::{StepAction, StepObject, UpEvent};
use tugboat_compose::swarm::DeployTarget;
use tugboat_compose::{load, ComposeLoad, LoadOptions, Source};
use tugboat_engine::compose::up::UpOutcome;
use tugboat_engine::swarm::stack::{StackInput, NAMESPACE};
use tugboat_engine::Engine;
use tugboat_testkit::swarm::SwarmLease;

struct Disk;

impl Source for Disk {
    fn read(&self, path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }
    fn exists(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// A stack's folder with its compose file and a secret file.
struct StackDir {
    name: String,
    dir: tempfile::TempDir,
}

impl StackDir {
    fn new() -> StackDir {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("token.txt"), "s3cret-value").unwrap();
        StackDir {
            name: format!("it-stack-{}", &id[..8]),
            dir,
        }
    }

    fn file(&self) -> PathBuf {
        self.dir.path().join("compose.yaml")
    }

    /// The file: `web` and `api` (or only `web`) of the fixture on the network `back`, `api`
    /// with the secret from token.txt.
    fn write(&self, with_api: bool) {
        let image = fixture_image();
        let mut text = format!(
            "services:\n  web:\n    image: {image}\n    command: [httpd, -f, -p, '8080']\n    networks: [back]\n"
        );
        if with_api {
            text.push_str(&format!(
                "  api:\n    image: {image}\n    command: [httpd, -f, -p, '8081']\n    networks: [back]\n    secrets: [token]\n"
            ));
        }
        text.push_str("networks:\n  back: {}\nsecrets:\n  token:\n    file: ./token.txt\n");
        std::fs::write(self.file(), text).unwrap();
    }

    fn load(&self) -> ComposeLoad {
        let text = std::fs::read_to_string(self.file()).unwrap();
        let options = LoadOptions {
            path: Some(self.file().display().to_string()),
            project_name: Some(self.name.clone()),
            target: DeployTarget::Swarm,
            ..LoadOptions::default()
        };
        let loaded = load(&text, &options, &Disk);
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == tugboat_compose::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "the file loads clean: {errors:?}");
        loaded
    }
}

async fn deploy(engine: &Engine, dir: &StackDir, prune: bool) -> (Vec<UpEvent>, UpOutcome) {
    let loaded = dir.load();
    let model = loaded.model.unwrap();
    let parts = loaded.stack.unwrap();
    let input = StackInput {
        model: &model,
        parts: &parts,
        stack: &dir.name,
        prune,
    };
    let mut events = Vec::new();
    let outcome = engine
        .stack_deploy(
            &input,
            &tokio_util::sync::CancellationToken::new(),
            &mut |e| events.push(e),
        )
        .await
        .unwrap();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    (events, outcome)
}

fn planned(events: &[UpEvent]) -> Vec<(StepObject, String, StepAction)> {
    let Some(UpEvent::Plan { steps, .. }) = events.first() else {
        panic!("the plan comes first: {events:?}");
    };
    steps
        .iter()
        .map(|s| (s.object, s.name.clone(), s.action))
        .collect()
}

fn sorted_lines(cli: &Cli, args: &[&str]) -> Vec<String> {
    let mut lines = cli.lines(args);
    lines.sort();
    lines
}

/// Waits (up to 30 s) until `check` holds, panicking with `what` otherwise.
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let until = Instant::now() + Duration::from_secs(30);
    while !check() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test]
async fn a_stack_deployed_by_the_app_is_the_clis_and_updates_and_prunes_in_place() {
    let lease = SwarmLease::single_node_async().await;
    let cli = lease.cli();
    let engine = Engine::connect(lease.host()).await.unwrap();
    let dir = StackDir::new();
    let stack = dir.name.clone();
    dir.write(true);

    let (events, _) = deploy(&engine, &dir, false).await;
    let web = format!("{stack}_web");
    let api = format!("{stack}_api");
    let back = format!("{stack}_back");
    let token = format!("{stack}_token");
    assert_eq!(
        planned(&events),
        vec![
            (StepObject::Network, back.clone(), StepAction::Create),
            (StepObject::Secret, token.clone(), StepAction::Create),
            (StepObject::Service, api.clone(), StepAction::Create),
            (StepObject::Service, web.clone(), StepAction::Create),
        ]
    );
    let Some(UpEvent::Plan { command, .. }) = events.first() else {
        unreachable!()
    };
    assert_eq!(
        command,
        &format!("docker stack deploy -c {} {stack}", dir.file().display())
    );
    assert!(matches!(events.last(), Some(UpEvent::Done { .. })));

    // The CLI sees the stack, its two services, and its network and secret by label.
    let listed = cli.lines(&["stack", "ls", "--format", "{{.Name}} {{.Services}}"]);
    assert!(listed.contains(&format!("{stack} 2")), "{listed:?}");
    assert_eq!(
        sorted_lines(cli, &["stack", "services", &stack, "--format", "{{.Name}}"]),
        vec![api.clone(), web.clone()]
    );
    let label = format!("label={NAMESPACE}={stack}");
    assert_eq!(
        cli.lines(&[
            "network",
            "ls",
            "--filter",
            &label,
            "--format",
            "{{.Name}} {{.Driver}} {{.Scope}}"
        ]),
        vec![format!("{back} overlay swarm")]
    );
    assert_eq!(
        cli.lines(&["secret", "ls", "--filter", &label, "--format", "{{.Name}}"]),
        vec![token.clone()]
    );
    assert_eq!(
        cli.run(&[
            "service",
            "inspect",
            &web,
            "--format",
            "{{index .Spec.Labels \"com.docker.stack.image\"}}"
        ])
        .trim(),
        fixture_image()
    );
    // Tasks carry the namespace on their containers, so `docker stack ps` finds them.
    eventually("both tasks running", || {
        cli.lines(&[
            "stack",
            "ps",
            &stack,
            "--filter",
            "desired-state=running",
            "--format",
            "{{.CurrentState}}",
        ])
        .iter()
        .filter(|s| s.starts_with("Running"))
        .count()
            == 2
    })
    .await;

    // The app lists it the same way.
    let rows = engine.stack_list().await.unwrap();
    let row = rows
        .iter()
        .find(|r| r.name == stack)
        .expect("the app lists the stack");
    assert_eq!((row.services, row.tasks_desired), (2, 2));

    // Again: an update of both services, nothing new.
    let (events, _) = deploy(&engine, &dir, false).await;
    assert_eq!(
        planned(&events),
        vec![
            (StepObject::Network, back.clone(), StepAction::Keep),
            (StepObject::Secret, token.clone(), StepAction::Keep),
            (StepObject::Service, api.clone(), StepAction::Update),
            (StepObject::Service, web.clone(), StepAction::Update),
        ]
    );
    assert_eq!(
        sorted_lines(
            cli,
            &["service", "ls", "--filter", &label, "--format", "{{.Name}}"]
        ),
        vec![api.clone(), web.clone()]
    );
    assert_eq!(
        cli.lines(&["secret", "ls", "--filter", &label, "-q"]).len(),
        1
    );
    assert_eq!(
        cli.lines(&["network", "ls", "--filter", &label, "-q"])
            .len(),
        1
    );

    // `api` dropped from the file: kept without prune, removed with it.
    dir.write(false);
    let (events, _) = deploy(&engine, &dir, false).await;
    assert!(!planned(&events)
        .iter()
        .any(|(_, _, a)| *a == StepAction::Remove));
    assert_eq!(
        cli.lines(&["service", "ls", "--filter", &label, "-q"])
            .len(),
        2
    );
    let (events, _) = deploy(&engine, &dir, true).await;
    assert!(planned(&events).contains(&(StepObject::Service, api.clone(), StepAction::Remove)));
    assert_eq!(
        cli.lines(&["stack", "services", &stack, "--format", "{{.Name}}"]),
        vec![web.clone()]
    );

    // `docker stack rm` removes it all; the app then lists nothing of it.
    cli.run(&["stack", "rm", &stack]);
    assert!(engine
        .stack_list()
        .await
        .unwrap()
        .iter()
        .all(|r| r.name != stack));
    let mut left = engine.stack_remove_preview(&stack).await.unwrap();
    let until = Instant::now() + Duration::from_secs(30);
    // The CLI removes the network once the tasks have left it; it may lag the services.
    while !left.is_empty() && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(300)).await;
        left = engine.stack_remove_preview(&stack).await.unwrap();
    }
    assert!(left.is_empty(), "left after docker stack rm: {left:?}");
}

#[tokio::test]
async fn a_stack_of_the_cli_is_listed_and_removed_by_the_app_leaving_nothing() {
    let lease = SwarmLease::single_node_async().await;
    let cli = lease.cli();
    let engine = Engine::connect(lease.host()).await.unwrap();
    let dir = StackDir::new();
    let stack = dir.name.clone();
    dir.write(true);
    cli.run(&[
        "stack",
        "deploy",
        "-c",
        &dir.file().display().to_string(),
        &stack,
    ]);

    let rows = engine.stack_list().await.unwrap();
    let row = rows
        .iter()
        .find(|r| r.name == stack)
        .expect("the app lists the CLI's stack");
    assert_eq!(row.services, 2);
    let services: Vec<String> = engine
        .stack_services(&stack)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        services,
        vec![format!("{stack}_api"), format!("{stack}_web")]
    );

    let preview = engine.stack_remove_preview(&stack).await.unwrap();
    assert_eq!(preview.services, services);
    assert_eq!(preview.networks, vec![format!("{stack}_back")]);
    assert_eq!(preview.secrets, vec![format!("{stack}_token")]);
    assert!(preview.configs.is_empty());
    assert_eq!(preview.command, format!("docker stack rm {stack}"));

    let removed = engine.stack_remove(&preview).await.unwrap();
    assert_eq!(removed.services, preview.services);
    assert_eq!(removed.networks, preview.networks);
    assert_eq!(removed.secrets, preview.secrets);

    assert!(
        !cli.lines(&["stack", "ls", "--format", "{{.Name}}"])
            .contains(&stack),
        "docker stack ls still lists {stack}"
    );
    let label = format!("label={NAMESPACE}={stack}");
    assert!(cli
        .lines(&["network", "ls", "--filter", &label, "-q"])
        .is_empty());
    assert!(cli
        .lines(&["secret", "ls", "--filter", &label, "-q"])
        .is_empty());
    assert!(cli
        .lines(&["service", "ls", "--filter", &label, "-q"])
        .is_empty());
}
