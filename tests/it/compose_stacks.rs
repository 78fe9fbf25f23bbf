//! Compose stacks against the real engine and Debian's docker-compose 1.29.2: a stack started
//! by the CLI is listed with its services, files and state (and follows a CLI stop); down's
//! preview is exactly the project's objects and down removes just those (another project, an
//! external network and an unlabelled volume stay); start / stop / restart of a service and of
//! the stack; scale 1 → 3 → 1 as `docker-compose ps` sees it.

use crate::support::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use tugboat_engine::compose::actions::ServiceAction;
use tugboat_engine::compose::down::{DownImages, DownOptions};
use tugboat_engine::compose::projects::ComposeProject;
use tugboat_engine::containers::ContainerState;
use tugboat_engine::Engine;

/// A service command that stops at once on SIGTERM (as PID 1 a shell without a trap ignores it,
/// and every stop would wait the full grace period).
pub(crate) const IDLE: &str = r#"["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]"#;

/// A compose project in a folder of its own, driven by docker-compose; `down -v` when dropped.
pub(crate) struct CliStack {
    pub dir: tempfile::TempDir,
    pub project: String,
    host: String,
}

impl CliStack {
    /// Writes `docker-compose.yml` (`{image}` and `{label}` filled in) into a new folder.
    pub fn new(test: &str, labels: &Labelled, yaml: &str) -> CliStack {
        let dir = tempfile::tempdir().unwrap();
        let id = uuid::Uuid::new_v4().simple().to_string();
        let project = format!("tugboat-it-{test}-{}", &id[..8]);
        let text = yaml
            .replace("{image}", &fixture_image())
            .replace("{label}", &labels.value)
            .replace("{idle}", IDLE);
        std::fs::write(dir.path().join("docker-compose.yml"), text).unwrap();
        CliStack {
            dir,
            project,
            host: labels.cli.host.clone(),
        }
    }

    /// The folder as the CLI records it (symlinks resolved).
    pub fn folder(&self) -> PathBuf {
        std::fs::canonicalize(self.dir.path()).unwrap()
    }

    pub fn file(&self) -> String {
        self.folder()
            .join("docker-compose.yml")
            .display()
            .to_string()
    }

    pub fn try_compose(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new("docker-compose")
            .arg("-p")
            .arg(&self.project)
            .args(args)
            .current_dir(self.dir.path())
            .env("DOCKER_HOST", &self.host)
            .output()
            .map_err(|e| format!("cannot run docker-compose: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }

    /// `docker-compose -p <project> <args>` in the folder; panics with stderr on failure.
    pub fn compose(&self, args: &[&str]) -> String {
        self.try_compose(args)
            .unwrap_or_else(|e| panic!("docker-compose {} failed: {e}", args.join(" ")))
    }

    /// Container ids `docker-compose ps -q [service]` lists.
    pub fn ps(&self, service: Option<&str>) -> Vec<String> {
        let mut args = vec!["ps", "-q"];
        args.extend(service);
        self.compose(&args)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for CliStack {
    fn drop(&mut self) {
        let _ = self.try_compose(&["down", "-v", "--remove-orphans", "-t", "1"]);
    }
}

pub(crate) const TWO_SERVICES: &str = r#"
services:
  web:
    image: {image}
    command: {idle}
    labels:
      dev.tugboat.test: "{label}"
    volumes:
      - data:/data
  worker:
    image: {image}
    command: {idle}
    depends_on: [web]
    labels:
      dev.tugboat.test: "{label}"
volumes:
  data:
    labels:
      dev.tugboat.test: "{label}"
"#;

pub(crate) async fn project(engine: &Engine, name: &str) -> Option<ComposeProject> {
    engine
        .compose_projects()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
}

fn states(p: &ComposeProject, service: &str) -> Vec<ContainerState> {
    p.services
        .iter()
        .find(|s| s.name == service)
        .map(|s| s.containers.iter().map(|c| c.state).collect())
        .unwrap_or_default()
}

/// Waits until every container of `service` is in `state` (and there is at least one).
pub(crate) async fn all_in(engine: &Engine, name: &str, service: &str, state: ContainerState) {
    eventually(
        Duration::from_secs(30),
        &format!("{service} of {name} is {state:?}"),
        || async {
            let p = project(engine, name).await?;
            let s = states(&p, service);
            (!s.is_empty() && s.iter().all(|x| *x == state)).then_some(())
        },
    )
    .await
}

#[tokio::test]
async fn a_cli_stack_is_listed_with_its_services_files_and_state() {
    let (_, _cli, labels, engine) = TestEngine::start().await.into_parts();
    let stack = CliStack::new("projects", &labels, TWO_SERVICES);
    stack.compose(&["up", "-d"]);

    let p = project(&engine, &stack.project).await.expect("listed");
    let services: Vec<&str> = p.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(services, ["web", "worker"]);
    assert_eq!(p.config_files, [stack.file()]);
    assert_eq!(
        p.working_dir.as_deref(),
        Some(stack.folder().to_str().unwrap())
    );
    assert_eq!((p.running, p.total, p.one_off), (2, 2, 0));
    let web = &p.services[0].containers[0];
    assert_eq!(web.number, 1);
    assert_eq!(web.name, format!("{}_web_1", stack.project));
    assert_eq!(p.networks.len(), 1, "{:?}", p.networks);
    assert_eq!(p.networks[0].name, format!("{}_default", stack.project));
    assert_eq!(p.networks[0].key.as_deref(), Some("default"));
    assert_eq!(p.volumes.len(), 1);
    assert_eq!(p.volumes[0].name, format!("{}_data", stack.project));

    stack.compose(&["stop", "-t", "5", "worker"]);
    all_in(&engine, &stack.project, "worker", ContainerState::Exited).await;
    let p = project(&engine, &stack.project).await.unwrap();
    assert_eq!((p.running, p.total), (1, 2));
    assert_eq!(states(&p, "web"), [ContainerState::Running]);

    // A one-off container (`run`) is counted apart, not as a replica.
    stack.compose(&["run", "-d", "worker"]);
    let p = project(&engine, &stack.project).await.unwrap();
    assert_eq!(p.one_off, 1);
    assert_eq!(p.total, 2);
}

fn names(cli: &Cli, args: &[&str]) -> BTreeSet<String> {
    cli.lines(args).into_iter().collect()
}

#[tokio::test]
async fn down_with_volumes_removes_exactly_the_projects_objects() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let external = unique("compose-ext");
    cli.run(&[
        "network",
        "create",
        "--label",
        &labels.label_arg(),
        &external,
    ]);
    let _external_gone = NetworkGone(cli.clone(), external.clone());
    let with_external = format!(
        "{TWO_SERVICES}\nnetworks:\n  default:\n    name: {external}\n    external: true\n  back: {{}}\n"
    )
    .replace(
        "    depends_on: [web]\n",
        "    depends_on: [web]\n    networks: [default, back]\n",
    );
    let a = CliStack::new("down-a", &labels, &with_external);
    let b = CliStack::new("down-b", &labels, TWO_SERVICES);
    a.compose(&["up", "-d"]);
    b.compose(&["up", "-d"]);
    let loose = unique("compose-loose");
    labels.volume(&loose);

    let plan = engine
        .compose_down_preview(
            &a.project,
            DownOptions {
                volumes: true,
                images: DownImages::None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        plan.command,
        format!("docker compose -p {} down -v", a.project)
    );
    let listed = |v: Vec<String>| v.into_iter().collect::<BTreeSet<_>>();
    let filter = format!("label=com.docker.compose.project={}", a.project);
    assert_eq!(
        listed(plan.containers.iter().map(|c| c.id.clone()).collect()),
        names(&cli, &["ps", "-aq", "--no-trunc", "--filter", &filter])
    );
    assert_eq!(plan.containers.len(), 2);
    assert_eq!(
        listed(plan.networks.iter().map(|n| n.name.clone()).collect()),
        BTreeSet::from([format!("{}_back", a.project)]),
        "the external network is not the project's"
    );
    assert_eq!(
        listed(plan.volumes.iter().map(|v| v.name.clone()).collect()),
        BTreeSet::from([format!("{}_data", a.project)])
    );
    assert!(plan.images.is_empty());

    let b_before = (
        names(
            &cli,
            &[
                "ps",
                "-aq",
                "--filter",
                &format!("label=com.docker.compose.project={}", b.project),
            ],
        ),
        names(
            &cli,
            &[
                "volume",
                "ls",
                "-q",
                "--filter",
                &format!("label=com.docker.compose.project={}", b.project),
            ],
        ),
    );
    let outcome = engine.compose_down(&plan).await.unwrap();
    assert!(
        outcome.steps.iter().all(|s| s.error.is_none()),
        "{:?}",
        outcome.steps
    );
    assert_eq!(outcome.steps.len(), 4, "{:?}", outcome.steps);

    assert!(names(&cli, &["ps", "-aq", "--filter", &filter]).is_empty());
    assert!(names(&cli, &["network", "ls", "-q", "--filter", &filter]).is_empty());
    assert!(names(&cli, &["volume", "ls", "-q", "--filter", &filter]).is_empty());
    assert!(project(&engine, &a.project).await.is_none());
    // What was not listed is still there.
    cli.run(&["network", "inspect", &external]);
    cli.run(&["volume", "inspect", &loose]);
    let b_after = (
        names(
            &cli,
            &[
                "ps",
                "-aq",
                "--filter",
                &format!("label=com.docker.compose.project={}", b.project),
            ],
        ),
        names(
            &cli,
            &[
                "volume",
                "ls",
                "-q",
                "--filter",
                &format!("label=com.docker.compose.project={}", b.project),
            ],
        ),
    );
    assert_eq!(b_before, b_after);
    assert_eq!(b_after.0.len(), 2);
    assert_eq!(b.ps(None).len(), 2);
}

/// Removes a network when dropped.
struct NetworkGone(Cli, String);
impl Drop for NetworkGone {
    fn drop(&mut self) {
        let _ = self.0.try_run(&["network", "rm", &self.1]);
    }
}

fn running_ids(cli: &Cli, ids: &[String]) -> usize {
    ids.iter()
        .filter(|id| cli.run(&["inspect", "-f", "{{.State.Running}}", id]) == "true")
        .count()
}

#[tokio::test]
async fn start_stop_restart_a_service_and_the_stack() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let stack = CliStack::new("actions", &labels, TWO_SERVICES);
    stack.compose(&["up", "-d"]);
    let web = stack.ps(Some("web"));
    let worker = stack.ps(Some("worker"));

    let out = engine
        .compose_service_action(&stack.project, Some("worker"), ServiceAction::Stop)
        .await
        .unwrap();
    assert_eq!(
        out.command,
        format!("docker compose -p {} stop worker", stack.project)
    );
    assert!(!out.failed(), "{:?}", out.steps);
    assert_eq!(running_ids(&cli, &worker), 0);
    assert_eq!(running_ids(&cli, &web), 1, "only the service named stops");

    let started_at = |id: &str| cli.run(&["inspect", "-f", "{{.State.StartedAt}}", id]);
    let before = started_at(&web[0]);
    let out = engine
        .compose_service_action(&stack.project, Some("web"), ServiceAction::Restart)
        .await
        .unwrap();
    assert!(!out.failed(), "{:?}", out.steps);
    assert_ne!(started_at(&web[0]), before, "web was restarted");
    assert_eq!(running_ids(&cli, &worker), 0);

    let out = engine
        .compose_service_action(&stack.project, None, ServiceAction::Stop)
        .await
        .unwrap();
    assert_eq!(
        out.command,
        format!("docker compose -p {} stop", stack.project)
    );
    assert_eq!(out.steps.len(), 2);
    assert_eq!(
        running_ids(&cli, &[web.clone(), worker.clone()].concat()),
        0
    );

    let out = engine
        .compose_service_action(&stack.project, None, ServiceAction::Start)
        .await
        .unwrap();
    assert!(!out.failed(), "{:?}", out.steps);
    assert_eq!(running_ids(&cli, &[web, worker].concat()), 2);

    let err = engine
        .compose_service_action(&stack.project, Some("nope"), ServiceAction::Start)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("`web`, `worker`"), "{err}");
}

#[tokio::test]
async fn scale_one_to_three_to_one_as_the_cli_sees_it() {
    let (_, cli, labels, engine) = TestEngine::start().await.into_parts();
    let stack = CliStack::new("scale", &labels, TWO_SERVICES);
    stack.compose(&["up", "-d"]);
    let first = stack.ps(Some("web"));
    assert_eq!(first.len(), 1);

    let out = engine
        .compose_service_action(
            &stack.project,
            Some("web"),
            ServiceAction::Scale { replicas: 3 },
        )
        .await
        .unwrap();
    assert!(!out.failed(), "{:?}", out.steps);
    let created: Vec<&str> = out.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        created,
        [
            format!("{}_web_2", stack.project),
            format!("{}_web_3", stack.project)
        ]
    );
    let three = stack.ps(Some("web"));
    assert_eq!(
        three.len(),
        3,
        "docker-compose ps sees three web containers"
    );
    assert_eq!(running_ids(&cli, &three), 3);
    let copy = format!("{}_web_3", stack.project);
    assert_eq!(
        cli.run(&[
            "inspect",
            "-f",
            "{{index .Config.Labels \"com.docker.compose.container-number\"}}",
            &copy
        ]),
        "3"
    );
    // The copy has the service's settings: its volume, and the service name as an alias.
    assert_eq!(
        cli.run(&["inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", &copy]),
        format!("{}_data", stack.project)
    );
    let aliases = cli.run(&[
        "inspect",
        "-f",
        "{{range .NetworkSettings.Networks}}{{range .Aliases}}{{.}} {{end}}{{end}}",
        &copy,
    ]);
    assert!(aliases.split_whitespace().any(|a| a == "web"), "{aliases}");

    let out = engine
        .compose_service_action(
            &stack.project,
            Some("web"),
            ServiceAction::Scale { replicas: 1 },
        )
        .await
        .unwrap();
    assert!(!out.failed(), "{:?}", out.steps);
    assert_eq!(stack.ps(Some("web")), first, "the highest numbers went");
    assert_eq!(stack.ps(Some("worker")).len(), 1);

    // A service with no container cannot be copied.
    stack.compose(&["rm", "-sf", "worker"]);
    let err = engine
        .compose_service_action(
            &stack.project,
            Some("worker"),
            ServiceAction::Scale { replicas: 2 },
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("worker"), "{err}");
}
