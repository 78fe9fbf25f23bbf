//! `docker compose up -d` through the engine crate against the real engine: a web + db stack
//! comes up in dependency order (db healthy before web is even created), the web port answers,
//! the labels are the ones docker-compose reads (its `ps` lists the stack), an unchanged up
//! keeps everything, a changed service alone is recreated; `service_completed_successfully`
//! and a failing healthcheck each end as compose ends them.

use crate::support::*;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;
use tugboat_compose::plan::{StepAction, UpEvent, UpOptions, UpStepState};
use tugboat_engine::compose::up::{UpInput, UpOutcome};
use tugboat_engine::Engine;

/// A compose project in a temporary folder, taken down (`docker-compose down -v`) when
/// dropped, pass or fail.
pub(crate) struct Project {
    pub name: String,
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new(what: &str) -> Project {
        let id = uuid::Uuid::new_v4().simple().to_string();
        Project {
            name: format!("tugboat-it-{what}-{}", &id[..8]),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// `<tmp>/<project name>/compose.yaml`: the folder carries the project's name, so the app
    /// (and docker-compose 1.29.2, which has no `name:` key) name the project as the tests do.
    pub fn file(&self) -> PathBuf {
        self.dir.path().join(&self.name).join("compose.yaml")
    }

    pub fn write(&self, text: &str) {
        let file = self.file();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    /// `docker-compose -p <name> -f <file> …`, its stdout; panics with stderr on failure.
    pub fn compose_cli(&self, args: &[&str]) -> String {
        let file = self.file();
        let out = Command::new("docker-compose")
            .arg("-p")
            .arg(&self.name)
            .arg("-f")
            .arg(&file)
            .args(args)
            .env("DOCKER_HOST", test_host())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "docker-compose {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = Command::new("docker-compose")
            .arg("-p")
            .arg(&self.name)
            .arg("-f")
            .arg(self.file())
            .args(["down", "-v", "--timeout", "1"])
            .env("DOCKER_HOST", test_host())
            .output();
    }
}

/// The model of the project's file as the editor would load it.
pub(crate) fn model_of(project: &Project) -> tugboat_compose::model::ComposeModel {
    let text = std::fs::read_to_string(project.file()).unwrap();
    let loaded = crate::compose_support::load(&text, &project.file(), Some(&project.name));
    loaded
        .model
        .unwrap_or_else(|| panic!("the file loads: {:?}", loaded.diagnostics))
}

/// Runs an up to its end; every event, and the outcome.
pub(crate) async fn up(
    engine: &Engine,
    project: &Project,
    options: UpOptions,
) -> (Vec<UpEvent>, UpOutcome) {
    let model = model_of(project);
    let input = UpInput {
        model: &model,
        options: &options,
        env_files: &[],
        profiles: &[],
        logins: None,
    };
    let mut events = Vec::new();
    let outcome = engine
        .compose_up(
            &input,
            &tokio_util::sync::CancellationToken::new(),
            &mut |e| events.push(e),
        )
        .await
        .unwrap();
    (events, outcome)
}

fn inspect(cli: &Cli, name: &str, format: &str) -> String {
    cli.run(&["inspect", "-f", format, name])
}

/// The planned action of each container step, by container name.
fn planned(events: &[UpEvent]) -> HashMap<String, StepAction> {
    events
        .iter()
        .find_map(|e| match e {
            UpEvent::Plan { steps, .. } => Some(steps),
            _ => None,
        })
        .unwrap()
        .iter()
        .filter(|s| s.id.starts_with("container:"))
        .map(|s| (s.name.clone(), s.action))
        .collect()
}

/// Where the first event about step `id` in state `state` is in the list.
fn position(events: &[UpEvent], id: &str, state: UpStepState) -> usize {
    events
        .iter()
        .position(|e| matches!(e, UpEvent::Step { id: i, state: s, .. } if i == id && *s == state))
        .unwrap_or_else(|| panic!("no {state:?} event for {id}: {events:#?}"))
}

pub(crate) fn http_get(port: u16) -> Option<String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    s.write_all(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    Some(body)
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// web (httpd, published on `port`) waits for db to be healthy; db turns healthy after a
/// few seconds. `env` is web's one variable.
pub(crate) fn web_and_db(port: u16, env: &str) -> String {
    let image = fixture_image();
    format!(
        r#"services:
  db:
    image: {image}
    command: ["sh", "-c", "sleep 3; touch /ready; exec sleep 300"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "test -f /ready"]
      interval: 1s
      timeout: 2s
      retries: 30
  web:
    image: {image}
    command: ["sh", "-c", "mkdir -p /www && echo hello from web > /www/index.html && exec httpd -f -p 80 -h /www"]
    stop_grace_period: 1s
    environment:
      GREETING: {env}
    ports:
      - "127.0.0.1:{port}:80"
    depends_on:
      db:
        condition: service_healthy
"#
    )
}

/// The first passing health check of a container, as the engine timed it (RFC 3339).
fn first_healthy_at(cli: &Cli, name: &str) -> String {
    let log = inspect(
        cli,
        name,
        "{{range .State.Health.Log}}{{.ExitCode}} {{.End}}\n{{end}}",
    );
    log.lines()
        .find_map(|l| l.strip_prefix("0 "))
        .unwrap_or_else(|| panic!("{name} never passed a health check: {log}"))
        .to_owned()
}

/// A time as `docker inspect` prints it: RFC 3339 for the top-level fields, Go's own format
/// (`2026-11-30 21:36:02.03 +0000 UTC`) inside the health log.
fn time(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    let text = text.trim();
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| {
            chrono::DateTime::parse_from_str(
                text.trim_end_matches(" UTC"),
                "%Y-%m-%d %H:%M:%S%.f %z",
            )
        })
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[tokio::test]
async fn web_and_db_come_up_in_order_and_only_a_changed_service_is_recreated() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let project = Project::new("up");
    let port = free_port();
    project.write(&web_and_db(port, "one"));
    let db = format!("{}-db-1", project.name);
    let web = format!("{}-web-1", project.name);

    let (events, outcome) = up(&engine, &project, UpOptions::default()).await;
    assert!(
        outcome.failures.is_empty(),
        "{:?}; db's health check {}: {}",
        outcome.failures,
        cli.try_run(&["inspect", "-f", "{{json .Config.Healthcheck}}", &db])
            .unwrap_or_default(),
        cli.try_run(&["inspect", "-f", "{{json .State.Health}}", &db])
            .unwrap_or_default()
    );
    assert!(matches!(events.last(), Some(UpEvent::Done { .. })));
    assert_eq!(
        planned(&events),
        HashMap::from([
            (db.clone(), StepAction::Create),
            (web.clone(), StepAction::Create)
        ])
    );
    // The network first, db done before web waits, web made only after the wait.
    let db_step = format!("container:{db}");
    let web_step = format!("container:{web}");
    let net = position(
        &events,
        &format!("network:{}_default", project.name),
        UpStepState::Done,
    );
    assert!(net < position(&events, &db_step, UpStepState::Working));
    let db_done = position(&events, &db_step, UpStepState::Done);
    let web_waits = position(&events, &web_step, UpStepState::Waiting);
    let web_works = position(&events, &web_step, UpStepState::Working);
    assert!(db_done < web_waits && web_waits < web_works, "{events:#?}");
    match &events[web_waits] {
        UpEvent::Step { detail, .. } => {
            assert_eq!(detail.as_deref(), Some("waiting for db: healthy"))
        }
        other => panic!("{other:?}"),
    }
    // On the engine's own clock: db passed its health check before web was created.
    let healthy = time(&first_healthy_at(&cli, &db));
    let web_created = time(&inspect(&cli, &web, "{{.Created}}"));
    assert!(
        healthy <= web_created,
        "db healthy at {healthy}, web created at {web_created}"
    );

    let page = eventually(Duration::from_secs(20), "the web port answers", || async {
        http_get(port).filter(|b| b.contains("hello from web"))
    })
    .await;
    assert!(page.starts_with("HTTP/1."), "{page}");

    // The labels docker-compose reads: its ps lists both services as Up.
    let ps = project.compose_cli(&["ps"]);
    for name in [&db, &web] {
        let line = ps
            .lines()
            .find(|l| l.starts_with(name.as_str()))
            .unwrap_or_else(|| panic!("docker-compose ps lists {name}:\n{ps}"));
        assert!(line.contains(" Up"), "{line}");
    }
    assert_eq!(
        inspect(
            &cli,
            &web,
            "{{index .Config.Labels \"com.docker.compose.oneoff\"}}"
        ),
        "False"
    );
    assert_eq!(
        inspect(
            &cli,
            &web,
            "{{index .Config.Labels \"com.docker.compose.container-number\"}}"
        ),
        "1"
    );
    assert_eq!(
        inspect(
            &cli,
            &web,
            "{{index .Config.Labels \"com.docker.compose.project.config_files\"}}"
        ),
        project.file().display().to_string()
    );
    // db is reached by its service name on the project's network.
    let looked_up = cli.run(&["exec", &web, "nslookup", "db"]);
    assert!(looked_up.contains("Address"), "{looked_up}");

    // Nothing changed: everything is kept.
    let db_id = inspect(&cli, &db, "{{.Id}}");
    let web_id = inspect(&cli, &web, "{{.Id}}");
    let (events, outcome) = up(&engine, &project, UpOptions::default()).await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(
        planned(&events),
        HashMap::from([
            (db.clone(), StepAction::Keep),
            (web.clone(), StepAction::Keep)
        ])
    );
    assert_eq!(inspect(&cli, &web, "{{.Id}}"), web_id);

    // web's environment changes: web alone is recreated; db is the same container.
    project.write(&web_and_db(port, "two"));
    let (events, outcome) = up(&engine, &project, UpOptions::default()).await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(
        planned(&events),
        HashMap::from([
            (db.clone(), StepAction::Keep),
            (web.clone(), StepAction::Recreate)
        ])
    );
    assert_eq!(inspect(&cli, &db, "{{.Id}}"), db_id);
    let new_web = inspect(&cli, &web, "{{.Id}}");
    assert_ne!(new_web, web_id);
    let env = inspect(&cli, &web, "{{json .Config.Env}}");
    assert!(env.contains("GREETING=two"), "{env}");
    assert!(
        cli.try_run(&["inspect", &web_id]).is_err(),
        "the old web container is gone"
    );
    eventually(Duration::from_secs(20), "the new web answers", || async {
        http_get(port).filter(|b| b.contains("hello from web"))
    })
    .await;
}

#[tokio::test]
async fn a_one_shot_service_must_complete_successfully_first() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let image = fixture_image();
    let file = |code: u8| {
        format!(
            r#"services:
  init:
    image: {image}
    command: ["sh", "-c", "sleep 1; echo seeded; exit {code}"]
  app:
    image: {image}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    depends_on:
      init:
        condition: service_completed_successfully
"#
        )
    };
    let good = Project::new("init-ok");
    good.write(&file(0));
    let (events, outcome) = up(&engine, &good, UpOptions::default()).await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    let app = format!("{}-app-1", good.name);
    let init = format!("{}-init-1", good.name);
    assert_eq!(
        inspect(&cli, &init, "{{.State.Status}} {{.State.ExitCode}}"),
        "exited 0"
    );
    assert_eq!(inspect(&cli, &app, "{{.State.Status}}"), "running");
    let init_finished = time(&inspect(&cli, &init, "{{.State.FinishedAt}}"));
    let app_created = time(&inspect(&cli, &app, "{{.Created}}"));
    assert!(
        init_finished <= app_created,
        "init ended {init_finished}, app made {app_created}"
    );
    assert!(matches!(events.last(), Some(UpEvent::Done { .. })));

    let bad = Project::new("init-bad");
    bad.write(&file(3));
    let (events, outcome) = up(&engine, &bad, UpOptions::default()).await;
    let app = format!("{}-app-1", bad.name);
    assert_eq!(outcome.failures.len(), 1, "{:?}", outcome.failures);
    let (step, message) = &outcome.failures[0];
    assert_eq!(step, &format!("container:{app}"));
    assert!(
        message.contains("init did not complete successfully: it exited with code 3"),
        "{message}"
    );
    assert!(matches!(events.last(), Some(UpEvent::Failed { .. })));
    assert!(
        cli.try_run(&["inspect", &app]).is_err(),
        "app was never created"
    );
}

#[tokio::test]
async fn an_unhealthy_dependency_fails_what_waits_for_it_with_its_last_check() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let image = fixture_image();
    let project = Project::new("unhealthy");
    project.write(&format!(
        r#"services:
  db:
    image: {image}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "echo db is not ready; exit 1"]
      interval: 1s
      timeout: 2s
      retries: 2
  web:
    image: {image}
    command: ["sleep", "300"]
    depends_on:
      db:
        condition: service_healthy
  other:
    image: {image}
    command: ["sleep", "300"]
    stop_grace_period: 1s
"#
    ));
    let (events, outcome) = up(&engine, &project, UpOptions::default()).await;
    let web = format!("{}-web-1", project.name);
    assert_eq!(outcome.failures.len(), 1, "{:?}", outcome.failures);
    let message = &outcome.failures[0].1;
    assert!(message.contains("db is unhealthy"), "{message}");
    assert!(
        message.contains("db is not ready"),
        "its last check's output: {message}"
    );
    match events.last() {
        Some(UpEvent::Failed { step_id, .. }) => {
            assert_eq!(
                step_id.as_deref(),
                Some(format!("container:{web}").as_str())
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(
        cli.try_run(&["inspect", &web]).is_err(),
        "web was never created"
    );
    // A service that needs nothing failed still comes up.
    let other = format!("{}-other-1", project.name);
    assert_eq!(inspect(&cli, &other, "{{.State.Status}}"), "running");
}

#[tokio::test]
async fn a_cancelled_up_stops_before_the_next_step_and_says_so() {
    let (_, cli, _labels, engine) = TestEngine::start().await.into_parts();
    let project = Project::new("cancel");
    project.write(&web_and_db(free_port(), "one"));
    let model = model_of(&project);
    let options = UpOptions::default();
    let input = UpInput {
        model: &model,
        options: &options,
        env_files: &[],
        profiles: &[],
        logins: None,
    };
    let cancel = tokio_util::sync::CancellationToken::new();
    cancel.cancel();
    let mut events = Vec::new();
    let outcome = engine
        .compose_up(&input, &cancel, &mut |e| events.push(e))
        .await
        .unwrap();
    assert!(outcome.cancelled);
    assert!(matches!(events.first(), Some(UpEvent::Plan { .. })));
    assert!(
        matches!(events.last(), Some(UpEvent::Cancelled { .. })),
        "{events:#?}"
    );
    let filter = format!("label=com.docker.compose.project={}", project.name);
    assert_eq!(cli.run(&["ps", "-aq", "--filter", &filter]), "");
    assert_eq!(cli.run(&["network", "ls", "-q", "--filter", &filter]), "");
}
