//! Learn's built-in lessons, walked against a real engine of their own (a private dockerd, so
//! "finish leaves the engine as it was" compares the whole engine, not a label's share of a
//! busy one). Each lesson is walked twice: with every step done by the app ("Do it for me",
//! the same engine calls the Learn view makes; a step the app cannot do is typed, as the user
//! would) and with every command typed with the docker CLI. Before each step its check must fail (a check never passes early); after it, it must
//! pass at once.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use tugboat_engine::connection::Engine;
use tugboat_lessons::builtin::{builtin_text, BUILTIN};
use tugboat_lessons::command::read_command;
use tugboat_lessons::format::read_lesson_with;
use tugboat_lessons::Check;
use tugboat_lessons::Made;
use tugboat_testkit::swarm::SwarmLease;
use tugboat_testkit::{fixture_image, registry_fixture, Cli, PrivateDaemon};

/// What the engine holds, as the CLI lists it: containers, images, volumes, networks.
pub(crate) fn snapshot(cli: &Cli) -> [BTreeSet<String>; 4] {
    let lines =
        |args: &[&str]| -> BTreeSet<String> { cli.run(args).lines().map(str::to_owned).collect() };
    [
        lines(&[
            "ps",
            "-a",
            "--no-trunc",
            "--format",
            "{{.ID}} {{.Names}} {{.State}}",
        ]),
        lines(&[
            "images",
            "--no-trunc",
            "--format",
            "{{.Repository}}:{{.Tag}} {{.ID}}",
        ]),
        lines(&["volume", "ls", "-q"]),
        lines(&["network", "ls", "--no-trunc", "-q"]),
    ]
}

/// `GET path` on a port of this machine; the body, or why not.
pub fn http_get(port: u16, path: &str) -> Result<String, String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").map_err(|e| e.to_string())?;
    let mut out = String::new();
    s.read_to_string(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Lets traffic through the bridge of a network the lesson made on the private engine. That
/// engine runs without iptables (so it leaves the test engine's rules alone), and this
/// machine's FORWARD policy, set by the test engine, drops bridged packets no rule accepts: a
/// user's own engine, which writes its rules, needs none of this. The rule goes with the guard.
/// `(bridge, network name)`.
pub(crate) struct LetThrough(String, String);

impl LetThrough {
    pub(crate) fn network(cli: &Cli, name: &str) -> LetThrough {
        let id = cli.run(&["network", "inspect", "-f", "{{.Id}}", name]);
        let bridge = format!("br-{}", &id.trim()[..12]);
        let rule = ["DOCKER-USER", "-i", &bridge, "-o", &bridge, "-j", "ACCEPT"];
        let ok = std::process::Command::new("iptables")
            .arg("-I")
            .args(rule)
            .status()
            .unwrap()
            .success();
        assert!(ok, "iptables -I {}", rule.join(" "));
        LetThrough(bridge, name.to_owned())
    }

    /// For each network the lesson makes that exists now and is not let through yet.
    pub(crate) fn new_networks(
        cli: &Cli,
        lesson: &tugboat_lessons::Lesson,
        through: &mut Vec<LetThrough>,
    ) {
        let here: BTreeSet<String> = cli
            .run(&["network", "ls", "--format", "{{.Name}}"])
            .lines()
            .map(str::to_owned)
            .collect();
        for name in lesson.makes.networks.intersection(&here) {
            if !through.iter().any(|t| t.1 == *name) {
                through.push(LetThrough::network(cli, name));
            }
        }
    }
}

impl Drop for LetThrough {
    fn drop(&mut self) {
        let b = &self.0;
        let _ = std::process::Command::new("iptables")
            .args(["-D", "DOCKER-USER", "-i", b, "-o", b, "-j", "ACCEPT"])
            .status();
    }
}

/// The steps whose commands fail as the lesson says they will, with what the app shows then
/// (`(lesson, step index, printed text)`): the limits lesson's memory hog, which the OOM killer
/// ends (exit 137, having printed nothing), and the networks lesson's ping from the default
/// network, whose name lookup has no answer there.
pub(crate) const EXPECTED_FAILURES: &[(&str, usize, &str)] =
    &[("limits", 2, "(nothing)"), ("networks", 5, "bad address")];

async fn walk(host: &str, id: &str, typed: bool) {
    let cli = Cli::new(host);
    let engine = Engine::connect(host).await.unwrap();
    let lesson = read_lesson_with(builtin_text(id).unwrap(), Some(&fixture_image())).unwrap();
    let before = snapshot(&cli);
    // Nothing the lesson makes is here before it starts, but a swarm's task bridge left by an
    // earlier swarm, which the lesson keeps (as Start records it).
    let kept = engine.lesson_present(&lesson.makes).await.unwrap();
    assert!(
        kept.networks.iter().all(|n| n == "docker_gwbridge")
            && Made {
                networks: Default::default(),
                ..kept.clone()
            }
            .is_empty(),
        "{id}: nothing the lesson makes is here before it starts: {kept:?}"
    );
    // The lesson's folder, written as Start writes it; its builds run there.
    let folder = std::env::temp_dir().join(format!(
        "tugboat-lesson-{id}-{}-{typed}",
        std::process::id()
    ));
    tugboat_lessons::folder::write_files(&folder, &lesson.files).unwrap();
    let mut through = Vec::new();
    for (n, step) in lesson.steps.iter().enumerate() {
        let checked = !matches!(step.check, Check::Look);
        if checked {
            let early = step
                .check
                .verdict(&engine.lesson_facts(&step.check.asks()).await.unwrap());
            assert!(
                !early.passed,
                "{id} step {}: `{}` passed before its command ran: {}",
                n + 1,
                step.command,
                early.seen
            );
        }
        let expected = EXPECTED_FAILURES
            .iter()
            .find(|(l, i, _)| *l == id && *i == n)
            .map(|(_, _, says)| *says);
        let expect_failure = expected.is_some();
        // A step the app cannot do (it needs a terminal, or a flag the app does not run) is
        // typed in both walks, as the user would.
        let action = read_command(&step.command).unwrap();
        let failed = if typed || step.terminal_only.is_some() {
            match type_it(host, &folder, &step.command) {
                Ok(()) => false,
                Err(e) => {
                    assert!(expect_failure, "{id} step {}: {e}", n + 1);
                    true
                }
            }
        } else {
            let printed = engine
                .lesson_do(&action, Some(&folder))
                .await
                .unwrap_or_else(|e| panic!("{id} step {}: {e}", n + 1));
            match expected {
                Some("(nothing)") => assert_eq!(printed.text, "", "{id} step {}", n + 1),
                Some(says) => assert!(
                    printed.text.contains(says),
                    "{id} step {}: {}",
                    n + 1,
                    printed.text
                ),
                None => {}
            }
            printed.failed
        };
        assert_eq!(
            failed,
            expect_failure,
            "{id} step {}: `{}`",
            n + 1,
            step.command
        );
        if checked {
            // A swarm converges after it answers: its service checks are given time to.
            let converges = matches!(step.check, Check::Service { .. });
            let mut now = step
                .check
                .verdict(&engine.lesson_facts(&step.check.asks()).await.unwrap());
            let mut waited = 0;
            while converges && !now.passed && waited < 60 {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                waited += 1;
                now = step
                    .check
                    .verdict(&engine.lesson_facts(&step.check.asks()).await.unwrap());
            }
            assert!(
                now.passed,
                "{id} step {}: `{}` ran but its check says: {}",
                n + 1,
                step.command,
                now.seen
            );
        }
        LetThrough::new_networks(&cli, &lesson, &mut through);
        if id == "ports" && step.command.contains("-p 8080:80") {
            // What the step tells the user to open.
            let id_short = cli.run(&["inspect", "-f", "{{.Config.Hostname}}", "learn-web"]);
            let page = http_get(8080, "/hostname").unwrap();
            assert!(page.contains(id_short.trim()), "{page}");
        }
    }
    drop(through);
    assert!(
        tugboat_lessons::folder::remove_files(&folder, &lesson.files).is_empty(),
        "{id}: the lesson's files are as it wrote them"
    );
    assert!(!folder.exists(), "{id}: finish leaves no folder behind");
    let mut present = engine.lesson_present(&lesson.makes).await.unwrap();
    present.networks.retain(|n| !kept.networks.contains(n));
    let finished = engine.lesson_finish(&present).await;
    assert!(finished.refused.is_empty(), "{id}: {:?}", finished.refused);
    assert_eq!(finished.removed, present);
    assert_eq!(
        snapshot(&cli),
        before,
        "{id}: finish leaves the engine as it was"
    );
}

/// Types a lesson's command as the user would, in the lesson's folder: at a terminal when it
/// joins the keyboard to a process, a build with BuildKit, anything else with the CLI.
/// Err: what the command printed when it failed.
pub(crate) fn type_it(host: &str, folder: &std::path::Path, command: &str) -> Result<(), String> {
    let action = read_command(command).unwrap();
    if at_keyboard(&action) {
        typed_at_a_terminal(host, command);
        Ok(())
    } else if matches!(action, tugboat_lessons::Action::Build { .. }) {
        typed_build(host, folder, command);
        Ok(())
    } else if command.starts_with("docker compose ") {
        // These machines have Compose v1 (`docker-compose`), which takes the same words.
        let words = shell_words::split(command).unwrap();
        let out = std::process::Command::new("docker-compose")
            .args(&words[2..])
            .current_dir(folder)
            .env("DOCKER_HOST", host)
            .output()
            .unwrap();
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    } else {
        let words = shell_words::split(command).unwrap();
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        Cli::new(host).try_run(&args).map(drop)
    }
}

/// A command that joins the user's keyboard to a process (`run -it`, `exec -it`, `attach`).
fn at_keyboard(action: &tugboat_lessons::Action) -> bool {
    use tugboat_lessons::Action;
    match action {
        Action::Run { form, .. } => form.interactive || form.tty,
        Action::Exec { interactive, .. } => *interactive,
        Action::Attach { .. } => true,
        _ => false,
    }
}

/// Types `command` in a terminal as the lesson asks: it runs under `script`, which gives it a
/// pseudo-terminal as a user's would have, and once the shell it reaches is up, Enter (to see
/// a prompt) and `exit`.
fn typed_at_a_terminal(host: &str, command: &str) {
    let mut child = std::process::Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .env("DOCKER_HOST", host)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux)");
    let mut keys = child.stdin.take().unwrap();
    std::thread::sleep(std::time::Duration::from_secs(2));
    keys.write_all(b"\n").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    keys.write_all(b"exit\n").unwrap();
    // Held open until the shell has read `exit`: script ends the session when its input ends.
    let out = child.wait_with_output().unwrap();
    drop(keys);
    assert!(
        out.status.success(),
        "`{command}` at a terminal: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `docker build` typed in the lesson's folder. With the 20.10 CLI and BuildKit on, as a
/// user's CLI with buildx builds: the 28.x CLI here has no buildx plugin and would fall back
/// to the classic builder, which keeps a multi-stage build's first stage as an untagged image.
fn typed_build(host: &str, folder: &std::path::Path, command: &str) {
    let words = shell_words::split(command).unwrap();
    let out = std::process::Command::new("/usr/bin/docker")
        .args(&words[1..])
        .current_dir(folder)
        .env("DOCKER_HOST", host)
        .env("DOCKER_BUILDKIT", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`{command}` in {}: {}",
        folder.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A private engine with what the built-in lessons run: the fixture image, and the test
/// engine's stand-in for `registry:2` under that name (the registries lesson runs it, as a
/// user's engine would pull it; these machines can't).
pub(crate) fn lesson_engine() -> PrivateDaemon {
    let daemon = PrivateDaemon::start();
    daemon.load_fixture();
    daemon.load_image(&registry_fixture());
    daemon
        .cli()
        .run(&["tag", &registry_fixture(), "registry:2"]);
    daemon
}

/// Every built-in lesson in turn on one engine of its own.
async fn walk_all(typed: bool) {
    // The ports lesson publishes the tutorial's 8080 and the registries lesson 5000, which
    // other tests publish too.
    let _ports = crate::TUTORIAL_PORTS.lock().await;
    // Leased for the whole walk, so no swarm test runs beside the lessons' builds, floods and
    // networks (see e2e_lessons.rs).
    let lease = SwarmLease::plain_async().await;
    let daemon = lesson_engine();
    for (id, _) in BUILTIN {
        if *id == SWARM_LESSON {
            // Its own engine: two swarms on one machine would both want the docker_gwbridge
            // interface. The swarm test engine, leased plain, is left plain again.
            walk(lease.host(), id, typed).await;
            assert_eq!(lease.state(), "inactive");
        } else {
            walk(&daemon.host(), id, typed).await;
        }
    }
}

/// The lesson that makes the engine a swarm.
pub(crate) const SWARM_LESSON: &str = "swarm";

// One test for both walks: each holds the tutorial's ports throughout, so a second test would
// only wait for them, holding a test thread idle.
#[tokio::test]
async fn every_builtin_lesson_done_by_the_app_and_typed_with_the_cli_checks_each_step_and_finish_restores_the_engine(
) {
    walk_all(false).await;
    walk_all(true).await;
}
